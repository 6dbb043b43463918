/**
 * The one place the sealing core touches its cryptographic libraries. Every other module calls these
 * thin wrappers, and the known-answer tests pin them, so a library upgrade that changes behaviour is
 * caught here. All of it is pure JavaScript from audited libraries (noble, shamir-secret-sharing):
 * the same code paths run in Node (gateway, chaincode) and in the browser, synchronously except the
 * Shamir functions, which the library declares async.
 */
import { gcm } from '@noble/ciphers/aes';
import { equalBytes } from '@noble/ciphers/utils';
import { p256 } from '@noble/curves/nist';
import { hkdf } from '@noble/hashes/hkdf';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2';
import {
  bytesToHex,
  bytesToUtf8,
  concatBytes,
  randomBytes as nobleRandomBytes,
  utf8ToBytes,
} from '@noble/hashes/utils';
import { combine, split } from 'shamir-secret-sharing';

import { SEALING_BYTES } from './constants';

export { bytesToUtf8, concatBytes, equalBytes, utf8ToBytes };

/**
 * Cryptographically secure random bytes (WebCrypto `getRandomValues` in the browser and in Node).
 * Used only when sealing and generating keys, never when opening.
 */
export function randomBytes(length: number): Uint8Array {
  return nobleRandomBytes(length);
}

/** SHA-256 of the concatenation of `parts`. */
export function sha256(...parts: Uint8Array[]): Uint8Array {
  return nobleSha256(concatBytes(...parts));
}

/**
 * HKDF-SHA-256 (RFC 5869): extract with `salt`, expand with `info` to `length` bytes.
 *
 * @throws when `length` exceeds 255 × 32 bytes.
 */
export function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  return hkdf(nobleSha256, ikm, salt, info, length);
}

/**
 * AES-256-GCM encryption; returns ciphertext ‖ 16-byte tag (the WebCrypto layout).
 *
 * @throws when the key is not 16, 24 or 32 bytes or the IV is empty (callers pass 32 and 12).
 */
export function aesGcmEncrypt(
  key: Uint8Array,
  iv: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
): Uint8Array {
  return gcm(key, iv, aad).encrypt(plaintext);
}

/**
 * AES-256-GCM decryption of ciphertext ‖ tag.
 *
 * @returns the plaintext, or `undefined` when the tag does not verify.
 */
export function aesGcmDecrypt(
  key: Uint8Array,
  iv: Uint8Array,
  ciphertext: Uint8Array,
  aad: Uint8Array,
): Uint8Array | undefined {
  try {
    return gcm(key, iv, aad).decrypt(ciphertext);
  } catch {
    return undefined;
  }
}

/** A fresh P-256 private scalar (32 bytes, big-endian, in [1, n−1]). */
export function p256RandomPrivateKey(): Uint8Array {
  return p256.utils.randomSecretKey();
}

/** Whether `scalar` is a valid P-256 private key (32 bytes, in [1, n−1]). */
export function p256IsValidPrivateKey(scalar: Uint8Array): boolean {
  return scalar.length === SEALING_BYTES.privateKey && p256.utils.isValidSecretKey(scalar);
}

/** The uncompressed SEC1 public key (0x04 ‖ X ‖ Y, 65 bytes) of a private scalar. */
export function p256PublicKey(privateKey: Uint8Array): Uint8Array {
  return p256.getPublicKey(privateKey, false);
}

/** Whether `publicKey` is an uncompressed SEC1 encoding of a P-256 point on the curve (not infinity). */
export function p256IsValidPublicKey(publicKey: Uint8Array): boolean {
  return publicKey.length === SEALING_BYTES.publicKey && p256.utils.isValidPublicKey(publicKey, false);
}

/**
 * P-256 ECDH: the 32-byte X coordinate of `privateKey · publicKey`, exactly what WebCrypto's
 * `deriveBits({ name: 'ECDH' }, …, 256)` returns.
 *
 * @throws when `publicKey` is not a valid point (callers validate first).
 */
export function p256Ecdh(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  // noble returns the compressed shared point (0x02/0x03 ‖ X); drop the prefix byte.
  return p256.getSharedSecret(privateKey, publicKey, true).slice(1);
}

/** How many opening keys keep a precomputed table (a network has one current key per organisation). */
const CACHED_OPENING_KEYS = 64;
const openingKeyPoints = new Map<string, ReturnType<typeof p256.Point.fromBytes>>();

/** The point of an opening public key, with noble's precomputed multiplication table (window 4). */
function openingKeyPoint(publicKey: Uint8Array): ReturnType<typeof p256.Point.fromBytes> {
  const id = bytesToHex(publicKey);
  let point = openingKeyPoints.get(id);
  if (!point) {
    point = p256.Point.fromBytes(publicKey);
    point.precompute(4);
    if (openingKeyPoints.size >= CACHED_OPENING_KEYS) {
      const oldest = openingKeyPoints.keys().next().value;
      if (oldest !== undefined) openingKeyPoints.delete(oldest);
    }
    openingKeyPoints.set(id, point);
  }
  return point;
}

/**
 * The same ECDH as {@link p256Ecdh}, for sealing: the public key is an organisation's opening key,
 * which every seal uses again, so its point keeps noble's precomputed table (about six times faster
 * per share than parsing the point afresh). Decryption keeps {@link p256Ecdh}: each ephemeral key is
 * used once.
 *
 * @throws when `openingPublicKey` is not a valid point (callers validate first).
 */
export function p256EcdhToOpeningKey(
  ephemeralPrivateKey: Uint8Array,
  openingPublicKey: Uint8Array,
): Uint8Array {
  const shared = openingKeyPoint(openingPublicKey).multiply(p256.Point.Fn.fromBytes(ephemeralPrivateKey));
  // The compressed point is 0x02/0x03 ‖ X; ECDH's secret is X.
  return shared.toBytes(true).slice(1);
}

/**
 * Splits `secret` into `shares` Shamir shares, any `threshold` of which recombine it.
 *
 * @throws when `secret` is empty or not 2 ≤ threshold ≤ shares ≤ 255.
 */
export function shamirSplit(secret: Uint8Array, shares: number, threshold: number): Promise<Uint8Array[]> {
  return split(secret, shares, threshold);
}

/**
 * Lagrange-interpolates `shares` at x = 0. Deterministic; draws no randomness. With fewer shares
 * than the threshold it returns a value unrelated to the secret (it cannot tell).
 *
 * @throws when the shares differ in length or repeat an x-coordinate.
 */
export function shamirCombine(shares: Uint8Array[]): Promise<Uint8Array> {
  return combine(shares);
}
