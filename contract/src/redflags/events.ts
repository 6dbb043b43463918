/**
 * The flags each ledger event raises, in one call per event, in code order: what the chaincode calls
 * inside the transaction. Only the award transaction sees the revealed bids and the ranking, so the
 * "opening or award" flags (R018, R028) are computed there.
 */
import type { Award, BidRecord, Tender } from '../schemas/records';
import { type AmendedTerms, lateAmendmentFlag } from './amendment';
import { awardOverEstimateFlag } from './award';
import {
  allButWinnerDisqualifiedFlag,
  identicalBidPricesFlag,
  lowestBidDisqualifiedFlag,
  singleBidFlag,
} from './bids';
import { RED_FLAG_CODES, type RedFlag } from './flag';
import type { RedFlagPolicy } from './policy';
import { type AwardIndexEntry, contractSplittingFlag } from './splitting';
import { shortSubmissionPeriodFlag } from './submission';

function raised(flags: readonly (RedFlag | undefined)[]): RedFlag[] {
  return flags
    .filter((f): f is RedFlag => f !== undefined)
    .sort((a, b) => RED_FLAG_CODES.indexOf(a.code) - RED_FLAG_CODES.indexOf(b.code));
}

/**
 * Flags of `tender:Publish` (R003).
 * @throws {RangeError} when a timestamp is not RFC 3339.
 */
export function flagsAtPublish(tender: Tender, txTime: string, policy: RedFlagPolicy): RedFlag[] {
  return raised([shortSubmissionPeriodFlag(tender, txTime, policy)]);
}

/**
 * Flags of `tender:Amend` (PL-LATE-AMENDMENT), from the tender before and after the amendment.
 * @throws {RangeError} when a timestamp is not RFC 3339.
 */
export function flagsAtAmendment(
  before: AmendedTerms,
  after: AmendedTerms,
  txTime: string,
  policy: RedFlagPolicy,
): RedFlag[] {
  return raised([lateAmendmentFlag(txTime, before, after, policy)]);
}

/** The index entry of an award (the value stored under `awardIndexKey`). */
export function awardIndexEntryOf(award: Award, tender: Pick<Tender, 'cpv'>): AwardIndexEntry {
  return {
    tenderId: award.tenderId,
    agency: award.agency,
    vendorId: award.vendorId,
    cpv: tender.cpv,
    price: award.price,
    awardedAt: award.awardedAt,
  };
}

/** What the award transaction knows when it checks the flags. */
export interface AwardContext {
  tender: Tender;
  bids: readonly BidRecord[];
  award: Award;
  /** The vendor's awards read from the index under `awardIndexPrefix` (any order). */
  earlierAwards: readonly AwardIndexEntry[];
  policy: RedFlagPolicy;
}

/**
 * Flags of the award transaction: R018, R028, R035, R036, PL-OVER-ESTIMATE, PL-SPLIT.
 * @throws {RangeError} when a timestamp or CPV code is malformed.
 */
export function flagsAtAward(context: AwardContext): RedFlag[] {
  const { tender, bids, award, earlierAwards, policy } = context;
  return raised([
    singleBidFlag(tender.procedure, bids),
    identicalBidPricesFlag(bids),
    allButWinnerDisqualifiedFlag(award.bidId, award.ranking),
    lowestBidDisqualifiedFlag(tender.awardCriteria.method, tender.estimatedValue.currency, award.ranking),
    awardOverEstimateFlag(award.price, tender.estimatedValue, policy),
    contractSplittingFlag(awardIndexEntryOf(award, tender), earlierAwards, policy),
  ]);
}
