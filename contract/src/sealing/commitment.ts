/** The key commitment: SHA-256("bid-key" ‖ K). It makes the envelope open under exactly one key. */
import { SEALING_LABELS } from './constants';
import { sha256, utf8ToBytes } from './primitives';

/**
 * The commitment to a bid key: SHA-256 of the 7 ASCII bytes `bid-key` followed by the 32 key bytes
 * (fixed lengths, so the concatenation is unambiguous).
 */
export function keyCommitment(key: Uint8Array): Uint8Array {
  return sha256(utf8ToBytes(SEALING_LABELS.keyCommitment), key);
}
