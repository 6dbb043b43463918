/**
 * The fixed parameters of sealed-bid envelope version 1: algorithm ids, byte lengths, size limits
 * and the domain labels fed into hashes and the KDF. Changing any of them is a new envelope version.
 */

/** Envelope format version. */
export const ENVELOPE_VERSION = 1;

/** Algorithm ids written into every envelope (and checked literally when one is read). */
export const SEALING_ALGORITHMS = {
  /** The bid: AES-256-GCM, 96-bit IV, 128-bit tag appended to the ciphertext. */
  payload: 'A256GCM',
  /** The bid is padded before encryption: 0x80, then zeros, to a multiple of 1024 bytes. */
  padding: 'ISO7816-4/1024',
  /** Key commitment: SHA-256 over the ASCII label `bid-key` followed by the 32 key bytes. */
  keyCommitment: 'SHA-256/bid-key',
  /** Shamir's secret sharing over GF(2^8), byte-wise, one x-coordinate byte appended per share. */
  split: 'SHAMIR-GF256',
  /** Share encryption: ephemeral P-256 ECDH, HKDF-SHA-256, AES-256-GCM. */
  shareWrap: 'ECIES-P256-HKDF-SHA256-A256GCM',
} as const;

/** Byte lengths of the primitives' inputs and outputs. */
export const SEALING_BYTES = {
  /** AES-256 key: the bid key K and each share-wrapping key. */
  key: 32,
  /** AES-GCM IV (96 bits, the length GCM is defined for without GHASH-ing the IV). */
  iv: 12,
  /** AES-GCM authentication tag, appended to every ciphertext. */
  tag: 16,
  /** SHA-256 digest: the key commitment and every share hash. */
  hash: 32,
  /** One Shamir share of K: 32 y-bytes, then the x-coordinate byte. */
  share: 33,
  /** An encrypted share: the share followed by its tag. */
  wrappedShare: 33 + 16,
  /** An uncompressed SEC1 P-256 public key: 0x04 ‖ X ‖ Y. */
  publicKey: 65,
  /** A P-256 private scalar, big-endian. */
  privateKey: 32,
  /** The padded bid is a whole number of these blocks (length hiding; see padding.ts). */
  padBlock: 1024,
} as const;

/** Size limits an envelope must respect before anything is decoded or decrypted. */
export const SEALING_LIMITS = {
  /** Bytes of canonical bid JSON a sealed bid may hold (256 KiB: a 64 Ki-character proposal in UTF-8, with room). */
  plaintextBytes: 256 * 1024,
  /** Organisations (shares) in one envelope. */
  organisations: 16,
} as const;

/** Domain labels, as ASCII bytes, of the hashes and the KDF. */
export const SEALING_LABELS = {
  /** Prefix of the key commitment: `SHA-256("bid-key" ‖ K)`. */
  keyCommitment: 'bid-key',
  /** HKDF info prefix of the share-wrapping key (followed by the ephemeral and the recipient public key). */
  shareWrapInfo: 'procurement-ledger/sealed-bid/v1/share-wrap',
} as const;

/** Bytes of the bid ciphertext (padded bid and tag) for the largest bid allowed. */
export const MAX_PAYLOAD_CIPHERTEXT_BYTES =
  (Math.floor(SEALING_LIMITS.plaintextBytes / SEALING_BYTES.padBlock) + 1) * SEALING_BYTES.padBlock +
  SEALING_BYTES.tag;

/** Characters of unpadded base64url for `bytes` bytes. */
export function base64UrlLength(bytes: number): number {
  return Math.ceil((bytes * 4) / 3);
}

/** Bytes held by `length` characters of unpadded base64url. */
export function base64UrlByteLength(text: string): number {
  return Math.floor((text.length * 3) / 4);
}
