/**
 * The associated data that binds each ciphertext of an envelope to its place on the ledger.
 *
 * The text `tenderId|bidId|vendorId` is taken literally: the ids joined by `|` and encoded as
 * UTF-8. Joining is injective only because no component can hold the separator: every component must
 * match `ID_PATTERN` (`[A-Za-z0-9._-]{1,64}`), checked here before encoding. Without that check,
 * `("a|b", "c")` and `("a", "b|c")` would give the same bytes, and a ciphertext could be replayed under
 * another pair of ids. A future id alphabet that admits `|` needs a length-prefixed encoding (a new
 * envelope version).
 */
import { ID_PATTERN } from '../limits';
import { SealingError } from './errors';
import { utf8ToBytes } from './primitives';

/** Where a bid lives on the ledger: the chaincode takes these from its own records, never from the envelope. */
export interface BidContext {
  readonly tenderId: string;
  readonly bidId: string;
  readonly vendorId: string;
}

function joinIds(
  parts: readonly [string, string, string],
  names: readonly [string, string, string],
): Uint8Array {
  parts.forEach((part, i) => {
    if (!ID_PATTERN.test(part)) {
      throw new SealingError('INVALID_ARGUMENT', `${names[i] ?? 'id'} must match ${ID_PATTERN.source}`);
    }
  });
  return utf8ToBytes(parts.join('|'));
}

/**
 * Associated data of the bid ciphertext: UTF-8 of `tenderId|bidId|vendorId`.
 *
 * @throws {SealingError} `INVALID_ARGUMENT` when an id does not match `ID_PATTERN`.
 */
export function bidAad(context: BidContext): Uint8Array {
  return joinIds([context.tenderId, context.bidId, context.vendorId], ['tenderId', 'bidId', 'vendorId']);
}

/**
 * Associated data of one encrypted share: UTF-8 of `tenderId|bidId|organisation` (the MSP ID).
 *
 * @throws {SealingError} `INVALID_ARGUMENT` when an id does not match `ID_PATTERN`.
 */
export function shareAad(tenderId: string, bidId: string, organisation: string): Uint8Array {
  return joinIds([tenderId, bidId, organisation], ['tenderId', 'bidId', 'organisation']);
}
