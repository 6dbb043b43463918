/**
 * "Two keys opening one ciphertext": AES-GCM is not key-committing. Whoever chooses two keys can
 * build one ciphertext whose tag verifies under both (an "invisible salamander"), so a cheating sealer
 * could make a bid open to one price or another depending on which shares are combined. The key
 * commitment SHA-256("bid-key" ‖ K) closes that: only the committed key is ever used to decrypt.
 *
 * The attack needs GF(2^128) arithmetic, written here in the test only (NIST SP 800-38D, Algorithm 1)
 * to build the forged ciphertext; the sealing code itself uses none of it.
 */
import { createCipheriv } from 'node:crypto';

import { bidAad } from './aad';
import { keyCommitment } from './commitment';
import { toBase64Url } from './encoding';
import { decryptShare } from './decrypt-share';
import { SEALING_ALGORITHMS, ENVELOPE_VERSION } from './constants';
import type { SealedBidEnvelope } from './envelope';
import { openEnvelope } from './open';
import { generateOpeningKeyPair, importOpeningPrivateKey } from './opening-keys';
import { padPlaintext } from './padding';
import { aesGcmDecrypt, aesGcmEncrypt, randomBytes, shamirSplit, utf8ToBytes } from './primitives';
import { wrapShare } from './share-wrap';

const MASK = (1n << 128n) - 1n;
const R = 0xe1n << 120n;

/** Multiplication in GCM's GF(2^128) (bit-reflected, SP 800-38D Algorithm 1). */
function gfMul(x: bigint, y: bigint): bigint {
  let z = 0n;
  let v = y;
  for (let i = 127n; i >= 0n; i--) {
    if ((x >> i) & 1n) z ^= v;
    v = v & 1n ? (v >> 1n) ^ R : v >> 1n;
  }
  return z & MASK;
}

/** Inverse by Fermat: a^(2^128 − 2). */
function gfInv(a: bigint): bigint {
  let result = 1n << 127n; // the field's 1 (bit-reflected)
  let base = a;
  for (let e = (1n << 128n) - 2n; e > 0n; e >>= 1n) {
    if (e & 1n) result = gfMul(result, base);
    base = gfMul(base, base);
  }
  return result;
}

const toInt = (bytes: Uint8Array): bigint => BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
const toBlock = (value: bigint): Uint8Array =>
  Uint8Array.from(Buffer.from(value.toString(16).padStart(32, '0'), 'hex'));

function aesBlock(key: Uint8Array, block: Uint8Array): bigint {
  const cipher = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
  return toInt(Buffer.concat([cipher.update(block), cipher.final()]));
}

function blocks(bytes: Uint8Array): bigint[] {
  const out: bigint[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const block = new Uint8Array(16);
    block.set(bytes.subarray(i, i + 16));
    out.push(toInt(block));
  }
  return out;
}

/** GHASH over (A, C) with the length block, as Σ X_i · H^(m−i+1). */
function ghash(h: bigint, aad: Uint8Array, ciphertext: Uint8Array): bigint {
  const lengths = (BigInt(aad.length * 8) << 64n) | BigInt(ciphertext.length * 8);
  let y = 0n;
  for (const x of [...blocks(aad), ...blocks(ciphertext), lengths]) y = gfMul(y ^ x, h);
  return y;
}

function gfPow(base: bigint, exponent: number): bigint {
  let result = 1n << 127n;
  for (let i = 0; i < exponent; i++) result = gfMul(result, base);
  return result;
}

/**
 * A ciphertext and tag that AES-256-GCM accepts under both k1 and k2: the encryption of `plaintext`
 * under k1 with its first block replaced by the one value that makes both tags equal. Under k1 it
 * decrypts to `plaintext` except for that first block.
 */
