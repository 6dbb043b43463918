/** What a reader may see of a tender and of a bid. Pure. */
import { type BidRecord, OVERSIGHT_MSP, type Tender } from '@procurement/contract';
import { isOpened, latestAmendmentAt } from './deadlines';

/** Public fields only: no price or content. */
function commitmentOnly(bid: BidRecord): BidRecord {
  const rest = { ...bid };
  delete rest.price;
  delete rest.technicalProposal;
  delete rest.documents;
  delete rest.revealed;
  return rest;
}

/**
 * Before the opening deadline: commitments only, except the reader vendor's own bids. After it: every
 * bid with whatever was revealed; committed-but-unrevealed bids carry `revealed: false`. Replaced and
 * withdrawn bids are listed with their status (they never carry content). `beforeAmendment` is derived
 * here from the tender's latest amendment.
 */
export function visibleBid(
  bid: BidRecord,
  tender: Tender,
  nowMs: number,
  readerVendorId: string | undefined,
): BidRecord {
  const lastAmendment = latestAmendmentAt(tender);
  const derived: BidRecord = {
    ...bid,
    beforeAmendment: lastAmendment !== undefined && bid.committedAt < lastAmendment,
  };
  if (!isOpened(tender, nowMs)) {
    return readerVendorId === bid.vendorId ? derived : commitmentOnly(derived);
  }
  if (bid.status === 'revealed') return { ...derived, revealed: true };
  if (bid.status === 'committed') return { ...derived, revealed: false };
  return derived;
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
