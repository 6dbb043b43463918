/** The chaincode's structure check of an envelope at `bid:Seal`, before it goes on the ledger. */
import { parseEnvelope, type SealedBidEnvelope } from './envelope';
import { failure, success, type SealingOutcome } from './errors';
import type { RegisteredOpeningKey } from './opening-keys';
import { fromBase64Url } from './encoding';
import { p256IsValidPublicKey } from './primitives';

/**
 * Checks that an envelope fits the tender's policy and the key registry: the schema (types, sizes,
 * encodings, algorithm ids), a threshold equal to the policy's t with 2 ≤ t ≤ n, exactly one share
 * for every registered organisation, each share encrypted to that organisation's registered key id,
 * and each ephemeral public key a valid P-256 point. It cannot check that the shares decrypt or
 * recombine: only the openers can, after the deadline.
 *
 * @param registeredKeys the current opening key of every organisation (checked when registered).
 * @param threshold the policy's t.
 * @returns the typed envelope; or `MALFORMED_ENVELOPE`, `THRESHOLD_MISMATCH`, `SHARES_MISMATCH`,
 * `UNKNOWN_KEY`, `INVALID_PUBLIC_KEY`.
 */
export function checkEnvelopeStructure(
  envelope: unknown,
  registeredKeys: readonly RegisteredOpeningKey[],
  threshold: number,
): SealingOutcome<SealedBidEnvelope> {
  const parsed = parseEnvelope(envelope);
  if (!parsed.ok) return parsed;
  const sealed = parsed.value;
  const n = registeredKeys.length;
  if (sealed.threshold !== threshold || threshold < 2 || threshold > n) {
    return failure('THRESHOLD_MISMATCH', `threshold ${sealed.threshold}, policy ${threshold} of ${n}`);
  }
  const keyIds = new Map(registeredKeys.map((key) => [key.organisation, key.keyId]));
  if (keyIds.size !== n || sealed.shares.length !== n) {
    return failure('SHARES_MISMATCH', `${sealed.shares.length} shares for ${n} registered organisations`);
  }
  for (const share of sealed.shares) {
    const problem = shareProblem(share, keyIds.get(share.organisation));
    if (problem) return problem;
  }
  return success(sealed);
}

/** Why one share does not fit its organisation's registered key, or undefined when it does. */
function shareProblem(
  share: SealedBidEnvelope['shares'][number],
  keyId: string | undefined,
): SealingOutcome<never> | undefined {
  if (keyId === undefined) return failure('SHARES_MISMATCH', `${share.organisation} has no registered key`);
  if (keyId !== share.keyId) {
    return failure('UNKNOWN_KEY', `the share of ${share.organisation} is not for its registered key`);
  }
  if (!p256IsValidPublicKey(fromBase64Url(share.ephemeralPublicKey, 'ephemeralPublicKey'))) {
    return failure('INVALID_PUBLIC_KEY', `the ephemeral key of ${share.organisation} is not a P-256 point`);
  }
  return undefined;
}
