/** What a reader may see of a tender and of a bid. Pure. */
import { type BidRecord, OVERSIGHT_MSP, type Tender } from '@procurement/contract';
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

/**
 * A tender as a reader of organisation `readerMsp` may see it: a draft only by its own agency
 * (undefined for anyone else), and the committee's usernames (`evaluators`) only by its own agency and
 * the oversight body.
 */
export function visibleTender(tender: Tender, readerMsp: string): Tender | undefined {
  if (tender.status === 'draft' && readerMsp !== tender.agency) return undefined;
  return committeeFor(tender, readerMsp);
}

/** The tender with its committee's usernames only for its own agency and the oversight body. */
export function committeeFor(tender: Tender, readerMsp: string): Tender {
  if (readerMsp === tender.agency || readerMsp === OVERSIGHT_MSP) return tender;
  const shown: Partial<Tender> = { ...tender };
  delete shown.evaluators;
  return shown as Tender;
}
