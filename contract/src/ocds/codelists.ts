/**
 * The ledger's vocabularies mapped to OCDS 1.1.5 codelists (and the bids extension's `bidStatus`),
 * one table each. Tests check every value against the codelist CSVs in `contract/ocds-schema`.
 */
import type { AwardMethod, AwardStatus, Procedure, TenderStatus } from '../vocabulary';

/** Ledger tender status → OCDS `tenderStatus` (closed codelist). */
export const TENDER_STATUS_TO_OCDS: Readonly<Record<TenderStatus, string>> = {
  draft: 'planning',
  published: 'active',
  evaluation: 'active',
  awarded: 'complete',
  contracted: 'complete',
  cancelled: 'cancelled',
};

/** Ledger award status → OCDS `awardStatus` (closed codelist). */
export const AWARD_STATUS_TO_OCDS: Readonly<Record<AwardStatus, string>> = {
  /** Made but not yet in force: a bidder may still challenge it. */
  standstill: 'pending',
  annulled: 'cancelled',
  contracted: 'active',
};

/** Ledger procedure → OCDS `method` (closed codelist). */
export const PROCEDURE_TO_OCDS_METHOD: Readonly<Record<Procedure, string>> = {
  open: 'open',
  restricted: 'selective',
};

/** Ledger award method → OCDS `awardCriteria` (open codelist; both codes are OCDS's own). */
export const AWARD_METHOD_TO_OCDS_CRITERIA: Readonly<Record<AwardMethod, string>> = {
  lowestPrice: 'priceOnly',
  bestPriceQuality: 'ratedCriteria',
};

/** Every bid is sealed and submitted to the ledger electronically (`submissionMethod` codelist). */
export const OCDS_SUBMISSION_METHOD = 'electronicSubmission';

/** A bid's public outcome, derived from its ledger status, its reveal and the award's ranking. */
export type BidOutcome = 'valid' | 'disqualified' | 'notOpened' | 'withdrawn' | 'unevaluated';

/** Bid outcome → the bids extension's `bidStatus` (closed codelist). */
export const BID_OUTCOME_TO_OCDS_STATUS: Readonly<Record<BidOutcome, string>> = {
  valid: 'valid',
  disqualified: 'disqualified',
  /** A bid still sealed (too few shares released) or unopenable cannot be evaluated: non-compliant. */
  notOpened: 'disqualified',
  withdrawn: 'withdrawn',
  /** Opened, not yet ranked (between opening and award). */
  unevaluated: 'pending',
};

/** The ledger changes that make a release. */
export const RELEASE_CHANGES = [
  'publish',
  'amend',
  'cancel',
  'award',
  'challengeDecided',
  'contract',
] as const;
export type ReleaseChange = (typeof RELEASE_CHANGES)[number];

/** Change → OCDS `releaseTag` (closed codelist). */
export const CHANGE_TO_RELEASE_TAG: Readonly<Record<ReleaseChange, string>> = {
  publish: 'tender',
  amend: 'tenderAmendment',
  cancel: 'tenderCancellation',
  award: 'award',
  challengeDecided: 'awardUpdate',
  contract: 'contract',
};

/** Ledger contract record → OCDS `contractStatus`: a recorded contract is in force. */
export const OCDS_CONTRACT_STATUS = 'active';
