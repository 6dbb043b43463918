import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import * as x509 from '@peculiar/x509';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';

import { FakeCertificateAuthority, type FakeCaServer, startFakeCaServer } from '../testing/fake-ca';
import { FabricCaClient, signLowS } from './ca-client';
import { createKeyAndCsr, readCertificate } from './csr';
import { IdentityService } from './service';
import { TokenService, loadTokenSecret } from './tokens';
import { Wallet, hashPassword, verifyPassword } from './wallet';

describe('CSR and certificates', () => {
  it('makes an ECDSA P-256 key and a CSR for the username', async () => {
    const { privateKey, csr } = await createKeyAndCsr('vendor-acme');
    expect(privateKey).toContain('BEGIN PRIVATE KEY');
    const request = new x509.Pkcs10CertificateRequest(csr);
    expect(request.subject).toBe('CN=vendor-acme');
    expect(await request.verify()).toBe(true);
    expect((request.publicKey.algorithm as { namedCurve?: string }).namedCurve).toBe('P-256');
  });

  it("reads role and vendorId from Fabric CA's attribute extension", async () => {
    const ca = new FakeCertificateAuthority();
    const { csr } = await createKeyAndCsr('vendor-acme');
    const pem = await ca.issue('vendor-acme', csr, {
      role: 'vendor',
      vendorId: 'ACME',
      'hf.EnrollmentID': 'vendor-acme',
    });
    expect(readCertificate(pem)).toMatchObject({
      commonName: 'vendor-acme',
      attrs: { role: 'vendor', vendorId: 'ACME', 'hf.EnrollmentID': 'vendor-acme' },
    });
  });

  it('signs with a low S, DER encoded', async () => {
    const { privateKey } = await createKeyAndCsr('x');
    const half = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551') / 2n;
    for (let i = 0; i < 20; i += 1) {
      const der = signLowS(privateKey, Buffer.from(`payload ${i}`));
      expect(der[0]).toBe(0x30);
      const rLength = der[3]!;
      const sLength = der[5 + rLength]!;
      const s = BigInt(`0x${der.subarray(6 + rLength, 6 + rLength + sLength).toString('hex')}`);
      expect(s <= half).toBe(true);
    }
  });
});