function forgeTwoKeyCiphertext(
  k1: Uint8Array,
  k2: Uint8Array,
  iv: Uint8Array,
  aad: Uint8Array,
  plaintext: Uint8Array,
): Uint8Array {
  const j0 = new Uint8Array(16);
  j0.set(iv);
  j0[15] = 1;
  const [h1, h2] = [aesBlock(k1, new Uint8Array(16)), aesBlock(k2, new Uint8Array(16))];
  const ciphertext = aesGcmEncrypt(k1, iv, plaintext, aad).slice(0, plaintext.length);
  ciphertext.fill(0, 0, 16);
  // With the first block c free: tag_k = E_k(J0) ⊕ GHASH_k(c = 0) ⊕ c · H_k^e, e = blocks after it + 1.
  const e = ciphertext.length / 16 + 1;
  const known = aesBlock(k1, j0) ^ aesBlock(k2, j0) ^ ghash(h1, aad, ciphertext) ^ ghash(h2, aad, ciphertext);
  ciphertext.set(toBlock(gfMul(known, gfInv(gfPow(h1, e) ^ gfPow(h2, e)))), 0);
  const tag = aesBlock(k1, j0) ^ ghash(h1, aad, ciphertext);
  const out = new Uint8Array(ciphertext.length + 16);
  out.set(ciphertext);
  out.set(toBlock(tag), ciphertext.length);
  return out;
}

describe('key commitment: two keys opening one ciphertext', () => {
  const context = { tenderId: 'tender-1', bidId: 'bid-7', vendorId: 'vendor.acme' };
  const openers = ['AgencyAMSP', 'AgencyBMSP', 'AuditMSP', 'SuppliersMSP'].map((organisation) => {
    const pair = generateOpeningKeyPair();
    return {
      registered: { organisation, keyId: pair.keyId, publicKey: pair.publicKey },
      privateKey: importOpeningPrivateKey(pair.privateJwk),
    };
  });

  it('the GF(2^128) helper is GCM’s: its GHASH gives the tag AES-GCM computes', () => {
    const [key, iv, aad] = [randomBytes(32), randomBytes(12), randomBytes(20)];
    const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad);
    const ciphertext = Buffer.concat([cipher.update(randomBytes(40)), cipher.final()]);
    const j0 = new Uint8Array(16);
    j0.set(iv);
    j0[15] = 1;
    const tag = aesBlock(key, j0) ^ ghash(aesBlock(key, new Uint8Array(16)), aad, ciphertext);
    expect(toBlock(tag)).toEqual(new Uint8Array(cipher.getAuthTag()));
    const a = toInt(randomBytes(16));
    expect(gfMul(a, gfInv(a))).toBe(1n << 127n);
  });

  it('a forged ciphertext decrypts under both keys, yet only the committed key opens the envelope', async () => {
    const [k1, k2, iv] = [randomBytes(32), randomBytes(32), randomBytes(12)];
    const aad = bidAad(context);
    const bid = utf8ToBytes(`${'-'.repeat(16)}{"price":{"amount":"100","currency":"EUR"}}`);
    const forged = forgeTwoKeyCiphertext(k1, k2, iv, aad, padPlaintext(bid));
    const under1 = aesGcmDecrypt(k1, iv, forged, aad);
    const under2 = aesGcmDecrypt(k2, iv, forged, aad);
    // Without a commitment both keys "open" the bid, to different plaintexts.
    expect(under1).toHaveLength(1024);
    expect(under2).toHaveLength(1024);
    expect(under1).not.toEqual(under2);
    expect(under1?.subarray(16)).toEqual(padPlaintext(bid).subarray(16));

    const envelopeFor = async (key: Uint8Array): Promise<SealedBidEnvelope> => {
      const shares = await shamirSplit(key, 4, 3);
      return {
        version: ENVELOPE_VERSION,
        alg: { ...SEALING_ALGORITHMS },
        iv: toBase64Url(iv),
        ciphertext: toBase64Url(forged),
        keyCommitment: toBase64Url(keyCommitment(k1)),
        threshold: 3,
        shares: openers.map(({ registered }, i) =>
          wrapShare(shares[i]!, context.tenderId, context.bidId, registered),
        ),
      };
    };
    const release = (envelope: SealedBidEnvelope) =>
      openers.map(({ registered, privateKey }) => ({
        organisation: registered.organisation,
        share: toBase64Url(
          decryptShare(envelope, { ...context, organisation: registered.organisation }, privateKey),
        ),
      }));

    const honest = await envelopeFor(k1);
    const opened = await openEnvelope(honest, context, release(honest));
    expect(opened.ok && opened.value.subarray(16)).toEqual(bid.subarray(16));
    const cheating = await envelopeFor(k2);
    expect(await openEnvelope(cheating, context, release(cheating))).toMatchObject({
      ok: false,
      reason: 'KEY_COMMITMENT_MISMATCH',
    });
  });
});
