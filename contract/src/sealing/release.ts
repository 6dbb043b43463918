/**
 * The opener's side in one call: decrypt this organisation's share of each pending bid and build the
 * `bid:ReleaseShares` input. A share that cannot be decrypted or does not match its published hash is
 * reported as a failure (the sealer's fault), never released. Used by the gateway's opener duty and
 * `npm run open`.
 */
import type { ReleaseSharesInput } from '../schemas/bids';
import { decryptShare } from './decrypt-share';
import { toBase64Url } from './encoding';
import { SealingError, type SealingFailureReason } from './errors';
import type { OpeningPrivateKey } from './opening-keys';

export interface PendingEnvelope {
  readonly bidId: string;
  /** The envelope as the ledger holds it (parsed JSON). */
  readonly envelope: unknown;
}

export interface PrepareReleaseInput {
  readonly tenderId: string;
  /** The releasing organisation's MSP ID. */
  readonly organisation: string;
  readonly pending: readonly PendingEnvelope[];
  /** This organisation's opening private keys (current and retired), by key id. */
  readonly privateKeys: ReadonlyMap<string, OpeningPrivateKey>;
}

/** The key id the envelope encrypted this organisation's share to, if it holds one. */
function keyIdFor(envelope: unknown, organisation: string): string | undefined {
  const shares = (envelope as { shares?: { organisation?: unknown; keyId?: unknown }[] } | null)?.shares;
  const entry = Array.isArray(shares) ? shares.find((s) => s.organisation === organisation) : undefined;
  return typeof entry?.keyId === 'string' ? entry.keyId : undefined;
}

function shareOf(
  item: PendingEnvelope,
  input: PrepareReleaseInput,
): { share: string } | { reason: SealingFailureReason } {
  const privateKey = input.privateKeys.get(keyIdFor(item.envelope, input.organisation) ?? '');
  if (privateKey === undefined) return { reason: 'WRONG_RECIPIENT' };
  try {
    const share = decryptShare(
      item.envelope,
      { tenderId: input.tenderId, bidId: item.bidId, organisation: input.organisation },
      privateKey,
    );
    return { share: toBase64Url(share) };
  } catch (error) {
    if (error instanceof SealingError) return { reason: error.reason };
    throw error;
  }
}

/**
 * Decrypts this organisation's shares of the pending bids.
 *
 * @returns the release: `shares` to publish, `failures` for bids whose share is unusable. A missing
 * private key for the key id a share names is reported as `WRONG_RECIPIENT`.
 */
export function prepareRelease(input: PrepareReleaseInput): ReleaseSharesInput {
  const release: ReleaseSharesInput = { shares: [], failures: [] };
  for (const item of input.pending) {
    const outcome = shareOf(item, input);
    if ('share' in outcome) release.shares.push({ bidId: item.bidId, share: outcome.share });
    else release.failures.push({ bidId: item.bidId, reason: outcome.reason });
  }
  return release;
}
