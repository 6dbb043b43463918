/**
 * The chaincode's records, as it stores and returns them. Records are open objects: a newer chaincode
 * may add fields without breaking an older reader.
 */
import { z } from 'zod/v4';

import {
  AWARD_STATUSES,
  BID_STATUSES,
  CHALLENGE_STATUSES,
  DECISIONS,
  NON_COMPLIANCE_REASONS,
  TENDER_STATUSES,
} from '../vocabulary';
import { documentsSchema, idSchema, integer, moneySchema, timestampSchema } from './fields';
import { awardCriteriaSchema, policyInputSchema, tenderChangesSchema, createTenderSchema } from './inputs';

/**
 * The procurement policy in force: the defaults until a proposal is approved; then `updatedAt` and
 * `updatedBy` (the approving auditor) and the proposal it came from (`proposalId`, `reason`,
 * `proposedBy`, `proposedAt`, `approvalReason`).
 */
export const policySchema = z.object({
  ...policyInputSchema.shape,
  updatedAt: timestampSchema.optional(),
  updatedBy: z.string().optional(),
  proposalId: z.string().optional(),
  reason: z.string().optional(),
  proposedBy: z.string().optional(),
  proposedAt: timestampSchema.optional(),
  approvalReason: z.string().optional(),
});

/** A pending policy change: proposed by one auditor, in force only once another approves it. */
export const policyProposalSchema = z.object({
  /** The proposing transaction's id. */
  proposalId: z.string(),
  policy: policyInputSchema,
  reason: z.string(),
  proposedBy: z.string(),
  proposedAt: timestampSchema,
});

/** Every version of the policy in force, oldest first, each with its reasons. */
export const policyHistorySchema = z.object({
  items: z.array(z.object({ txId: z.string(), timestamp: timestampSchema, policy: policySchema })),
});

export const amendmentSchema = z.object({
  /** 1, 2, … in order. */
  seq: integer(),
  reason: z.string(),
  changes: tenderChangesSchema,
  at: timestampSchema,
  by: z.string(),
  txId: z.string(),
  /** True when the amendment fell inside the extension window and moved the deadlines out. */
  extendedDeadline: z.boolean(),
});

const stamp = z.object({ reason: z.string(), at: timestampSchema, by: z.string() });

export const tenderSchema = z.object({
  ...createTenderSchema.shape,
  awardCriteria: awardCriteriaSchema,
  /** MSP ID of the creator's organisation: the owning agency. */
  agency: z.string(),
  status: z.enum(TENDER_STATUSES),
  createdAt: timestampSchema,
  createdBy: z.string(),
  publishedAt: timestampSchema.optional(),
  /**
   * The policy in force when the tender was published: its periods (minimum and maximum, extension,
   * scoring, standstill) hold for this tender even if the policy changes later.
   */
  policyAtPublish: policyInputSchema.optional(),
  amendments: z.array(amendmentSchema),
  /** The auditor's approval to cancel after the opening deadline, once given. */
  cancellationApproval: stamp.optional(),
  cancellation: stamp.extend({ approvedBy: z.string().optional() }).optional(),
  /** Last transaction that wrote this tender. */
  updatedAt: timestampSchema,
  txId: z.string(),
  /** MSP ID of the submitter of the last transaction that wrote this tender. */
  updatedByMsp: z.string().optional(),
});

/**
 * A tender as a reader sees it: drafts only by their own agency, and the committee's usernames
 * (`evaluators`) only by the owning agency and the oversight body.
 */
export const tenderViewSchema = tenderSchema.extend({ evaluators: tenderSchema.shape.evaluators.optional() });

export const tenderVersionSchema = z.object({
  txId: z.string(),
  timestamp: timestampSchema,
  /** MSP of the submitter of that transaction. */
  mspId: z.string(),
  isDelete: z.boolean(),
  tender: tenderViewSchema.optional(),
});

/**
 * Public bid record (one key per bid). While sealed it carries no content, only the commitment to its
 * envelope; once t organisations have released their key shares it is `opened` with its content, or
 * `unopenable` with the reason.
 */
export const bidRecordSchema = z.object({
  tenderId: idSchema,
  bidId: idSchema,
  vendorId: idSchema,
  /** Lower-case hex SHA-256 of the envelope's canonical JSON, as `bid:Seal` stored it. */
  commitment: z.string().regex(/^[0-9a-f]{64}$/),
  /** When `bid:Seal` put the envelope on the ledger. */
  committedAt: timestampSchema,
  txId: z.string(),
  status: z.enum(BID_STATUSES),
  /** Derived at read time: committed before the tender's latest amendment. */
  beforeAmendment: z.boolean(),
  /** Shares needed to open this bid (the envelope's t). */
  threshold: integer().optional(),
  openedAt: timestampSchema.optional(),
  price: moneySchema.optional(),
  technicalProposal: z.record(z.string(), z.unknown()).optional(),
  documents: documentsSchema.optional(),
  /** Why the bid could not be opened: a sealing reason code and its detail. */
  unopenable: z.object({ reason: z.string(), detail: z.string() }).optional(),
});

export const evaluationSchema = z.object({
  tenderId: idSchema,
  bidId: idSchema,
  evaluator: z.string(),
  scores: z.record(z.string(), integer()),
  at: timestampSchema,
  txId: z.string(),
});

export const recusalSchema = z.object({
  tenderId: idSchema,
  evaluator: z.string(),
  at: timestampSchema,
  txId: z.string(),
});

