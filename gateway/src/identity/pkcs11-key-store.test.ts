import { execFileSync } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as x509 from '@peculiar/x509';

import { type SoftHsmToken, createSoftHsmToken } from '../testing/softhsm';

interface Seen {
  key: unknown;
  csr: string;
  messages: string[];
  signatures: string[];
  discarded: string;
  wrongPin: string;
  unknownToken: string;
}

const ROOT = path.resolve(__dirname, '..', '..', '..');

describe('the PKCS#11 key store on a SoftHSM2 token', () => {
  let token: SoftHsmToken;
  let seen: Seen;

  beforeAll(() => {
    token = createSoftHsmToken();
    const out = execFileSync(
      path.join(ROOT, 'node_modules', '.bin', 'tsx'),
      [path.join(__dirname, '..', 'testing', 'pkcs11-exercise.ts'), token.library, token.label, token.pin],
      { env: { ...process.env, SOFTHSM2_CONF: token.conf }, cwd: ROOT, timeout: 60_000 },
    );
    seen = JSON.parse(out.toString()) as Seen;
  }, 90_000);

  afterAll(() => {
    token.remove();
  });

  it('generates the key pair in the token and signs the CSR there; the key never leaves it', async () => {
    expect(seen.key).toEqual({ hsmKeyId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(seen.csr).not.toMatch(/PRIVATE KEY/);
    const request = new x509.Pkcs10CertificateRequest(seen.csr);
    expect(request.subject).toBe('CN=pw-officer');
    expect(await request.verify()).toBe(true);
  });

  it('signs digests through the HSM signer, concurrently, with signatures the CSR’s public key verifies', () => {
    const publicKey = createPublicKey({
      key: Buffer.from(new x509.Pkcs10CertificateRequest(seen.csr).publicKey.rawData),
      format: 'der',
      type: 'spki',
    });
    expect(seen.signatures).toHaveLength(8);
    seen.signatures.forEach((signature, i) => {
      expect(
        verify('sha256', Buffer.from(seen.messages[i] ?? ''), publicKey, Buffer.from(signature, 'base64')),
      ).toBe(true);
    });
    expect(
      verify('sha256', Buffer.from('another'), publicKey, Buffer.from(seen.signatures[0] ?? '', 'base64')),
    ).toBe(false);
  });

  it('when a key is discarded, then it cannot sign any more', () => {
    expect(seen.discarded).toMatch(/Unable to find object in HSM/);
  });

  it('when the PIN is wrong or the token unknown, then the store refuses at once with a clear message', () => {
    expect(seen.wrongPin).toMatch(/wrong PKCS11_PIN/);
    expect(seen.unknownToken).toMatch(/no PKCS#11 token labelled 'no-such'/);
  });
});
