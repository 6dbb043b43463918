/**
 * Known-answer tests of every primitive the sealing core uses, through the wrappers it calls, so a
 * library swap or upgrade that changes behaviour fails here. Each vector is a published one; Node's
 * own crypto cross-checks the same computations on random inputs.
 */
import { createCipheriv, createECDH, hkdfSync } from 'node:crypto';

import { keyCommitment } from './commitment';
import {
  aesGcmDecrypt,
  aesGcmEncrypt,
  hkdfSha256,
  p256Ecdh,
  p256EcdhToOpeningKey,
  p256IsValidPrivateKey,
  p256IsValidPublicKey,
  p256PublicKey,
  randomBytes,
  sha256,
  shamirCombine,
  shamirSplit,
  utf8ToBytes,
} from './primitives';

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('SHA-256 (FIPS 180-2 examples)', () => {
  it('hashes "abc"', () => {
    expect(toHex(sha256(utf8ToBytes('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('hashes the empty string, and hashes parts as their concatenation', () => {
    expect(toHex(sha256())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256(utf8ToBytes('a'), utf8ToBytes('bc'))).toEqual(sha256(utf8ToBytes('abc')));
  });

  it('commits to a key as SHA-256("bid-key" ‖ K)', () => {
    const key = randomBytes(32);
    expect(keyCommitment(key)).toEqual(sha256(Buffer.concat([Buffer.from('bid-key', 'ascii'), key])));
  });
});

describe('HKDF-SHA-256 (RFC 5869)', () => {
  it('gives the OKM of test case 1', () => {
    const okm = hkdfSha256(
      hex('0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b'),
      hex('000102030405060708090a0b0c'),
      hex('f0f1f2f3f4f5f6f7f8f9'),
      42,
    );
    expect(toHex(okm)).toBe(
      '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865',
    );
  });

  it('gives the OKM of test case 3 (empty salt and info, as the share wrap uses an empty salt)', () => {
    const okm = hkdfSha256(
      hex('0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b'),
      new Uint8Array(0),
      new Uint8Array(0),
      42,
    );
    expect(toHex(okm)).toBe(
      '8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8',
    );
  });

  it('agrees with Node on random inputs', () => {
    const [ikm, salt, info] = [randomBytes(32), randomBytes(16), randomBytes(40)];
    expect(hkdfSha256(ikm, salt, info, 32)).toEqual(new Uint8Array(hkdfSync('sha256', ikm, salt, info, 32)));
  });
});

describe('AES-256-GCM (McGrew–Viega test cases, as in NIST GCM validation)', () => {
  it('test case 14: zero key, zero IV, one zero block', () => {
    const out = aesGcmEncrypt(new Uint8Array(32), new Uint8Array(12), new Uint8Array(16), new Uint8Array(0));
    expect(toHex(out)).toBe('cea7403d4d606b6e074ec5d3baf39d18' + 'd0d1c8a799996bf0265b98b5d48ab919');
  });

  it('test case 16: key, IV, associated data and a 60-byte plaintext', () => {
    const key = hex('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308');
    const iv = hex('cafebabefacedbaddecaf888');
    const plaintext = hex(`d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72
      1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39`);
    const aad = hex('feedfacedeadbeeffeedfacedeadbeefabaddad2');
    const expected =
      `522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa
      8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662` + '76fc6ece0f4e1768cddf8853bb2d551b';
    const ciphertext = aesGcmEncrypt(key, iv, plaintext, aad);
    expect(toHex(ciphertext)).toBe(toHex(hex(expected)));
    expect(aesGcmDecrypt(key, iv, ciphertext, aad)).toEqual(plaintext);
  });

  it('refuses a flipped bit, other associated data, another key', () => {
    const [key, iv] = [randomBytes(32), randomBytes(12)];
    const aad = utf8ToBytes('T|B|V');
    const ciphertext = aesGcmEncrypt(key, iv, utf8ToBytes('bid'), aad);
    const flipped = ciphertext.slice();
    flipped[0]! ^= 1;
    expect(aesGcmDecrypt(key, iv, flipped, aad)).toBeUndefined();
    expect(aesGcmDecrypt(key, iv, ciphertext, utf8ToBytes('T|B|W'))).toBeUndefined();
    expect(aesGcmDecrypt(randomBytes(32), iv, ciphertext, aad)).toBeUndefined();
    expect(aesGcmDecrypt(key, iv, ciphertext.subarray(0, 10), aad)).toBeUndefined();
  });

  it('agrees with Node (ciphertext ‖ tag, the WebCrypto layout)', () => {
    const [key, iv, plaintext, aad] = [randomBytes(32), randomBytes(12), randomBytes(100), randomBytes(20)];
    const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad);
    const expected = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    expect(aesGcmEncrypt(key, iv, plaintext, aad)).toEqual(new Uint8Array(expected));
  });
});

describe('P-256 ECDH (NIST CAVS ECC CDH primitive, P-256 COUNT = 0)', () => {
  const peerPublic = hex(
    '04' +
      '700c48f77f56584c5cc632ca65640db91b6bacce3a4df6b42ce7cc838833d287' +
      'db71e509e3fd9b060ddb20ba5c51dcc5948d46fbf640dfe0441782cab85fa4ac',
  );
  const privateKey = hex('7d7dc5f71eb29ddaf80d6214632eeae03d9058af1fb6d22ed80badb62bc1a534');

  it('derives the public key and the shared X coordinate Z', () => {
    expect(toHex(p256PublicKey(privateKey))).toBe(
      '04' +
        'ead218590119e8876b29146ff89ca61770c4edbbf97d38ce385ed281d8a6b230' +
        '28af61281fd35e2fa7002523acc85a429cb06ee6648325389f59edfce1405141',
    );
    expect(toHex(p256Ecdh(privateKey, peerPublic))).toBe(
      '46fc62106420ff012e54a434fbdd2d25ccc5852060561e68040dd7778997bd7b',
    );
  });

  it('agrees with Node on random keys', () => {
    const node = createECDH('prime256v1');
    node.generateKeys();
    const ours = randomBytes(32);
    const shared = node.computeSecret(p256PublicKey(ours));
    expect(p256Ecdh(ours, node.getPublicKey())).toEqual(new Uint8Array(shared));
  });

  it('the sealing side (an opening key with a precomputed table) gives the same Z: the test vector, Node, and keys used again past the cache', () => {
    expect(toHex(p256EcdhToOpeningKey(privateKey, peerPublic))).toBe(
      '46fc62106420ff012e54a434fbdd2d25ccc5852060561e68040dd7778997bd7b',
    );
    const openers = Array.from({ length: 70 }, () => {
      const node = createECDH('prime256v1');
      node.generateKeys();
      return node;
    });
    for (const round of [1, 2]) {
      for (const node of openers) {
        const ephemeral = randomBytes(32);
        const z = p256EcdhToOpeningKey(ephemeral, node.getPublicKey());
        expect({ round, z: toHex(z) }).toEqual({
          round,
          z: node.computeSecret(p256PublicKey(ephemeral)).toString('hex'),
        });
      }
    }
  });

  it('validates keys: points off the curve, compressed points, zero scalars', () => {
    expect(p256IsValidPublicKey(peerPublic)).toBe(true);
    const offCurve = peerPublic.slice();
    offCurve[64]! ^= 1;
    expect(p256IsValidPublicKey(offCurve)).toBe(false);
    expect(p256IsValidPublicKey(peerPublic.subarray(0, 33))).toBe(false);
    expect(p256IsValidPrivateKey(privateKey)).toBe(true);
    expect(p256IsValidPrivateKey(new Uint8Array(32))).toBe(false);
    expect(p256IsValidPrivateKey(new Uint8Array(32).fill(0xff))).toBe(false);
  });
});

describe("Shamir's secret sharing over GF(2^8) (AES field, x^8 + x^4 + x^3 + x + 1)", () => {
  // Degree-1 polynomials worked by hand: y = s + a·x, with 2·0x80 = 0x1b after reduction.
  it.each([
    ['s = 0x42, a = 0x01', [0x43, 0x01], [0x40, 0x02], 0x42],
    ['s = 0x00, a = 0x80 (reduction)', [0x80, 0x01], [0x1b, 0x02], 0x00],
  ])('recombines hand-computed shares: %s', async (_what, one, two, secret) => {
    expect(await shamirCombine([Uint8Array.from(one), Uint8Array.from(two)])).toEqual(Uint8Array.of(secret));
  });

  it('splits into 33-byte shares (32 y-bytes, then a distinct non-zero x) that any t recombine', async () => {
    const secret = randomBytes(32);
    const shares = await shamirSplit(secret, 4, 3);
    expect(shares.map((share) => share.length)).toEqual([33, 33, 33, 33]);
    expect(new Set(shares.map((share) => share[32])).size).toBe(4);
    expect(shares.every((share) => share[32] !== 0)).toBe(true);
    for (const skip of [0, 1, 2, 3]) {
      expect(await shamirCombine(shares.filter((_, i) => i !== skip))).toEqual(secret);
    }
  });
});
