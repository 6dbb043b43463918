/** Flags on the bids and their evaluation (computed at opening or award): R018, R028, R035, R036. */
import type { BidRecord, Money, RankingEntry } from '../schemas/records';
import type { AwardMethod, Procedure } from '../vocabulary';
import type { RedFlag } from './flag';

/** Bids still in force: neither withdrawn nor replaced by the vendor's newer bid. */
function bidsInForce(bids: readonly BidRecord[]): BidRecord[] {
  return bids.filter((b) => b.status !== 'withdrawn' && b.status !== 'replaced');
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * R018: exactly one bid received on an open procedure (no bid at all is not this flag).
 */
export function singleBidFlag(procedure: Procedure, bids: readonly BidRecord[]): RedFlag | undefined {
  if (procedure !== 'open') return undefined;
  const received = bidsInForce(bids);
  if (received.length !== 1) return undefined;
  return {
    code: 'R018',
    evidence: {
      procedure,
      bidsReceived: received.length,
      bidIds: received.map((b) => b.bidId),
      threshold: { maxBids: 1 },
    },
  };
}

/**
 * R028: two or more vendors revealed exactly the same price (same amount, same currency). The
 * evidence lists every group of identical prices, ordered by amount then currency.
 */
export function identicalBidPricesFlag(bids: readonly BidRecord[]): RedFlag | undefined {
  const groups = new Map<string, { price: Money; bids: BidRecord[] }>();
  for (const bid of bidsInForce(bids)) {
    if (bid.status !== 'opened' || !bid.price) continue;
    const key = `${bid.price.currency} ${bid.price.amount}`;
    const group = groups.get(key) ?? { price: bid.price, bids: [] };
    group.bids.push(bid);
    groups.set(key, group);
  }
  const identical = [...groups.values()]
    .filter((g) => new Set(g.bids.map((b) => b.vendorId)).size >= 2)
    .sort((a, b) => compareMoney(a.price, b.price))
    .map((g) => ({
      price: g.price,
      bidIds: g.bids.map((b) => b.bidId).sort(byText),
      vendorIds: [...new Set(g.bids.map((b) => b.vendorId))].sort(byText),
    }));
  if (identical.length === 0) return undefined;
  return { code: 'R028', evidence: { groups: identical, threshold: { minVendorsAtSamePrice: 2 } } };
}

function compareMoney(a: Money, b: Money): number {
  const difference = BigInt(a.amount) - BigInt(b.amount);
  return difference < 0n ? -1 : difference > 0n ? 1 : byText(a.currency, b.currency);
}

/**
 * R035: every bid except the winner's was disqualified (at least one other bid was evaluated).
 */
export function allButWinnerDisqualifiedFlag(
  winningBidId: string,
  ranking: readonly RankingEntry[],
): RedFlag | undefined {
  const others = ranking.filter((r) => r.bidId !== winningBidId);
  if (others.length === 0 || others.some((r) => r.compliant)) return undefined;
  return {
    code: 'R035',
    evidence: {
      winningBidId,
      bidsEvaluated: ranking.length,
      disqualified: others.map((r) => ({
        bidId: r.bidId,
        vendorId: r.vendorId,
        reason: r.reason ?? 'unknown',
      })),
      threshold: { maxCompliantOtherBids: 0 },
    },
  };
}

/**
 * R036: under lowest price, a disqualified bid in the tender's currency was strictly cheaper than
 * every compliant bid (or no bid was compliant). A disqualified bid at the same price as the cheapest
 * compliant bid is not flagged.
 */
export function lowestBidDisqualifiedFlag(
  method: AwardMethod,
  currency: string,
  ranking: readonly RankingEntry[],
): RedFlag | undefined {
  if (method !== 'lowestPrice') return undefined;
  const priced = ranking.filter((r) => r.price?.currency === currency);
  const lowestDisqualified = cheapest(priced.filter((r) => !r.compliant));
  if (!lowestDisqualified?.price) return undefined;
  const lowestCompliant = cheapest(priced.filter((r) => r.compliant));
  if (
    lowestCompliant?.price &&
    BigInt(lowestCompliant.price.amount) <= BigInt(lowestDisqualified.price.amount)
  ) {
    return undefined;
  }
  return {
    code: 'R036',
    evidence: {
      bidId: lowestDisqualified.bidId,
      vendorId: lowestDisqualified.vendorId,
      price: lowestDisqualified.price,
      reason: lowestDisqualified.reason ?? 'unknown',
      ...(lowestCompliant?.price ? { lowestCompliantPrice: lowestCompliant.price } : {}),
      threshold: { method },
    },
  };
}

/** The entry with the lowest price (the first by bid id among equals), or undefined. */
function cheapest(entries: readonly RankingEntry[]): RankingEntry | undefined {
  let best: RankingEntry | undefined;
  for (const entry of [...entries].sort((a, b) => byText(a.bidId, b.bidId))) {
    if (!entry.price) continue;
    if (!best?.price || BigInt(entry.price.amount) < BigInt(best.price.amount)) best = entry;
  }
  return best;
}
