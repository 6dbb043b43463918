/**
 * The stable reason codes of the sealing core. A refusal (`SealingError`) or a failed outcome
 * (`SealingOutcome`) always carries one of them, so the chaincode can record a bid as `unopenable`
 * with its reason, and the gateway can map a refused release or seal to its error table.
 */

/** Who is at fault when a code comes back, which decides what the chaincode does with it. */
export type SealingFault =
  /** The bid's envelope itself: the chaincode records the bid as `unopenable` with this reason. */
  | 'envelope'
  /** The envelope breaks the tender's policy or key registry: `bid:Seal` is refused. */
  | 'policy'
  /** A released share is wrong: `bid:ReleaseShares` is refused; the bid waits for good shares. */
  | 'release'
  /** Not enough shares yet: nothing to record, the bid waits. */
  | 'pending'
  /** The caller's own input (sealing arguments, a private key): a programming or setup error. */
  | 'caller';

export interface SealingFailureSpec {
  readonly fault: SealingFault;
  readonly description: string;
}

/** Every reason code, with who is at fault and what it means. Adding a code is one row here. */
export const SEALING_FAILURES = {
  MALFORMED_ENVELOPE: {
    fault: 'envelope',
    description: 'the envelope does not match its schema: types, algorithm ids, encodings or sizes',
  },
  INCONSISTENT_SHARES: {
    fault: 'envelope',
    description:
      'released shares whose hashes match do not lie on one polynomial, repeat an x-coordinate or are not shares',
  },
  KEY_COMMITMENT_MISMATCH: {
    fault: 'envelope',
    description: 'the key combined from the released shares does not match the key commitment',
  },
  DECRYPTION_FAILED: {
    fault: 'envelope',
    description:
      'AES-GCM refused the ciphertext under the committed key and the bid context (tampered, swapped or bound to another bid)',
  },
  INVALID_PADDING: {
    fault: 'envelope',
    description: 'the bid decrypted under the committed key but its length-hiding padding is malformed',
  },
  THRESHOLD_MISMATCH: {
    fault: 'policy',
    description: "the envelope's threshold is not the policy's, or is not within 2 ≤ t ≤ n",
  },
  SHARES_MISMATCH: {
    fault: 'policy',
    description: 'the envelope does not hold exactly one share for every registered organisation',
  },
  UNKNOWN_KEY: {
    fault: 'policy',
    description: "a share names a key id that is not its organisation's registered opening key",
  },
  INVALID_PUBLIC_KEY: {
    fault: 'policy',
    description: 'a public key is not an uncompressed P-256 point on the curve, or its key id does not match',
  },
  UNKNOWN_ORGANISATION: {
    fault: 'release',
    description: 'a released share comes from an organisation that has no share in the envelope',
  },
  DUPLICATE_SHARE: {
    fault: 'release',
    description: 'two released shares come from the same organisation',
  },
  MALFORMED_SHARE: {
    fault: 'release',
    description: 'a released share is not canonical base64url of the share length',
  },
  SHARE_HASH_MISMATCH: {
    fault: 'release',
    description: "a share's SHA-256 differs from the hash published in the envelope",
  },
  NOT_ENOUGH_SHARES: {
    fault: 'pending',
    description: 'fewer shares than the threshold have been released',
  },
  WRONG_RECIPIENT: {
    fault: 'caller',
    description: 'the share is addressed to another organisation or another opening key',
  },
  INVALID_ARGUMENT: {
    fault: 'caller',
    description:
      'a sealing argument is malformed: an id, the threshold, the plaintext size or an opening key',
  },
  INVALID_PRIVATE_KEY: {
    fault: 'caller',
    description: 'the opening private key is malformed or does not match its public key',
  },
} as const satisfies Record<string, SealingFailureSpec>;

export type SealingFailureReason = keyof typeof SEALING_FAILURES;

/** A refusal from a function that throws (sealing, key import, share decryption). */
export class SealingError extends Error {
  override readonly name = 'SealingError';

  constructor(
    readonly reason: SealingFailureReason,
    detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

/** The result of a check the chaincode records rather than throws: a value, or a reason. */
export type SealingOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: SealingFailureReason; readonly detail: string };

/** A successful outcome. */
export function success<T>(value: T): SealingOutcome<T> {
  return { ok: true, value };
}

/** A failed outcome with its reason and a short human-readable detail. */
export function failure<T>(reason: SealingFailureReason, detail: string): SealingOutcome<T> {
  return { ok: false, reason, detail };
}
