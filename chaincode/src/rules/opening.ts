/**
 * Threshold opening, as pure decisions: what the released shares of one bid allow, and what an opened
 * plaintext becomes. The cryptography is the contract package's sealing core (the same code that seals
 * in the browser); nothing here reads the ledger or a clock. Deterministic.
 */
import {
  type BidContent,
  type BidRecord,
  type SealedBidEnvelope,
  SEALING_FAILURES,
  bidContentSchema,
  openEnvelope,
} from '@procurement/contract';

/** What the ledger keeps per (bid, organisation): the released share, or why it could not be released. */
export type StoredShare =
  | { readonly organisation: string; readonly share: string }
  | { readonly organisation: string; readonly failure: string };

/** Why a bid was recorded unopenable: a sealing reason code, or `INVALID_CONTENT`. */
export interface Unopenable {
  readonly reason: string;
  readonly detail: string;
}

export type OpeningDecision =
  | { readonly kind: 'wait' }
  | { readonly kind: 'opened'; readonly content: BidContent }
  | { readonly kind: 'unopenable'; readonly why: Unopenable };

const WAIT: OpeningDecision = { kind: 'wait' };

function releasedOf(stored: readonly StoredShare[]): { organisation: string; share: string }[] {
  return stored.flatMap((s) => ('share' in s ? [{ organisation: s.organisation, share: s.share }] : []));
}

/** The decrypted bid as content: JSON matching the bid content schema, or unopenable. */
export function contentOf(plaintext: Uint8Array): OpeningDecision {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
  } catch {
    return unopenable('INVALID_CONTENT', 'the opened bid is not UTF-8 JSON');
  }
  const parsed = bidContentSchema.safeParse(raw);
  if (!parsed.success)
    return unopenable('INVALID_CONTENT', 'the opened bid is not a bid (price, proposal, documents)');
  return { kind: 'opened', content: parsed.data };
}

function unopenable(reason: string, detail: string): OpeningDecision {
  return { kind: 'unopenable', why: { reason, detail } };
}

/**
 * What a sealed bid's shares allow: open it once t shares are released (checking all of them lie on
 * one polynomial), mark it unopenable when so many organisations could not decrypt their share that t
 * can no longer be reached, or wait.
 *
 * @param context the bid's own ids from its ledger record (never the envelope's).
 */
export async function decideOpening(
  envelope: SealedBidEnvelope,
  context: Pick<BidRecord, 'tenderId' | 'bidId' | 'vendorId'>,
  stored: readonly StoredShare[],
): Promise<OpeningDecision> {
  const released = releasedOf(stored);
  const failed = stored.length - released.length;
  const n = envelope.shares.length;
  if (released.length < envelope.threshold) {
    if (n - failed < envelope.threshold) {
      return unopenable(
        'NOT_ENOUGH_SHARES',
        `${failed} of ${n} organisations could not release their share; ${envelope.threshold} are needed`,
      );
    }
    return WAIT;
  }
  const outcome = await openEnvelope(envelope, context, released);
  if (outcome.ok) return contentOf(outcome.value);
  if (SEALING_FAILURES[outcome.reason].fault === 'pending') return WAIT;
  return unopenable(outcome.reason, outcome.detail);
}

/** The bid record once decided: opened with its content, or unopenable with the reason. */
export function decidedBid(
  bid: BidRecord,
  decision: Exclude<OpeningDecision, { kind: 'wait' }>,
  at: { now: string; txId: string },
): BidRecord {
  if (decision.kind === 'opened') {
    return { ...bid, status: 'opened', openedAt: at.now, txId: at.txId, ...decision.content };
  }
  return { ...bid, status: 'unopenable', openedAt: at.now, txId: at.txId, unopenable: decision.why };
}