export const evaluationListSchema = z.object({
  items: z.array(evaluationSchema),
  recusals: z.array(recusalSchema),
  /**
   * True while scoring is still open (some evaluator has not scored every revealed bid and the scoring
   * deadline has not passed): `items` then holds only the caller's own scores.
   */
  scoresHidden: z.boolean(),
  /** The opening deadline plus the policy's scoring period. */
  scoringDeadline: timestampSchema,
});

export const rankingEntrySchema = z.object({
  bidId: idSchema,
  vendorId: idSchema,
  price: moneySchema.optional(),
  /** Basis points (0..10000), bestPriceQuality only. */
  score: integer().optional(),
  compliant: z.boolean(),
  reason: z.enum(NON_COMPLIANCE_REASONS).optional(),
  /** 1-based among compliant bids. */
  rank: integer().optional(),
});

export const awardSchema = z.object({
  tenderId: idSchema,
  agency: z.string(),
  bidId: idSchema,
  vendorId: idSchema,
  price: moneySchema,
  score: integer().optional(),
  ranking: z.array(rankingEntrySchema),
  /**
   * Evaluators who had not scored every compliant bid by the scoring deadline: the award went ahead
   * without their scores (best price-quality only).
   */
  silentEvaluators: z.array(z.string()).optional(),
  awardedAt: timestampSchema,
  standstillEndsAt: timestampSchema,
  /** Which registered organisations released key shares for this tender, and which never did. */
  opening: z.object({ released: z.array(idSchema), missing: z.array(idSchema) }).optional(),
  status: z.enum(AWARD_STATUSES),
  txId: z.string(),
});

export const challengeSchema = z.object({
  challengeId: idSchema,
  tenderId: idSchema,
  vendorId: idSchema,
  reason: z.string(),
  lodgedAt: timestampSchema,
  status: z.enum(CHALLENGE_STATUSES),
  decision: z
    .object({ decision: z.enum(DECISIONS), reason: z.string(), at: timestampSchema, by: z.string() })
    .optional(),
  txId: z.string(),
});

export const contractRecordSchema = z.object({
  tenderId: idSchema,
  bidId: idSchema,
  vendorId: idSchema,
  price: moneySchema,
  documents: documentsSchema,
  recordedAt: timestampSchema,
  txId: z.string(),
});

export const vendorSchema = z.object({
  vendorId: idSchema,
  legalName: z.string(),
  registeredAt: timestampSchema,
  /**
   * The enrolment ids (hf.EnrollmentID) allowed to act for the vendor: the first user named at
   * registration, then each user the vendor itself approved. A certificate carrying this vendorId but
   * another enrolment id is refused.
   */
  users: z.array(z.string()),
  debarment: z
    .object({ reason: z.string(), since: timestampSchema, until: timestampSchema.optional(), by: z.string() })
    .optional(),
  /** The latest reinstatement (cleared by a new debarment). */
  reinstatement: stamp.optional(),
  /** Derived at read time from debarment and the transaction time. */
  debarred: z.boolean(),
  txId: z.string(),
});

/** Event payload (canonical JSON): the ids a subscriber needs, never sealed content. */
export const eventPayloadSchema = z.object({
  tenderId: z.string().optional(),
  bidId: z.string().optional(),
  vendorId: z.string().optional(),
  challengeId: z.string().optional(),
  evaluator: z.string().optional(),
  status: z.string().optional(),
  agency: z.string().optional(),
});

/** A page of a list: `bookmark` is opaque and absent on the last page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), bookmark: z.string().optional() });
}
export const tenderPageSchema = pageOf(tenderViewSchema);
export const awardPageSchema = pageOf(awardSchema);
export const tenderHistorySchema = z.object({ items: z.array(tenderVersionSchema) });
/**
 * `bid:List`: a page of live, opened or withdrawn bids (replaced bids are left out). Before the opening
 * deadline a reader other than the bidder sees only `total`, the number of live bids; a vendor sees its own.
 */
export const bidListSchema = z.object({
  items: z.array(bidRecordSchema),
  total: integer(),
  bookmark: z.string().optional(),
});

export type Policy = z.output<typeof policySchema>;
export type PolicyProposal = z.output<typeof policyProposalSchema>;
export type PolicyHistory = z.output<typeof policyHistorySchema>;
export type Amendment = z.output<typeof amendmentSchema>;
export type Tender = z.output<typeof tenderSchema>;
export type TenderView = z.output<typeof tenderViewSchema>;
export type TenderVersion = z.output<typeof tenderVersionSchema>;
export type BidRecord = z.output<typeof bidRecordSchema>;
export type Evaluation = z.output<typeof evaluationSchema>;
export type Recusal = z.output<typeof recusalSchema>;
export type EvaluationList = z.output<typeof evaluationListSchema>;
export type RankingEntry = z.output<typeof rankingEntrySchema>;
export type Award = z.output<typeof awardSchema>;
export type Challenge = z.output<typeof challengeSchema>;
export type ContractRecord = z.output<typeof contractRecordSchema>;
export type Vendor = z.output<typeof vendorSchema>;
export type EventPayload = z.output<typeof eventPayloadSchema>;
export type Money = z.output<typeof moneySchema>;
export type DocumentRef = z.output<typeof documentsSchema>[number];
/** A page of a list. */
export interface Page<T> {
  items: T[];
  bookmark?: string;
}
