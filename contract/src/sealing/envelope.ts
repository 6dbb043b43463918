/**
 * The sealed-bid envelope (version 1): what `bid:Seal` puts on the ledger. Every binary field is
 * canonical unpadded base64url, every number an integer, every size bounded, so the schema alone
 * rejects anything malformed before a byte is decrypted.
 *
 * The envelope deliberately does not name its tender, bid or vendor: the chaincode supplies them from
 * its own records as the associated data, so an envelope moved to another bid does not decrypt.
 */
import { z } from 'zod/v4';

import { idSchema } from '../schemas/fields';
import { base64UrlOfLength, base64UrlOfRange } from './binary-schemas';
import {
  base64UrlByteLength,
  ENVELOPE_VERSION,
  MAX_PAYLOAD_CIPHERTEXT_BYTES,
  SEALING_ALGORITHMS,
  SEALING_BYTES,
  SEALING_LIMITS,
} from './constants';
import { failure, success, type SealingOutcome } from './errors';
import { keyIdSchema, openingPublicKeySchema } from './opening-keys';

/** One organisation's share of the bid key K, encrypted to its opening key. */
export const encryptedShareSchema = z.strictObject({
  /** The recipient organisation's MSP ID. */
  organisation: idSchema,
  /** The id of the opening key the share is encrypted to. */
  keyId: keyIdSchema,
  /** The sender's ephemeral P-256 public key, uncompressed SEC1. */
  ephemeralPublicKey: openingPublicKeySchema,
  iv: base64UrlOfLength(SEALING_BYTES.iv),
  /** AES-256-GCM of the 33-byte share, tag appended. */
  ciphertext: base64UrlOfLength(SEALING_BYTES.wrappedShare),
  /** SHA-256 of the plaintext share, checked when the share is released. */
  shareHash: base64UrlOfLength(SEALING_BYTES.hash),
});
export type EncryptedShare = z.infer<typeof encryptedShareSchema>;

export const sealedBidEnvelopeSchema = z
  .strictObject({
    version: z.literal(ENVELOPE_VERSION),
    alg: z.strictObject({
      payload: z.literal(SEALING_ALGORITHMS.payload),
      padding: z.literal(SEALING_ALGORITHMS.padding),
      keyCommitment: z.literal(SEALING_ALGORITHMS.keyCommitment),
      split: z.literal(SEALING_ALGORITHMS.split),
      shareWrap: z.literal(SEALING_ALGORITHMS.shareWrap),
    }),
    iv: base64UrlOfLength(SEALING_BYTES.iv),
    /** AES-256-GCM of the padded canonical bid JSON under K, tag appended: whole pad blocks plus the tag. */
    ciphertext: base64UrlOfRange(
      SEALING_BYTES.padBlock + SEALING_BYTES.tag,
      MAX_PAYLOAD_CIPHERTEXT_BYTES,
    ).refine(
      (text) => (base64UrlByteLength(text) - SEALING_BYTES.tag) % SEALING_BYTES.padBlock === 0,
      'must be whole pad blocks plus the tag',
    ),
    /** SHA-256("bid-key" ‖ K). */
    keyCommitment: base64UrlOfLength(SEALING_BYTES.hash),
    /** Shares needed to open: 2 ≤ t ≤ n. */
    threshold: z.number().int('must be an integer').min(2).max(SEALING_LIMITS.organisations),
    shares: z.array(encryptedShareSchema).min(2).max(SEALING_LIMITS.organisations),
  })
  .refine((envelope) => envelope.threshold <= envelope.shares.length, {
    message: 'threshold must not exceed the number of shares',
    path: ['threshold'],
  })
  .refine(
    (envelope) => new Set(envelope.shares.map((share) => share.organisation)).size === envelope.shares.length,
    { message: 'one share per organisation', path: ['shares'] },
  );
export type SealedBidEnvelope = z.infer<typeof sealedBidEnvelopeSchema>;

/**
 * Parses an envelope (as parsed JSON) against the schema.
 *
 * @returns the typed envelope, or `MALFORMED_ENVELOPE` with the first problem found.
 */
export function parseEnvelope(value: unknown): SealingOutcome<SealedBidEnvelope> {
  const parsed = sealedBidEnvelopeSchema.safeParse(value);
  if (parsed.success) return success(parsed.data);
  const issue = parsed.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? 'envelope' : issue.path.join('.');
  return failure('MALFORMED_ENVELOPE', `${where}: ${issue?.message ?? 'invalid'}`);
}
