/**
 * Compliance, scoring and ranking: pure, integer-only. Scores are basis points (0..10000); every
 * component is floored separately; money is compared as BigInt.
 */
import type {
  AwardCriteria,
  BidRecord,
  Money,
  NonComplianceReason,
  RankingEntry,
} from '@procurement/contract';
import { conflict } from '../errors';

export interface RankingInput {
  criteria: AwardCriteria;
  currency: string;
  budgetCeiling?: Money;
  /** Live bids of the tender (opened or unopenable); replaced and withdrawn bids are not ranked. */
  bids: readonly BidRecord[];
  /** vendorIds debarred at award time. */
  debarred: ReadonlySet<string>;
  committee: readonly string[];
  recused: ReadonlySet<string>;
  evaluations: readonly { bidId: string; evaluator: string; scores: Record<string, number> }[];
}

/** Plain code-unit comparison (never locale-dependent). */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Tie-break: earliest commitment, then smaller vendorId, then smaller bidId: a total order. */
export function tieBreak(a: BidRecord, b: BidRecord): number {
  return (
    compareStrings(a.committedAt, b.committedAt) ||
    compareStrings(a.vendorId, b.vendorId) ||
    compareStrings(a.bidId, b.bidId)
  );
}

export function complianceOf(
  bid: BidRecord,
  input: Pick<RankingInput, 'currency' | 'budgetCeiling' | 'debarred'>,
): NonComplianceReason | undefined {
  if (bid.status !== 'opened' || bid.price === undefined) return 'unopenable';
  if (bid.price.currency !== input.currency) return 'currencyMismatch';
  if (input.budgetCeiling && BigInt(bid.price.amount) > BigInt(input.budgetCeiling.amount))
    return 'overBudget';
  if (input.debarred.has(bid.vendorId)) return 'debarred';
  return undefined;
}

/** floor(priceWeight*100 * lowest / price); a zero price (only possible when lowest is zero) scores in full. */
export function priceComponent(priceWeight: number, lowest: bigint, price: bigint): number {
  const full = BigInt(priceWeight) * 100n;
  if (price === 0n) return Number(full);
  return Number((full * lowest) / price);
}

/** floor(weight*100 * sumScores / (n * maxScore)). */
export function criterionComponent(
  weight: number,
  sumScores: number,
  members: number,
  maxScore: number,
): number {
  return Number((BigInt(weight) * 100n * BigInt(sumScores)) / (BigInt(members) * BigInt(maxScore)));
}

function priceOf(bid: BidRecord): bigint {
  return BigInt(bid.price?.amount ?? '0');
}

/** Ranks the bids: compliant ones first by rank, then the non-compliant ones in tie-break order. */
export function rankBids(input: RankingInput): RankingEntry[] {
  const compliant: BidRecord[] = [];
  const rejected: { bid: BidRecord; reason: NonComplianceReason }[] = [];
  for (const bid of input.bids) {
    const reason = complianceOf(bid, input);
    if (reason === undefined) compliant.push(bid);
    else rejected.push({ bid, reason });
  }
  if (compliant.length === 0) throw conflict('no compliant bid: nothing can be awarded');

  const scores = input.criteria.method === 'lowestPrice' ? undefined : scoreBids(compliant, input);
  const ordered = [...compliant].sort((a, b) => {
    if (scores) {
      const diff = (scores.get(b.bidId) ?? 0) - (scores.get(a.bidId) ?? 0);
      if (diff !== 0) return diff;
    } else {
      const pa = priceOf(a);
      const pb = priceOf(b);
      if (pa !== pb) return pa < pb ? -1 : 1;
    }
    return tieBreak(a, b);
  });

  const ranked: RankingEntry[] = ordered.map((bid, index) => ({
    bidId: bid.bidId,
    vendorId: bid.vendorId,
    ...(bid.price ? { price: bid.price } : {}),
    ...(scores ? { score: scores.get(bid.bidId) ?? 0 } : {}),
    compliant: true,
    rank: index + 1,
  }));
  const others: RankingEntry[] = rejected
    .sort((a, b) => tieBreak(a.bid, b.bid))
    .map(({ bid, reason }) => ({
      bidId: bid.bidId,
      vendorId: bid.vendorId,
      ...(bid.price ? { price: bid.price } : {}),
      compliant: false,
      reason,
    }));
  return [...ranked, ...others];
}

/** bestPriceQuality scores in basis points; needs every non-recused member's scores on every compliant bid. */
function scoreBids(compliant: readonly BidRecord[], input: RankingInput): Map<string, number> {
  if (input.criteria.method !== 'bestPriceQuality') return new Map();
  const { priceWeight, criteria } = input.criteria;
  const members = input.committee.filter((m) => !input.recused.has(m));
  if (members.length === 0) throw conflict('every committee member has recused: the tender cannot be scored');

  const byBidAndMember = new Map<string, Record<string, number>>();
  for (const e of input.evaluations) byBidAndMember.set(`${e.bidId}\u0000${e.evaluator}`, e.scores);

  const lowest = compliant.map(priceOf).reduce((min, p) => (p < min ? p : min));
  const result = new Map<string, number>();
  for (const bid of compliant) {
    const sums = criteria.map(() => 0);
    for (const member of members) {
      const given = byBidAndMember.get(`${bid.bidId}\u0000${member}`);
      if (!given) throw conflict(`evaluator ${member} has not scored bid ${bid.bidId}`);
      criteria.forEach((c, i) => {
        sums[i] = (sums[i] ?? 0) + (given[c.id] ?? 0);
      });
    }
    let score = priceComponent(priceWeight, lowest, priceOf(bid));
    criteria.forEach((c, i) => {
      score += criterionComponent(c.weight, sums[i] ?? 0, members.length, c.maxScore);
    });
    result.set(bid.bidId, score);
  }
  return result;
}

/**
 * Committee members (already without the recused) who lack a score on any of the given bids, in
 * committee order.
 */
export function missingScorers(
  members: readonly string[],
  bidIds: readonly string[],
  evaluations: RankingInput['evaluations'],
): string[] {
  const scored = new Set(evaluations.map((e) => `${e.bidId}\u0000${e.evaluator}`));
  return members.filter((m) => bidIds.some((bidId) => !scored.has(`${bidId}\u0000${m}`)));
}

/** The bids that rank on price and scores: revealed, in the currency, within budget, vendor not debarred. */
export function compliantBidIds(
  input: Pick<RankingInput, 'bids' | 'currency' | 'budgetCeiling' | 'debarred'>,
): string[] {
  return input.bids.filter((b) => complianceOf(b, input) === undefined).map((b) => b.bidId);
}
