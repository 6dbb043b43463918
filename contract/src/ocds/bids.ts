/** The bids extension's `bids.details`: published only once the opening deadline has passed. */
import type { Award, BidRecord, Tender } from '../schemas/records';
import { parseTime } from '../time';
import { type BidOutcome, BID_OUTCOME_TO_OCDS_STATUS } from './codelists';
import { toOcdsValue } from './money';
import { vendorReference } from './parties';
import type { PublicVendor } from './snapshot';
import type { OcdsBid } from './types';

/**
 * True once the tender's opening deadline has passed at `time`: before it, no bid, bidder or count is
 * published.
 * @throws {RangeError} when a timestamp is not RFC 3339.
 */
export function bidsAreOpen(tender: Tender, time: string): boolean {
  return millis(time) >= millis(tender.openingDeadline);
}

/**
 * A bid's public outcome; undefined for a bid the vendor replaced by a newer one (not a bid any more).
 */
export function bidOutcome(bid: BidRecord, award: Award | undefined): BidOutcome | undefined {
  if (bid.status === 'replaced') return undefined;
  if (bid.status === 'withdrawn') return 'withdrawn';
  if (bid.status !== 'opened') return 'notOpened';
  const entry = award?.ranking.find((r) => r.bidId === bid.bidId);
  if (!entry) return 'unevaluated';
  return entry.compliant ? 'valid' : 'disqualified';
}

/**
 * The `bids.details` of the bids in force, ordered by bid id; the value only for a revealed bid.
 * @throws {Error} when a bidder's legal name is missing; {RangeError} when a price is not convertible.
 */
export function buildBidDetails(
  bids: readonly BidRecord[],
  award: Award | undefined,
  vendors: readonly PublicVendor[],
): OcdsBid[] {
  const details: OcdsBid[] = [];
  for (const bid of [...bids].sort((a, b) => compareText(a.bidId, b.bidId))) {
    const outcome = bidOutcome(bid, award);
    if (outcome === undefined) continue;
    details.push({
      id: bid.bidId,
      date: bid.committedAt,
      status: BID_OUTCOME_TO_OCDS_STATUS[outcome],
      tenderers: [vendorReference(bid.vendorId, vendors)],
      ...(bid.status === 'opened' && bid.price ? { value: toOcdsValue(bid.price) } : {}),
    });
  }
  return details;
}

/** Vendor ids of the bids in force (not replaced), sorted, without duplicates. */
export function tendererIds(bids: readonly BidRecord[]): string[] {
  return [...new Set(bids.filter((b) => b.status !== 'replaced').map((b) => b.vendorId))].sort(compareText);
}

/** Code-unit order, the same on every endorser (no locale). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function millis(time: string): number {
  const value = parseTime(time);
  if (value === undefined) throw new RangeError(`not an RFC 3339 timestamp: ${time}`);
  return value;
}
