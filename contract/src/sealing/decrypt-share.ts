/** The opener's side: an organisation decrypts its own share of a sealed bid after the deadline. */
import { SEALING_BYTES } from './constants';
import { fromBase64Url } from './encoding';
import { parseEnvelope } from './envelope';
import { SealingError } from './errors';
import type { OpeningPrivateKey } from './opening-keys';
import { equalBytes, sha256 } from './primitives';
import { unwrapShare } from './share-wrap';

/** The bid whose share is decrypted: the opener takes these from the ledger record, not the envelope. */
export interface ShareContext {
  readonly tenderId: string;
  readonly bidId: string;
  /** The opener's own MSP ID. */
  readonly organisation: string;
}

/**
 * Decrypts this organisation's share of a sealed bid and checks it against the published hash, so
 * that `bid:ReleaseShares` will accept it.
 *
 * @param envelope the envelope as stored on the ledger (parsed JSON; it is validated here).
 * @returns the 33-byte share (release it as `toBase64Url(share)`).
 * @throws {SealingError} `MALFORMED_ENVELOPE`; `WRONG_RECIPIENT` when the envelope holds no share for
 * `context.organisation` or that share is encrypted to another key id; `DECRYPTION_FAILED` when the
 * share does not decrypt under this key for this tender, bid and organisation; `SHARE_HASH_MISMATCH`
 * when it decrypts but differs from its published hash (the sealer's fault: the share is useless);
 * `INVALID_ARGUMENT` for an id that does not match `ID_PATTERN`.
 */
export function decryptShare(
  envelope: unknown,
  context: ShareContext,
  privateKey: OpeningPrivateKey,
): Uint8Array {
  const parsed = parseEnvelope(envelope);
  if (!parsed.ok) throw new SealingError(parsed.reason, parsed.detail);
  const encrypted = parsed.value.shares.find((share) => share.organisation === context.organisation);
  if (encrypted === undefined) {
    throw new SealingError('WRONG_RECIPIENT', `no share for ${context.organisation}`);
  }
  if (encrypted.keyId !== privateKey.keyId) {
    throw new SealingError(
      'WRONG_RECIPIENT',
      `the share of ${context.organisation} is for key ${encrypted.keyId}`,
    );
  }
  const share = unwrapShare(encrypted, context.tenderId, context.bidId, privateKey);
  if (share?.length !== SEALING_BYTES.share) {
    throw new SealingError('DECRYPTION_FAILED', `the share of ${context.organisation} does not decrypt`);
  }
  if (!equalBytes(sha256(share), fromBase64Url(encrypted.shareHash, 'shareHash'))) {
    throw new SealingError(
      'SHARE_HASH_MISMATCH',
      `the share of ${context.organisation} differs from its hash`,
    );
  }
  return share;
}
