/**
 * Opening keys: one ECDH P-256 key pair per organisation. The public key is registered on the ledger
 * (`openingKey:Register`); the private key stays in that organisation's state folder as a JWK.
 *
 * Encodings, all usable by WebCrypto as they are:
 * - public key: the uncompressed SEC1 point (0x04 ‖ X ‖ Y, 65 bytes) in base64url: WebCrypto
 *   `importKey('raw', …, { name: 'ECDH', namedCurve: 'P-256' })` and `exportKey('raw', …)`;
 * - private key: a JWK `{ kty: 'EC', crv: 'P-256', x, y, d, kid }`: WebCrypto `importKey('jwk', …)`
 *   (WebCrypto cannot import a raw private scalar);
 * - key id: base64url of the full SHA-256 of the 65 raw public-key bytes (43 characters). Full length
 *   because the id is also the key's fingerprint: anyone can recompute it from the registered public
 *   key, and no one can find a second key with the same id (truncating would save a few bytes per
 *   share and give up collision resistance). It matches `ID_PATTERN`, so it can be part of a ledger key.
 */
import { z } from 'zod/v4';

import { canonicalJson } from '../canonical';
import { idSchema } from '../schemas/fields';
import { base64UrlOfLength } from './binary-schemas';
import { SEALING_BYTES } from './constants';
import { fromBase64Url, toBase64Url } from './encoding';
import { failure, SealingError, success, type SealingOutcome } from './errors';
import {
  equalBytes,
  p256IsValidPrivateKey,
  p256IsValidPublicKey,
  p256PublicKey,
  p256RandomPrivateKey,
  sha256,
} from './primitives';

/** A key id: base64url SHA-256 of the raw public key. */
export const keyIdSchema = base64UrlOfLength(SEALING_BYTES.hash);
/** A public key: base64url uncompressed SEC1 P-256 point (shape only; the point is checked separately). */
export const openingPublicKeySchema = base64UrlOfLength(SEALING_BYTES.publicKey);

/** An organisation's registered opening key, as the ledger stores it and as sealing takes it. */
export const registeredOpeningKeySchema = z.strictObject({
  /** The organisation's MSP ID. */
  organisation: idSchema,
  keyId: keyIdSchema,
  publicKey: openingPublicKeySchema,
});
export type RegisteredOpeningKey = z.infer<typeof registeredOpeningKeySchema>;

/** The private opening key at rest: a P-256 ECDH JWK with its key id as `kid`. */
export const openingPrivateJwkSchema = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: base64UrlOfLength(32),
  y: base64UrlOfLength(32),
  d: base64UrlOfLength(SEALING_BYTES.privateKey),
  kid: keyIdSchema,
});
export type OpeningPrivateJwk = z.infer<typeof openingPrivateJwkSchema>;

/** A freshly generated opening key pair. */
export interface OpeningKeyPair {
  readonly keyId: string;
  /** base64url uncompressed SEC1 point: what `openingKey:Register` stores. */
  readonly publicKey: string;
  /** What the organisation keeps in its state folder (file mode 0600). */
  readonly privateJwk: OpeningPrivateJwk;
}

/** A private opening key, imported and checked, ready to decrypt shares. */
export interface OpeningPrivateKey {
  readonly keyId: string;
  /** Raw uncompressed SEC1 public key (65 bytes). */
  readonly publicKey: Uint8Array;
  /** Private scalar (32 bytes, big-endian). */
  readonly scalar: Uint8Array;
}

/** The key id of a raw uncompressed public key: base64url(SHA-256(publicKey)). */
export function openingKeyId(publicKey: Uint8Array): string {
  return toBase64Url(sha256(publicKey));
}

/**
 * Decodes and checks a registered public key.
 *
 * @throws {SealingError} `INVALID_ARGUMENT` when it is not canonical base64url; `INVALID_PUBLIC_KEY`
 * when it is not an uncompressed P-256 point on the curve.
 */
export function decodeOpeningPublicKey(publicKey: string): Uint8Array {
  const raw = fromBase64Url(publicKey, 'publicKey');
  if (!p256IsValidPublicKey(raw)) {
    throw new SealingError('INVALID_PUBLIC_KEY', 'not an uncompressed P-256 point on the curve');
  }
  return raw;
}

/**
 * Generates a new opening key pair (for `network:up`, the first time, and for rotation).
 *
 * @returns the key id, the public key to register and the private JWK to keep.
 */
export function generateOpeningKeyPair(): OpeningKeyPair {
  const scalar = p256RandomPrivateKey();
  const publicKey = p256PublicKey(scalar);
  const keyId = openingKeyId(publicKey);
  return {
    keyId,
    publicKey: toBase64Url(publicKey),
    privateJwk: {
      kty: 'EC',
      crv: 'P-256',
      x: toBase64Url(publicKey.subarray(1, 33)),
      y: toBase64Url(publicKey.subarray(33, 65)),
      d: toBase64Url(scalar),
      kid: keyId,
    },
  };
}

/**
 * Imports a private opening key from its JWK (as parsed JSON), checking that `d` is a valid scalar,
 * that `x`/`y` are its public key and that `kid` is that key's id. Members WebCrypto adds on export
 * (`ext`, `key_ops`) are ignored.
 *
 * @throws {SealingError} `INVALID_PRIVATE_KEY` when the JWK is malformed or inconsistent.
 */
export function importOpeningPrivateKey(jwk: unknown): OpeningPrivateKey {
  const parsed = openingPrivateJwkSchema.safeParse(jwk);
  if (!parsed.success) throw new SealingError('INVALID_PRIVATE_KEY', 'not a P-256 ECDH JWK with kid');
  const { x, y, d, kid } = parsed.data;
  const scalar = fromBase64Url(d, 'd');
  if (!p256IsValidPrivateKey(scalar))
    throw new SealingError('INVALID_PRIVATE_KEY', 'd is not a P-256 scalar');
  const publicKey = p256PublicKey(scalar);
  if (toBase64Url(publicKey.subarray(1, 33)) !== x || toBase64Url(publicKey.subarray(33, 65)) !== y) {
    throw new SealingError('INVALID_PRIVATE_KEY', 'x and y are not the public key of d');
  }
  if (openingKeyId(publicKey) !== kid) throw new SealingError('INVALID_PRIVATE_KEY', 'kid is not the key id');
  return { keyId: kid, publicKey, scalar };
}

/** The private JWK as canonical JSON text, for the organisation's state file. */
export function openingPrivateJwkJson(jwk: OpeningPrivateJwk): string {
  return canonicalJson(jwk);
}

/**
 * Checks an opening key offered for registration (`openingKey:Register`): its shape, that the public
 * key is a valid P-256 point, and that the key id is that key's SHA-256.
 *
 * @returns the key; or `INVALID_ARGUMENT` for the shape, `INVALID_PUBLIC_KEY` for the point or the key id.
 */
export function checkOpeningKey(key: unknown): SealingOutcome<RegisteredOpeningKey> {
  const parsed = registeredOpeningKeySchema.safeParse(key);
  if (!parsed.success) return failure('INVALID_ARGUMENT', 'not an opening key record');
  const raw = fromBase64Url(parsed.data.publicKey, 'publicKey');
  if (!p256IsValidPublicKey(raw)) return failure('INVALID_PUBLIC_KEY', 'not a P-256 point on the curve');
  if (!equalBytes(fromBase64Url(parsed.data.keyId, 'keyId'), sha256(raw))) {
    return failure('INVALID_PUBLIC_KEY', 'keyId is not the SHA-256 of the public key');
  }
  return success(parsed.data);
}
