/**
 * The chaincode's public contract: transaction names, argument shapes, returned records, events and
 * error codes. The gateway imports this file for types only (`import type`), never the implementation.
 *
 * Conventions every transaction follows:
 * - Arguments are strings. Structured input is one canonical-or-not JSON string argument; the chaincode
 *   parses and validates it (bad input: `INVALID_ARGUMENT`).
 * - Every transaction returns one canonical JSON string (keys sorted, no floats), so all endorsers
 *   produce the same bytes.
 * - A refusal is thrown as an Error whose message is `<ErrorCode>: <human message>`; the shim turns it
 *   into a status-500 response and the gateway parses the code back out of the endorsement details.
 * - Times are RFC 3339 UTC strings with millisecond precision (`2026-01-31T12:00:00.000Z`), derived from
 *   the transaction timestamp, never from the endorser's clock.
 * - Money is integer minor units as a decimal string plus an ISO 4217 code.
 */

/** Name the chaincode is committed under on the channel. */
export type ChaincodeName = 'procurement';

/** Stable error codes; the prefix of every refusal message. */
export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_AUTHORISED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'DEADLINE_PASSED'
  | 'TOO_EARLY'
  | 'CLOCK_SKEW';

/** Roles carried in the `role` certificate attribute. */
export type Role = 'officer' | 'evaluator' | 'auditor' | 'registrar' | 'vendor';

/** MSP of the oversight body and of the supplier registry; every other MSP is a procuring agency. */
export type OversightMspId = 'AuditMSP';
export type SuppliersMspId = 'SuppliersMSP';

/** Private collection that holds sealed bids (Suppliers' implicit collection). */
export type SealedBidCollection = '_implicit_org_SuppliersMSP';

/** Name of the transient-data entry that carries a sealed bid into `bid:Seal`. */
export type SealedBidTransientKey = 'sealedBid';

export interface Money {
  /** Integer minor units, decimal digits only, no sign, no leading zeros (except "0"). */
  amount: string;
  /** ISO 4217 alphabetic code, e.g. "EUR". */
  currency: string;
}

export interface DocumentRef {
  name: string;
  /** Lower-case hex SHA-256 of the document. */
  sha256: string;
  url?: string;
}

export type Procedure = 'open' | 'restricted';

export interface QualityCriterion {
  id: string;
  name: string;
  /** Percent; priceWeight plus every criterion weight sums to 100. */
  weight: number;
  /** Highest integer score an evaluator may give on this criterion. */
  maxScore: number;
}

export type AwardCriteria =
  | { method: 'lowestPrice' }
  | { method: 'bestPriceQuality'; priceWeight: number; criteria: QualityCriterion[] };

export interface Policy {
  minSubmissionSeconds: Record<Procedure, number>;
  minRevealSeconds: number;
  standstillSeconds: number;
  amendmentExtensionSeconds: number;
  clockToleranceSeconds: number;
  /** Present once an auditor has set the policy; absent while the deployment defaults apply. */
  updatedAt?: string;
  updatedBy?: string;
}

/** Stored tender statuses. `evaluation` is entered only when an upheld challenge annuls an award. */
export type TenderStatus = 'draft' | 'published' | 'evaluation' | 'awarded' | 'contracted' | 'cancelled';

/** Input of `tender:Create`. */
export interface CreateTenderInput {
  id: string;
  title: string;
  description: string;
  /** CPV code, e.g. "45233140-2". */
  cpv: string;
  estimatedValue: Money;
  budgetCeiling?: Money;
  procedure: Procedure;
  submissionDeadline: string;
  openingDeadline: string;
  awardCriteria: AwardCriteria;
  /** Usernames (enrolment ids) of evaluators of the owning agency. */
  evaluators: string[];
  documents: DocumentRef[];
}

export interface TenderChanges {
  title?: string;
  description?: string;
  documents?: DocumentRef[];
  submissionDeadline?: string;
  openingDeadline?: string;
  budgetCeiling?: Money;
}

/** Input of `tender:Amend`. */
export interface AmendTenderInput {
  reason: string;
  changes: TenderChanges;
}

export interface Amendment {
  /** 1, 2, … in order. */
  seq: number;
  reason: string;
  changes: TenderChanges;
  at: string;
  by: string;
  txId: string;
  /** True when the amendment fell inside the extension window and moved the deadlines out. */
  extendedDeadline: boolean;
}

export interface Tender extends CreateTenderInput {
  /** MSP ID of the creator's organisation: the owning agency. */
  agency: string;
  status: TenderStatus;
  createdAt: string;
  createdBy: string;
  publishedAt?: string;
  amendments: Amendment[];
  cancellation?: { reason: string; at: string; by: string };
  /** Last transaction that wrote this tender and its submitter's MSP. */
  updatedAt: string;
  txId: string;
  /** MSP ID of the submitter of the last transaction that wrote this tender (shown by tender:History). */
  updatedByMsp?: string;
}

