import { webcrypto } from 'node:crypto';

import { toBase64Url } from './encoding';
import { SealingError } from './errors';
import {
  checkOpeningKey,
  decodeOpeningPublicKey,
  generateOpeningKeyPair,
  importOpeningPrivateKey,
  openingKeyId,
  openingPrivateJwkJson,
} from './opening-keys';
import { p256Ecdh, p256PublicKey, randomBytes, sha256 } from './primitives';

const subtle = webcrypto.subtle;
const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const;

describe('opening keys', () => {
  it('generates a pair whose key id is base64url(SHA-256(raw public key))', () => {
    const pair = generateOpeningKeyPair();
    const raw = decodeOpeningPublicKey(pair.publicKey);
    expect(raw).toHaveLength(65);
    expect(raw[0]).toBe(0x04);
    expect(pair.keyId).toBe(toBase64Url(sha256(raw)));
    expect(pair.keyId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pair.privateJwk.kid).toBe(pair.keyId);
    expect(generateOpeningKeyPair().keyId).not.toBe(pair.keyId);
  });

  it('imports its own private JWK, also from its canonical JSON file text', () => {
    const pair = generateOpeningKeyPair();
    const text = openingPrivateJwkJson(pair.privateJwk);
    expect(text.startsWith('{"crv":"P-256","d":')).toBe(true);
    const key = importOpeningPrivateKey(JSON.parse(text));
    expect(key.keyId).toBe(pair.keyId);
    expect(toBase64Url(key.publicKey)).toBe(pair.publicKey);
    expect(p256PublicKey(key.scalar)).toEqual(key.publicKey);
  });

  it('refuses inconsistent or malformed private JWKs', () => {
    const { privateJwk } = generateOpeningKeyPair();
    const other = generateOpeningKeyPair().privateJwk;
    const zero = toBase64Url(new Uint8Array(32));
    const cases: unknown[] = [
      { ...privateJwk, kid: other.kid },
      { ...privateJwk, x: other.x },
      { ...privateJwk, y: other.y },
      { ...privateJwk, d: other.d },
      { ...privateJwk, d: zero },
      { ...privateJwk, kid: undefined },
      { ...privateJwk, crv: 'P-384' },
      { ...privateJwk, kty: 'OKP' },
      { ...privateJwk, d: `${privateJwk.d}=` },
      null,
      'jwk',
    ];
    for (const jwk of cases) {
      expect(() => importOpeningPrivateKey(jwk)).toThrow(
        expect.objectContaining({ reason: 'INVALID_PRIVATE_KEY' }) as SealingError,
      );
    }
  });

  it('checks a key offered for registration: the point and the key id', () => {
    const { keyId, publicKey } = generateOpeningKeyPair();
    expect(checkOpeningKey({ organisation: 'AgencyAMSP', keyId, publicKey })).toEqual({
      ok: true,
      value: { organisation: 'AgencyAMSP', keyId, publicKey },
    });
    const raw = decodeOpeningPublicKey(publicKey);
    const offCurve = raw.slice();
    offCurve[64]! ^= 1;
    expect(
      checkOpeningKey({ organisation: 'AgencyAMSP', keyId, publicKey: toBase64Url(offCurve) }),
    ).toMatchObject({
      ok: false,
      reason: 'INVALID_PUBLIC_KEY',
    });
    expect(
      checkOpeningKey({ organisation: 'AgencyAMSP', keyId: generateOpeningKeyPair().keyId, publicKey }),
    ).toMatchObject({ ok: false, reason: 'INVALID_PUBLIC_KEY' });
    expect(checkOpeningKey({ organisation: 'Agency|A', keyId, publicKey })).toMatchObject({
      ok: false,
      reason: 'INVALID_ARGUMENT',
    });
    expect(() => decodeOpeningPublicKey(toBase64Url(offCurve))).toThrow(SealingError);
  });
});

describe('opening keys interoperate with WebCrypto (the portal and any browser)', () => {
  it('WebCrypto imports our raw public key and our private JWK, and derives the same secret', async () => {
    const pair = generateOpeningKeyPair();
    const publicKey = await subtle.importKey('raw', decodeOpeningPublicKey(pair.publicKey), ECDH, true, []);
    const privateKey = await subtle.importKey('jwk', pair.privateJwk, ECDH, false, ['deriveBits']);
    const peer = randomBytes(32);
    const peerPublic = await subtle.importKey('raw', p256PublicKey(peer), ECDH, false, []);
    const theirs = new Uint8Array(
      await subtle.deriveBits({ name: 'ECDH', public: peerPublic }, privateKey, 256),
    );
    const ours = p256Ecdh(importOpeningPrivateKey(pair.privateJwk).scalar, p256PublicKey(peer));
    expect(theirs).toEqual(ours);
    expect(toBase64Url(new Uint8Array(await subtle.exportKey('raw', publicKey)))).toBe(pair.publicKey);
  });

  it('we import a WebCrypto-generated key pair (JWK export plus kid)', async () => {
    const generated = await subtle.generateKey(ECDH, true, ['deriveBits']);
    const raw = new Uint8Array(await subtle.exportKey('raw', generated.publicKey));
    const jwk = await subtle.exportKey('jwk', generated.privateKey);
    const key = importOpeningPrivateKey({ ...jwk, kid: openingKeyId(raw) });
    expect(key.publicKey).toEqual(raw);
  });
});
