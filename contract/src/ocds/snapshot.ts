/** What a release is built from: the ledger's records of one process and the facts of one transaction. */
import type { Award, BidRecord, Challenge, ContractRecord, Tender, Vendor } from '../schemas/records';
import type { ReleaseChange } from './codelists';

/** The public part of a vendor: the legal name and id the law publishes, nothing else. */
export type PublicVendor = Pick<Vendor, 'vendorId' | 'legalName'>;

/** The state of one contracting process right after a transaction, as the ledger holds it. */
export interface ProcessSnapshot {
  tender: Tender;
  /** Every bid record of the tender; only published after the opening deadline. */
  bids?: readonly BidRecord[];
  /** The current award (annulled, in standstill or contracted), if any. */
  award?: Award;
  /** The challenge this transaction decided (`challengeDecided` only). */
  challenge?: Challenge;
  contract?: ContractRecord;
  /** Legal names of the vendors named by the bids and the award, by vendor id. */
  vendors: readonly PublicVendor[];
}

/** The facts of the transaction that made the change. */
export interface TransactionFacts {
  txId: string;
  /** The transaction's (block's) timestamp, RFC 3339. */
  time: string;
  change: ReleaseChange;
}

/** Publication settings of the OCDS builders. */
export interface OcdsConfig {
  /** Registered OCID prefix, such as `ocds-procledger`; the ocid is `${prefix}-${tenderId}`. */
  ocidPrefix: string;
  /** Scheme of the vendors' identifiers (an org-id.guide list code). */
  vendorIdScheme: string;
  /** Display names of the agencies by MSP ID; the MSP ID itself when absent. */
  agencyNames?: Readonly<Record<string, string>>;
  /** ISO 639-1 language of the tenders' free text, published as the release's `language`. */
  language?: string;
  /** Name of the oversight body, which decides challenges (`reviewBody`). */
  oversightName?: string;
}