export interface Page<T> {
  items: T[];
  /** Opaque; absent on the last page. */
  bookmark?: string;
}

/** Input of `tender:List`. */
export interface ListTendersQuery {
  status?: TenderStatus;
  agency?: string;
  /** 1..100, default 20. */
  pageSize?: number;
  bookmark?: string;
}

export interface TenderVersion {
  txId: string;
  timestamp: string;
  /** MSP of the submitter of that transaction. */
  mspId: string;
  isDelete: boolean;
  tender?: Tender;
}

/**
 * The sealed bid as written to the private collection. The exact UTF-8 bytes of its canonical JSON are
 * what the commitment hashes, and what `bid:Reveal` must be given back.
 */
export interface SealedBid {
  tenderId: string;
  bidId: string;
  vendorId: string;
  price: Money;
  technicalProposal: Record<string, unknown>;
  documents: DocumentRef[];
  /** At least 128 bits from a CSPRNG, lower-case hex (>= 32 characters). */
  salt: string;
}

export type BidStatus = 'sealed' | 'committed' | 'withdrawn' | 'replaced' | 'revealed';

/** Public bid record (one key per bid). Before reveal it carries no content, only the commitment. */
export interface BidRecord {
  tenderId: string;
  bidId: string;
  vendorId: string;
  /** Lower-case hex SHA-256 of the sealed bid bytes (the private-data hash). */
  commitment: string;
  committedAt: string;
  txId: string;
  status: BidStatus;
  /** Derived at read time: committed before the tender's latest amendment. */
  beforeAmendment: boolean;
  revealedAt?: string;
  /** Present only once revealed. */
  price?: Money;
  technicalProposal?: Record<string, unknown>;
  documents?: DocumentRef[];
  /** After the opening deadline: false for a committed bid that was never revealed. */
  revealed?: boolean;
}

export interface ScoreInput {
  bidId: string;
  /** criterionId -> integer 0..maxScore. Ignored when conflictOfInterest is true. */
  scores: Record<string, number>;
  conflictOfInterest: boolean;
}

export interface Evaluation {
  tenderId: string;
  bidId: string;
  evaluator: string;
  scores: Record<string, number>;
  at: string;
  txId: string;
}

export interface Recusal {
  tenderId: string;
  evaluator: string;
  at: string;
  txId: string;
}

export type NonComplianceReason = 'notRevealed' | 'overBudget' | 'debarred' | 'currencyMismatch';

export interface RankingEntry {
  bidId: string;
  vendorId: string;
  price?: Money;
  /** Basis points (0..10000), bestPriceQuality only. */
  score?: number;
  compliant: boolean;
  reason?: NonComplianceReason;
  /** 1-based among compliant bids. */
  rank?: number;
}

export type AwardStatus = 'standstill' | 'annulled' | 'contracted';

export interface Award {
  tenderId: string;
  agency: string;
  bidId: string;
  vendorId: string;
  price: Money;
  score?: number;
  ranking: RankingEntry[];
  awardedAt: string;
  standstillEndsAt: string;
  status: AwardStatus;
  txId: string;
}

/** Input of `award:List`: award history, newest first. */
export interface ListAwardsQuery {
  agency?: string;
  vendor?: string;
  /** RFC 3339, inclusive, on awardedAt. */
  from?: string;
  /** RFC 3339, exclusive, on awardedAt. */
  to?: string;
  pageSize?: number;
  bookmark?: string;
}

export type ChallengeStatus = 'open' | 'upheld' | 'dismissed';

export interface Challenge {
  challengeId: string;
  tenderId: string;
  vendorId: string;
  reason: string;
  lodgedAt: string;
  status: ChallengeStatus;
  decision?: { decision: 'upheld' | 'dismissed'; reason: string; at: string; by: string };
  txId: string;
}

export interface ContractRecord {
  tenderId: string;
  bidId: string;
  vendorId: string;
  price: Money;
  documents: DocumentRef[];
  recordedAt: string;
  txId: string;
}

export interface Vendor {
  vendorId: string;
  legalName: string;
  registeredAt: string;
  debarment?: { reason: string; since: string; until?: string; by: string };
  /** The latest reinstatement (cleared by a new debarment). */
  reinstatement?: { reason: string; at: string; by: string };
  /** Derived at read time from debarment and the transaction time. */
  debarred: boolean;
  txId: string;
}

/**
 * Every transaction, as `contract:Function`, with its string arguments and its result.
 * `who` is informative; the chaincode's access table is the authority.
 */
export interface Transactions {
  /** anyone */ 'policy:Get': { args: []; result: Policy };
  /** AuditMSP auditor; arg: JSON of Policy without updatedAt/updatedBy */
  'policy:Set': { args: [policyJson: string]; result: Policy };

