/** The contract's closed vocabularies: each list is the one declaration of its values. */

/** Name the chaincode is committed under on the channel. */
export const CHAINCODE_NAME = 'procurement';

/** MSP of the oversight body; of the supplier registry. Every other MSP is a procuring agency. */
export const OVERSIGHT_MSP = 'AuditMSP';
export const SUPPLIERS_MSP = 'SuppliersMSP';

/** Private collection that holds sealed bids (Suppliers' implicit collection). */
export const SEALED_BID_COLLECTION = `_implicit_org_${SUPPLIERS_MSP}`;
/** Name of the transient-data entry that carries a sealed bid into `bid:Seal`. */
export const SEALED_BID_TRANSIENT_KEY = 'sealedBid';

/**
 * Roles carried in the `role` certificate attribute. `reader` is a gateway's read-only identity (its
 * block listener and public read model): the chaincode refuses it every write.
 */
export const ROLES = ['officer', 'evaluator', 'auditor', 'registrar', 'vendor', 'reader'] as const;
export type Role = (typeof ROLES)[number];

/** Stored tender statuses. `evaluation` is entered only when an upheld challenge annuls an award. */
export const TENDER_STATUSES = [
  'draft',
  'published',
  'evaluation',
  'awarded',
  'contracted',
  'cancelled',
] as const;
export type TenderStatus = (typeof TENDER_STATUSES)[number];

export const PROCEDURES = ['open', 'restricted'] as const;
export type Procedure = (typeof PROCEDURES)[number];

export const AWARD_METHODS = ['lowestPrice', 'bestPriceQuality'] as const;
export type AwardMethod = (typeof AWARD_METHODS)[number];

export const BID_STATUSES = ['sealed', 'committed', 'withdrawn', 'replaced', 'revealed'] as const;
export type BidStatus = (typeof BID_STATUSES)[number];

export const AWARD_STATUSES = ['standstill', 'annulled', 'contracted'] as const;
export type AwardStatus = (typeof AWARD_STATUSES)[number];

export const CHALLENGE_STATUSES = ['open', 'upheld', 'dismissed'] as const;
export type ChallengeStatus = (typeof CHALLENGE_STATUSES)[number];

/** An auditor's decision on a challenge. */
export const DECISIONS = ['upheld', 'dismissed'] as const;
export type Decision = (typeof DECISIONS)[number];

export const NON_COMPLIANCE_REASONS = ['notRevealed', 'overBudget', 'debarred', 'currencyMismatch'] as const;
export type NonComplianceReason = (typeof NON_COMPLIANCE_REASONS)[number];

/** Chaincode event names; exactly one event per state-changing transaction. */
export const EVENT_NAMES = [
  'PolicySet',
  'TenderCreated',
  'TenderPublished',
  'TenderAmended',
  'TenderCancelled',
  'BidSealed',
  'BidCommitted',
  'BidWithdrawn',
  'BidRevealed',
  'EvaluationSubmitted',
  'EvaluatorRecused',
  'AwardMade',
  'ChallengeLodged',
  'ChallengeDecided',
  'ContractRecorded',
  'VendorRegistered',
  'VendorDebarred',
  'VendorReinstated',
  'RedFlagReviewed',
] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** True when the value is one of the list's members (a type guard for the list's union). */
export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}