describe('the Fabric CA REST client, against a local HTTPS fake CA', () => {
  let ca: FakeCertificateAuthority;
  let server: FakeCaServer;
  const client = new FabricCaClient({ timeoutMs: 5000 });

  beforeAll(async () => {
    ca = new FakeCertificateAuthority({
      'vendor-acme': { secret: 'acme-pw', attrs: { role: 'vendor', vendorId: 'ACME' } },
      registrar: { secret: 'registrar-pw', attrs: { role: 'registrar' }, registrar: true },
    });
    server = await startFakeCaServer(ca);
  });

  afterAll(async () => {
    await server.close();
  });

  it('when the secret is right, then enrolment returns the certificate for our CSR, over verified TLS', async () => {
    const { csr } = await createKeyAndCsr('vendor-acme');
    const pem = await client.enroll(server.endpoint, 'vendor-acme', 'acme-pw', csr);
    expect(readCertificate(pem).attrs).toEqual({ role: 'vendor', vendorId: 'ACME' });
    expect(server.requests.at(-1)?.body).toMatchObject({ caname: 'ca-fake' });
  });

  it('when the secret is wrong, then UNAUTHENTICATED', async () => {
    const { csr } = await createKeyAndCsr('vendor-acme');
    await expect(client.enroll(server.endpoint, 'vendor-acme', 'nope', csr)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });

  it('when the CA certificate does not match, then the TLS check fails: LEDGER_UNAVAILABLE', async () => {
    const other = new FakeCertificateAuthority();
    const dir = mkdtempSync(path.join(tmpdir(), 'other-ca-'));
    const wrongRoot = path.join(dir, 'ca.pem');
    writeFileSync(wrongRoot, await other.certificatePem());
    const { csr } = await createKeyAndCsr('vendor-acme');
    await expect(
      client.enroll({ ...server.endpoint, tlsCACertPath: wrongRoot }, 'vendor-acme', 'acme-pw', csr),
    ).rejects.toMatchObject({ code: 'LEDGER_UNAVAILABLE' });
    rmSync(dir, { recursive: true, force: true });
  });

  it('when the registrar registers a vendor, then the request carries a valid Fabric CA token and the vendor can enrol', async () => {
    const { csr, privateKey } = await createKeyAndCsr('registrar');
    const certificate = await client.enroll(server.endpoint, 'registrar', 'registrar-pw', csr);
    await client.register(
      server.endpoint,
      { certificate, privateKey },
      {
        id: 'vendor-delta',
        secret: 'delta-pw',
        type: 'client',
        attrs: [
          { name: 'role', value: 'vendor', ecert: true },
          { name: 'vendorId', value: 'DELTA', ecert: true },
        ],
      },
    );
    const { csr: deltaCsr } = await createKeyAndCsr('vendor-delta');
    const pem = await client.enroll(server.endpoint, 'vendor-delta', 'delta-pw', deltaCsr);
    expect(readCertificate(pem).attrs).toEqual({ role: 'vendor', vendorId: 'DELTA' });
  });

  it('when the user exists already, then CONFLICT', async () => {
    const { csr, privateKey } = await createKeyAndCsr('registrar');
    const certificate = await client.enroll(server.endpoint, 'registrar', 'registrar-pw', csr);
    await expect(
      client.register(
        server.endpoint,
        { certificate, privateKey },
        { id: 'vendor-acme', secret: 's', type: 'client', attrs: [] },
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('when the signature is not the registrar’s, then the CA refuses', async () => {
    const { csr } = await createKeyAndCsr('registrar');
    const certificate = await client.enroll(server.endpoint, 'registrar', 'registrar-pw', csr);
    const { privateKey: wrongKey } = await createKeyAndCsr('mallory');
    await expect(
      client.register(
        server.endpoint,
        { certificate, privateKey: wrongKey },
        { id: 'x1', secret: 's', type: 'client', attrs: [] },
      ),
    ).rejects.toMatchObject({ code: 'NOT_AUTHORISED' });
  });

  it('when the CA is down, then LEDGER_UNAVAILABLE', async () => {
    const { csr } = await createKeyAndCsr('vendor-acme');
    await expect(
      client.enroll({ ...server.endpoint, url: 'https://127.0.0.1:1' }, 'vendor-acme', 'acme-pw', csr),
    ).rejects.toMatchObject({ code: 'LEDGER_UNAVAILABLE' });
  });
});

describe('login and the wallet', () => {
  let dir: string;
  let ca: FakeCertificateAuthority;
  let now: number;
  let service: IdentityService;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wallet-test-'));
    now = Date.now();
    ca = new FakeCertificateAuthority({ 'pw-officer': { secret: 'right', attrs: { role: 'officer' } } });
    service = new IdentityService({
      organisations: [
        { mspId: 'PublicWorksMSP', ca: { url: 'https://x', caName: 'c', tlsCACertPath: '/x' } },
      ],
      wallet: new Wallet(path.join(dir, 'wallet'), randomBytes(32)),
      tokens: new TokenService({ secret: Buffer.alloc(32, 1), ttlSeconds: 600, now: () => now }),
      ca,
      passwordRecheckSeconds: 900,
      now: () => now,
    });
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('when a user logs in the first time, then they are enrolled and the wallet file is private', async () => {
    const result = await service.login('PublicWorksMSP', 'pw-officer', 'right');
    expect(result.identity).toEqual({ mspId: 'PublicWorksMSP', username: 'pw-officer', role: 'officer' });
    expect(ca.enrolments).toBe(1);
    const file = path.join(dir, 'wallet', 'PublicWorksMSP', 'pw-officer.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dir, 'wallet')).mode & 0o777).toBe(0o700);
    const stored = readFileSync(file, 'utf8');
    expect(stored).not.toContain('"right"');
    expect(await service.credentials(result.identity)).toMatchObject({
      certificate: expect.stringContaining('BEGIN CERTIFICATE'),
    });
  });

  it('when the user logs in again soon, then the stored hash is enough; a wrong password is refused', async () => {
    await service.login('PublicWorksMSP', 'pw-officer', 'right');
    await service.login('PublicWorksMSP', 'pw-officer', 'right');
    expect(ca.enrolments).toBe(1);
    await expect(service.login('PublicWorksMSP', 'pw-officer', 'wrong')).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });

  it('when the stored verification is older than the recheck period, then the CA is asked again and a revoked secret fails, changing nothing', async () => {
    await service.login('PublicWorksMSP', 'pw-officer', 'right');
    const file = path.join(dir, 'wallet', 'PublicWorksMSP', 'pw-officer.json');
    const before = readFileSync(file, 'utf8');
    now += 901_000;
    ca.users.set('pw-officer', { secret: 'changed', attrs: { role: 'officer' } });
    await expect(service.login('PublicWorksMSP', 'pw-officer', 'right')).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    // the refusal wrote nothing, and the stale hash is not enough: the old password keeps going to the CA
    expect(readFileSync(file, 'utf8')).toBe(before);
    await expect(service.login('PublicWorksMSP', 'pw-officer', 'right')).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(ca.attempts).toHaveLength(3);
    expect((await service.login('PublicWorksMSP', 'pw-officer', 'changed')).identity.role).toBe('officer');
    expect(readFileSync(file, 'utf8')).not.toBe(before);
  });

  it('when a vendor user is registered, then its secret enrols once (with the user’s own password): later logins use the stored hash, and nobody enrols with the secret again', async () => {
    ca.users.set('registrar', { secret: 'r', attrs: { role: 'registrar' }, registrar: true });
    service = new IdentityService({
      organisations: [{ mspId: 'SuppliersMSP', ca: { url: 'https://x', caName: 'c', tlsCACertPath: '/x' } }],
      wallet: new Wallet(path.join(dir, 'wallet'), randomBytes(32)),
      tokens: new TokenService({ secret: Buffer.alloc(32, 1), ttlSeconds: 600, now: () => now }),
      ca,
      passwordRecheckSeconds: 900,
      now: () => now,
    });
    const registrar = (await service.login('SuppliersMSP', 'registrar', 'r')).identity;
    await service.registerVendorUser(registrar, { username: 'v1', password: 'one-time', vendorId: 'V1' });
    expect(ca.users.get('v1')?.maxEnrollments).toBe(1);
    const own = 'a password of my own';
    expect((await service.login('SuppliersMSP', 'v1', 'one-time', 'a', own)).identity.vendorId).toBe('V1');
    now += 901_000;
    expect((await service.login('SuppliersMSP', 'v1', own)).identity.vendorId).toBe('V1');
    // The registrar knows the secret, but the CA issues no second certificate with it.
    const { csr } = await createKeyAndCsr('v1');
    await expect(
      ca.enroll({ url: '', caName: 'c', tlsCACertPath: '' }, 'v1', 'one-time', csr),
    ).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    // Removal (an onboarding undone) leaves no CA user; only a registrar may remove.
    await expect(
      service.removeVendorUser({ ...registrar, username: 'v1', role: 'vendor' }, 'registrar'),
    ).rejects.toMatchObject({ code: 'NOT_AUTHORISED' });
    expect(ca.users.has('registrar')).toBe(true);
    await service.removeVendorUser(registrar, 'v1');
    expect(ca.users.has('v1')).toBe(false);
  });

  it('when the user has never logged in, then signing has no credentials: UNAUTHENTICATED', async () => {
    await expect(
      service.credentials({ mspId: 'PublicWorksMSP', username: 'pw-officer', role: 'officer' }),
    ).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });

  it('refuses unsafe usernames without touching the file system', async () => {
    await expect(service.login('PublicWorksMSP', '../etc', 'x')).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });

  it('hashes passwords with a salt', async () => {
    const a = await hashPassword('pw');
    expect(a).not.toBe(await hashPassword('pw'));
    expect(await verifyPassword('pw', a)).toBe(true);
    expect(await verifyPassword('px', a)).toBe(false);
    expect(await verifyPassword('pw', 'md5$x$y')).toBe(false);
  });
});

describe('token secret', () => {
  it('is made once, kept 0600 under the state folder, and reused', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'secret-test-'));
    const first = await loadTokenSecret(dir);
    expect(first.length).toBe(32);
    expect(statSync(path.join(dir, 'token-secret')).mode & 0o777).toBe(0o600);
    expect(Buffer.from(await loadTokenSecret(dir)).equals(Buffer.from(first))).toBe(true);
    expect(new TextDecoder().decode(await loadTokenSecret(dir, 'x'.repeat(40)))).toBe('x'.repeat(40));
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a short secret', () => {
    expect(() => new TokenService({ secret: Buffer.alloc(8), ttlSeconds: 60 })).toThrow('32 bytes');
  });
});