  /** agency officer */ 'tender:Create': { args: [inputJson: string]; result: Tender };
  /** officer of the owning agency */ 'tender:Publish': { args: [tenderId: string]; result: Tender };
  /** officer of the owning agency */ 'tender:Amend': {
    args: [tenderId: string, inputJson: string];
    result: Tender;
  };
  /** officer of the owning agency */ 'tender:Cancel': {
    args: [tenderId: string, reason: string];
    result: Tender;
  };
  /** anyone */ 'tender:Get': { args: [tenderId: string]; result: Tender };
  /** anyone; arg: JSON ListTendersQuery */ 'tender:List': {
    args: [queryJson: string];
    result: Page<Tender>;
  };
  /** anyone */ 'tender:History': { args: [tenderId: string]; result: { items: TenderVersion[] } };

  /**
   * vendor; transient `sealedBid` = canonical JSON of SealedBid; endorsed by SuppliersMSP alone
   * (the chaincode refuses to run it on any other org's peer). Writes only the private collection.
   */
  'bid:Seal': {
    args: [tenderId: string, bidId: string];
    result: { tenderId: string; bidId: string; vendorId: string };
  };
  /** vendor (same as sealed); majority-endorsed; records the private-data hash as commitment */
  'bid:Commit': { args: [tenderId: string, bidId: string]; result: BidRecord };
  /** the bid's vendor, before the submission deadline */
  'bid:Withdraw': { args: [tenderId: string, bidId: string]; result: BidRecord };
  /** the bid's vendor; evaluate on the Suppliers peer only; returns the exact stored JSON string */
  'bid:ReadSealed': { args: [tenderId: string, bidId: string]; result: SealedBid };
  /** the bid's vendor, between the deadlines; arg: the exact sealed bytes as read back */
  'bid:Reveal': { args: [tenderId: string, bidId: string, sealedBidJson: string]; result: BidRecord };
  /** anyone; visibility per API.md (commitments only before the opening deadline) */
  'bid:List': { args: [tenderId: string]; result: { items: BidRecord[] } };
  /** anyone; same visibility as bid:List */
  'bid:Get': { args: [tenderId: string, bidId: string]; result: BidRecord };

  /** committee member, after the opening deadline, before the award; arg: JSON ScoreInput */
  'evaluation:Submit': { args: [tenderId: string, inputJson: string]; result: Evaluation | Recusal };
  /** anyone after the opening deadline */
  'evaluation:List': { args: [tenderId: string]; result: { items: Evaluation[]; recusals: Recusal[] } };

  /** officer of the owning agency, after the opening deadline, once */ 'award:Make': {
    args: [tenderId: string];
    result: Award;
  };
  /** anyone */ 'award:Get': { args: [tenderId: string]; result: Award };
  /** anyone; arg: JSON ListAwardsQuery */ 'award:List': { args: [queryJson: string]; result: Page<Award> };
  /** vendor that bid, during standstill */
  'award:LodgeChallenge': {
    args: [tenderId: string, challengeId: string, reason: string];
    result: Challenge;
  };
  /** auditor */
  'award:DecideChallenge': {
    args: [challengeId: string, decision: string, reason: string];
    result: Challenge;
  };
  /** anyone */ 'award:GetChallenge': { args: [challengeId: string]; result: Challenge };
  /** officer of the owning agency, after standstill, no open challenge; arg: JSON { documents? } */
  'award:RecordContract': { args: [tenderId: string, inputJson: string]; result: ContractRecord };

  /** SuppliersMSP registrar; arg: JSON { vendorId, legalName } */
  'vendor:Register': { args: [inputJson: string]; result: Vendor };
  /** auditor; arg: JSON { reason, until? } */ 'vendor:Debar': {
    args: [vendorId: string, inputJson: string];
    result: Vendor;
  };
  /** auditor */ 'vendor:Reinstate': { args: [vendorId: string, reason: string]; result: Vendor };
  /** anyone */ 'vendor:Get': { args: [vendorId: string]; result: Vendor };
}

export type TransactionName = keyof Transactions;

/** Chaincode event names; exactly one event per state-changing transaction. */
export type EventName =
  | 'PolicySet'
  | 'TenderCreated'
  | 'TenderPublished'
  | 'TenderAmended'
  | 'TenderCancelled'
  | 'BidSealed'
  | 'BidCommitted'
  | 'BidWithdrawn'
  | 'BidRevealed'
  | 'EvaluationSubmitted'
  | 'EvaluatorRecused'
  | 'AwardMade'
  | 'ChallengeLodged'
  | 'ChallengeDecided'
  | 'ContractRecorded'
  | 'VendorRegistered'
  | 'VendorDebarred'
  | 'VendorReinstated';

/** Event payload (canonical JSON): the ids a subscriber needs, never sealed content. */
export interface EventPayload {
  tenderId?: string;
  bidId?: string;
  vendorId?: string;
  challengeId?: string;
  evaluator?: string;
  status?: string;
  agency?: string;
}
