/** The contract's closed vocabularies: each list is the one declaration of its values. */

/** Name the chaincode is committed under on the channel. */
export const CHAINCODE_NAME = 'procurement';

/** MSP of the oversight body; of the supplier registry. Every other MSP is a procuring agency. */
export const OVERSIGHT_MSP = 'AuditMSP';
export const SUPPLIERS_MSP = 'SuppliersMSP';

/**
 * Roles carried in the `role` certificate attribute. `opener`: one identity per organisation that
 * registers its opening key and releases its key shares after the submission deadline (issue 9).
 * `reader` is a gateway's read-only identity (its block listener and public read model): the chaincode
 * refuses it every write.
 */
export const ROLES = ['officer', 'evaluator', 'auditor', 'registrar', 'vendor', 'opener', 'reader'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The Fabric CA attribute (`true`) on every user the registrar onboards through the gateway: the user's
 * enrolment secret was chosen by the registrar, so whoever enrols with it must choose their own password
 * at that first login, and the gateway never stores the secret as the password. In the certificate too.
 */
export const MUST_CHANGE_PASSWORD_ATTRIBUTE = 'pl.mustChangePassword';

/** The attributes a registrar may give the users it registers (its `hf.Registrar.Attributes`). */
export const REGISTRAR_ATTRIBUTES = ['role', 'vendorId', MUST_CHANGE_PASSWORD_ATTRIBUTE] as const;

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

/**
 * `sealed`: on the ledger as an envelope only; `replaced`/`withdrawn`: never opened; `opened`: t key
 * shares released and the bid decrypted; `unopenable`: its envelope could not be opened (out of the ranking).
 */
export const BID_STATUSES = ['sealed', 'withdrawn', 'replaced', 'opened', 'unopenable'] as const;
export type BidStatus = (typeof BID_STATUSES)[number];

export const AWARD_STATUSES = ['standstill', 'annulled', 'contracted'] as const;
export type AwardStatus = (typeof AWARD_STATUSES)[number];

export const CHALLENGE_STATUSES = ['open', 'upheld', 'dismissed'] as const;
export type ChallengeStatus = (typeof CHALLENGE_STATUSES)[number];

/** An auditor's decision on a challenge. */
export const DECISIONS = ['upheld', 'dismissed'] as const;
export type Decision = (typeof DECISIONS)[number];

export const NON_COMPLIANCE_REASONS = ['unopenable', 'overBudget', 'debarred', 'currencyMismatch'] as const;
export type NonComplianceReason = (typeof NON_COMPLIANCE_REASONS)[number];

/** Chaincode event names; exactly one event per state-changing transaction. */
export const EVENT_NAMES = [
  'PolicyProposed',
  'PolicySet',
  'TenderCreated',
  'TenderPublished',
  'TenderAmended',
  'TenderCancelled',
  'OpeningKeyRegistered',
  'TenderCancellationApproved',
  'BidSealed',
  'BidWithdrawn',
  'SharesReleased',
  'BidsOpened',
  'EvaluationSubmitted',
  'EvaluatorRecused',
  'AwardMade',
  'ChallengeLodged',
  'ChallengeDecided',
  'ContractRecorded',
  'VendorRegistered',
  'VendorUserApproved',
  'VendorDebarred',
  'VendorReinstated',
  'RedFlagReviewed',
] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** True when the value is one of the list's members (a type guard for the list's union). */
export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}
