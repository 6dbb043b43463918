/**
 * The chaincode's side: checking released shares and opening an envelope. Everything here is
 * deterministic: it draws no randomness, reads no clock, and its result depends only on its
 * arguments, so every endorser computes the same bytes.
 */
import { z } from 'zod/v4';

import { idSchema } from '../schemas/fields';
import { bidAad, type BidContext } from './aad';
import { base64UrlOfLength } from './binary-schemas';
import { keyCommitment } from './commitment';
import { SEALING_BYTES } from './constants';
import { fromBase64Url } from './encoding';
import { parseEnvelope, type SealedBidEnvelope } from './envelope';
import { failure, SealingError, success, type SealingOutcome } from './errors';
import { unpadPlaintext } from './padding';
import { aesGcmDecrypt, equalBytes, sha256, shamirCombine } from './primitives';

/** A plaintext share as an opener releases it (`bid:ReleaseShares`) and the ledger stores it. */
export const releasedShareSchema = z.strictObject({
  /** The releasing organisation's MSP ID (the chaincode checks it is the submitter's). */
  organisation: idSchema,
  /** The 33-byte share, base64url. */
  share: base64UrlOfLength(SEALING_BYTES.share),
});
export type ReleasedShare = z.infer<typeof releasedShareSchema>;

/**
 * Checks one released share against the envelope: well formed, from an organisation that has a share
 * in it, and equal to the published hash. `bid:ReleaseShares` refuses the release when this fails.
 *
 * @returns the share bytes; or `MALFORMED_SHARE`, `UNKNOWN_ORGANISATION`, `SHARE_HASH_MISMATCH`.
 */
export function checkReleasedShare(
  envelope: SealedBidEnvelope,
  released: unknown,
): SealingOutcome<Uint8Array> {
  const parsed = releasedShareSchema.safeParse(released);
  if (!parsed.success)
    return failure('MALFORMED_SHARE', `a share is ${SEALING_BYTES.share} bytes of base64url`);
  const { organisation, share } = parsed.data;
  const entry = envelope.shares.find((candidate) => candidate.organisation === organisation);
  if (entry === undefined) return failure('UNKNOWN_ORGANISATION', `no share for ${organisation}`);
  const bytes = fromBase64Url(share, 'share');
  if (!equalBytes(sha256(bytes), fromBase64Url(entry.shareHash, 'shareHash'))) {
    return failure('SHARE_HASH_MISMATCH', `the share of ${organisation} differs from its hash`);
  }
  return success(bytes);
}

/** Checks every release and orders the shares as the envelope lists their organisations. */
function collectShares(
  envelope: SealedBidEnvelope,
  released: readonly unknown[],
): SealingOutcome<Uint8Array[]> {
  const byOrganisation = new Map<string, Uint8Array>();
  for (const release of released) {
    const checked = checkReleasedShare(envelope, release);
    if (!checked.ok) return checked;
    const { organisation } = release as ReleasedShare;
    if (byOrganisation.has(organisation))
      return failure('DUPLICATE_SHARE', `two shares from ${organisation}`);
    byOrganisation.set(organisation, checked.value);
  }
  const ordered = envelope.shares.flatMap((entry) => byOrganisation.get(entry.organisation) ?? []);
  if (ordered.length < envelope.threshold) {
    return failure('NOT_ENOUGH_SHARES', `${ordered.length} of ${envelope.threshold} shares released`);
  }
  return success(ordered);
}

/**
 * Recombines K from hash-checked shares (in envelope order), and checks that every share beyond the
 * first t lies on the same polynomial: combining the first t−1 shares with the extra one must give the
 * same K. Per byte, two polynomials of degree ≤ t−1 that agree on t−1 non-zero points and at 0 agree
 * everywhere, so this holds exactly when the extra share is on the polynomial of the first t.
 * Cost: n − t + 1 interpolations.
 */
async function combineConsistent(
  shares: readonly Uint8Array[],
  threshold: number,
): Promise<SealingOutcome<Uint8Array>> {
  const xs = new Set(shares.map((share) => share[SEALING_BYTES.share - 1]));
  if (xs.has(0) || xs.size !== shares.length) {
    return failure('INCONSISTENT_SHARES', 'the shares repeat an x-coordinate or use x = 0');
  }
  const base = shares.slice(0, threshold);
  const key = await shamirCombine(base);
  for (const extra of shares.slice(threshold)) {
    const other = await shamirCombine([...base.slice(0, threshold - 1), extra]);
    if (!equalBytes(other, key))
      return failure('INCONSISTENT_SHARES', 'the shares do not lie on one polynomial');
  }
  return success(key);
}

/**
 * Opens a sealed bid from at least t released shares: checks each share against its hash, combines
 * them (checking that more than t lie on one polynomial), checks K against the key commitment,
 * decrypts with the associated data `tenderId|bidId|vendorId` taken from `context` (the chaincode's
 * own record of the bid) and removes the length-hiding padding. Deterministic: the same inputs always give the same bytes or the same reason.
 *
 * @param envelope the envelope as stored on the ledger (parsed JSON; it is validated here).
 * @param released the released shares (`{ organisation, share }`), in any order.
 * @returns the canonical bid JSON bytes; or a reason: `MALFORMED_ENVELOPE`, `INCONSISTENT_SHARES`,
 * `KEY_COMMITMENT_MISMATCH`, `DECRYPTION_FAILED`, `INVALID_PADDING` (the bid is unopenable); `MALFORMED_SHARE`,
 * `UNKNOWN_ORGANISATION`, `DUPLICATE_SHARE`, `SHARE_HASH_MISMATCH` (a bad release, which
 * `checkReleasedShare` should have refused); `NOT_ENOUGH_SHARES` (wait); `INVALID_ARGUMENT` (an id
 * in `context` does not match `ID_PATTERN`). Look a reason's fault up in `SEALING_FAILURES`.
 */
export async function openEnvelope(
  envelope: unknown,
  context: BidContext,
  released: readonly unknown[],
): Promise<SealingOutcome<Uint8Array>> {
  let aad: Uint8Array;
  try {
    aad = bidAad(context);
  } catch (error) {
    if (error instanceof SealingError) return failure(error.reason, error.message);
    throw error;
  }
  const parsed = parseEnvelope(envelope);
  if (!parsed.ok) return parsed;
  const sealed = parsed.value;
  const shares = collectShares(sealed, released);
  if (!shares.ok) return shares;
  const key = await combineConsistent(shares.value, sealed.threshold);
  if (!key.ok) return key;
  if (!equalBytes(keyCommitment(key.value), fromBase64Url(sealed.keyCommitment, 'keyCommitment'))) {
    return failure('KEY_COMMITMENT_MISMATCH', 'the combined key does not match the key commitment');
  }
  const padded = aesGcmDecrypt(
    key.value,
    fromBase64Url(sealed.iv, 'iv'),
    fromBase64Url(sealed.ciphertext, 'ciphertext'),
    aad,
  );
  key.value.fill(0);
  if (padded === undefined)
    return failure('DECRYPTION_FAILED', 'AES-GCM refused the ciphertext for this bid');
  const plaintext = unpadPlaintext(padded);
  if (plaintext === undefined)
    return failure('INVALID_PADDING', 'the decrypted bid is not padded as version 1 pads');
  return success(plaintext);
}
