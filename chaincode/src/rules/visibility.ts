/** What a reader may see of a bid. Pure. */
import type { BidRecord, Tender } from '@procurement/contract';
import { latestAmendmentAt } from './deadlines';

/**
 * A bid as it is shown: `beforeAmendment` derived from the tender's latest amendment. Who may see a bid
 * at all is the listing's rule (before the opening deadline, only its own vendor). A sealed bid carries
 * no content: there is none on the ledger in clear until t organisations release their shares.
 */
export function visibleBid(bid: BidRecord, tender: Tender): BidRecord {
  const lastAmendment = latestAmendmentAt(tender);
  return { ...bid, beforeAmendment: lastAmendment !== undefined && bid.committedAt < lastAmendment };
}
