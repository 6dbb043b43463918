/**
 * ECIES for one Shamir share, written so that WebCrypto alone can produce or read it:
 *
 * 1. ephemeral P-256 key pair (e, E); Z = X coordinate of ECDH(e, R) (32 bytes; WebCrypto
 *    `deriveBits({ name: 'ECDH', public: R }, e, 256)`), R the recipient's opening key;
 * 2. wrapping key = HKDF-SHA-256(IKM = Z, salt = empty (RFC 5869: 32 zero bytes),
 *    info = "procurement-ledger/sealed-bid/v1/share-wrap" ‖ E ‖ R, L = 32), with E and R as 65-byte
 *    uncompressed points: the key is bound to both public keys, so neither can be substituted;
 * 3. AES-256-GCM under that key with a random 96-bit IV and associated data
 *    `tenderId|bidId|organisation` (see `aad.ts`).
 */
import { SEALING_BYTES, SEALING_LABELS } from './constants';
import { fromBase64Url, toBase64Url } from './encoding';
import type { EncryptedShare } from './envelope';
import type { OpeningPrivateKey, RegisteredOpeningKey } from './opening-keys';
import { decodeOpeningPublicKey } from './opening-keys';
import { shareAad } from './aad';
import {
  aesGcmDecrypt,
  aesGcmEncrypt,
  concatBytes,
  hkdfSha256,
  p256Ecdh,
  p256EcdhToOpeningKey,
  p256IsValidPublicKey,
  p256PublicKey,
  p256RandomPrivateKey,
  randomBytes,
  sha256,
  utf8ToBytes,
} from './primitives';

/** The share-wrapping key from the ECDH secret and both public keys (step 2 above). */
export function shareWrapKey(
  sharedX: Uint8Array,
  ephemeralPublicKey: Uint8Array,
  recipientPublicKey: Uint8Array,
): Uint8Array {
  const info = concatBytes(utf8ToBytes(SEALING_LABELS.shareWrapInfo), ephemeralPublicKey, recipientPublicKey);
  return hkdfSha256(sharedX, new Uint8Array(0), info, SEALING_BYTES.key);
}

/**
 * Encrypts one share to an organisation's opening key and publishes its hash.
 *
 * @throws {SealingError} `INVALID_PUBLIC_KEY` when the opening key is not a valid point;
 * `INVALID_ARGUMENT` when an id does not match `ID_PATTERN`.
 */
export function wrapShare(
  share: Uint8Array,
  tenderId: string,
  bidId: string,
  recipient: RegisteredOpeningKey,
): EncryptedShare {
  const recipientPublicKey = decodeOpeningPublicKey(recipient.publicKey);
  const aad = shareAad(tenderId, bidId, recipient.organisation);
  const ephemeral = p256RandomPrivateKey();
  const ephemeralPublicKey = p256PublicKey(ephemeral);
  const key = shareWrapKey(
    p256EcdhToOpeningKey(ephemeral, recipientPublicKey),
    ephemeralPublicKey,
    recipientPublicKey,
  );
  const iv = randomBytes(SEALING_BYTES.iv);
  const ciphertext = aesGcmEncrypt(key, iv, share, aad);
  ephemeral.fill(0);
  key.fill(0);
  return {
    organisation: recipient.organisation,
    keyId: recipient.keyId,
    ephemeralPublicKey: toBase64Url(ephemeralPublicKey),
    iv: toBase64Url(iv),
    ciphertext: toBase64Url(ciphertext),
    shareHash: toBase64Url(sha256(share)),
  };
}

/**
 * Decrypts one encrypted share with the recipient's private key. Does not check addressing or the
 * share hash (see `decryptShare`).
 *
 * @returns the share, or `undefined` when the ephemeral key is not a valid point or AES-GCM refuses
 * (wrong key, wrong tender/bid/organisation, tampered ciphertext).
 * @throws {SealingError} `INVALID_ARGUMENT` when an id does not match `ID_PATTERN`.
 */
export function unwrapShare(
  encrypted: EncryptedShare,
  tenderId: string,
  bidId: string,
  recipient: OpeningPrivateKey,
): Uint8Array | undefined {
  const aad = shareAad(tenderId, bidId, encrypted.organisation);
  const ephemeralPublicKey = fromBase64Url(encrypted.ephemeralPublicKey, 'ephemeralPublicKey');
  if (!p256IsValidPublicKey(ephemeralPublicKey)) return undefined;
  const key = shareWrapKey(
    p256Ecdh(recipient.scalar, ephemeralPublicKey),
    ephemeralPublicKey,
    recipient.publicKey,
  );
  const share = aesGcmDecrypt(
    key,
    fromBase64Url(encrypted.iv, 'iv'),
    fromBase64Url(encrypted.ciphertext, 'ciphertext'),
    aad,
  );
  key.fill(0);
  return share;
}
