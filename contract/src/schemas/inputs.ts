/** The chaincode's arguments: every JSON argument's schema and every plain string argument's. */
import { z } from 'zod/v4';

import { CPV_PATTERN, LIMITS } from '../limits';
import { DECISIONS, TENDER_STATUSES } from '../vocabulary';
import {
  bookmarkSchema,
  criterionIdSchema,
  criterionSchema,
  documentsSchema,
  idSchema,
  integer,
  moneySchema,
  openingThresholdSchema,
  pageSizeSchema,
  percentSchema,
  policySecondsSchema,
  procedureSchema,
  scoreValueSchema,
  text,
  timestampSchema,
  usernameSchema,
} from './fields';
import { redFlagPolicySchema } from '../redflags/policy';

export const awardCriteriaSchema = z
  .discriminatedUnion('method', [
    z.strictObject({ method: z.literal('lowestPrice') }),
    z.strictObject({
      method: z.literal('bestPriceQuality'),
      priceWeight: percentSchema,
      criteria: z.array(criterionSchema).min(1).max(LIMITS.criteria),
    }),
  ])
  .refine((c) => weightTotal(c) === 100, {
    error: (issue) => `weights sum to ${weightTotal(issue.input as Weighted)}, not 100`,
  })
  .refine((c) => c.method === 'lowestPrice' || allDifferent(c.criteria.map((k) => k.id)), {
    message: 'criterion ids must be unique',
  });

type Weighted =
  | { method: 'lowestPrice' }
  | { method: 'bestPriceQuality'; priceWeight: number; criteria: readonly { weight: number }[] };

/** Price weight plus every criterion weight (100 for a lowest-price tender, which has no weights). */
function weightTotal(c: Weighted): number {
  return c.method === 'lowestPrice' ? 100 : c.criteria.reduce((sum, k) => sum + k.weight, c.priceWeight);
}

function allDifferent(values: readonly string[]): boolean {
  return new Set(values).size === values.length;
}

/** `tender:Create` input. */
export const createTenderSchema = z
  .strictObject({
    id: idSchema,
    title: text(LIMITS.title),
    description: text(LIMITS.description),
    cpv: z.string().regex(CPV_PATTERN, 'CPV code such as 45233140-2'),
    estimatedValue: moneySchema,
    budgetCeiling: moneySchema.optional(),
    procedure: procedureSchema,
    submissionDeadline: timestampSchema,
    openingDeadline: timestampSchema,
    awardCriteria: awardCriteriaSchema,
    /** Usernames (enrolment ids) of evaluators of the owning agency. */
    evaluators: z.array(usernameSchema).min(1).max(LIMITS.evaluators),
    documents: documentsSchema,
  })
  .refine((t) => allDifferent(t.evaluators), { message: 'evaluators must be unique', path: ['evaluators'] })
  .refine((t) => t.budgetCeiling === undefined || t.budgetCeiling.currency === t.estimatedValue.currency, {
    message: 'budgetCeiling currency must equal estimatedValue currency',
    path: ['budgetCeiling'],
  });

export const tenderChangesSchema = z.strictObject({
  title: text(LIMITS.title).optional(),
  description: text(LIMITS.description).optional(),
  documents: documentsSchema.optional(),
  submissionDeadline: timestampSchema.optional(),
  openingDeadline: timestampSchema.optional(),
  budgetCeiling: moneySchema.optional(),
});

export const reasonSchema = text(LIMITS.reason);

/** `tender:Amend` input. */
export const amendTenderSchema = z.strictObject({
  reason: reasonSchema,
  changes: tenderChangesSchema
    .refine((c) => Object.keys(c).length > 0, 'changes must change something')
    .meta({ minProperties: 1 }),
});

export const technicalProposalSchema = z
  .record(z.string(), z.unknown())
  .refine((p) => JSON.stringify(p).length <= LIMITS.technicalProposalChars, 'technicalProposal is too large');

/** `evaluation:Submit` input: criterionId -> integer 0..maxScore; ignored on a conflict of interest. */
export const scoreInputSchema = z.strictObject({
  bidId: idSchema,
  scores: z.record(criterionIdSchema, scoreValueSchema),
  conflictOfInterest: z.boolean(),
});

/** `tender:List` query. */
export const listTendersSchema = z.strictObject({
  status: z.enum(TENDER_STATUSES).optional(),
  agency: idSchema.optional(),
  pageSize: pageSizeSchema.default(LIMITS.defaultPageSize),
  bookmark: bookmarkSchema.optional(),
});

/** `award:List` query: award history, newest first; `from` inclusive, `to` exclusive, on awardedAt. */
export const listAwardsSchema = z.strictObject({
  agency: idSchema.optional(),
  vendor: idSchema.optional(),
  from: timestampSchema.optional(),
  to: timestampSchema.optional(),
  pageSize: pageSizeSchema.default(LIMITS.defaultPageSize),
  bookmark: bookmarkSchema.optional(),
});

/** `vendor:Register`: the record and the enrolment id of the vendor's first user (the only one allowed to act for it). */
export const registerVendorSchema = z.strictObject({
  vendorId: idSchema,
  legalName: text(LIMITS.legalName),
  username: usernameSchema,
});
export const debarSchema = z.strictObject({ reason: reasonSchema, until: timestampSchema.optional() });
export const recordContractSchema = z.strictObject({ documents: documentsSchema.optional() });
export const decisionSchema = z.enum(DECISIONS);

/**
 * The policy's rules (without the stamps of who proposed and approved them).
 * - minRevealSeconds..maxRevealSeconds: the opening deadline's distance from the submission deadline;
 * - minPriceWeight: the least price weight (percent) of a best price-quality tender;
 * - scoringSeconds: evaluators score within this period after the opening deadline, then the award
 *   goes ahead without those who have not;
 * - clockToleranceSeconds: how far a transaction's timestamp may lag the endorser's clock (seconds of
 *   transit, capped at LIMITS.clockToleranceSeconds).
 */
const policyRules = {
  minSubmissionSeconds: z.strictObject({ open: policySecondsSchema, restricted: policySecondsSchema }),
  minRevealSeconds: policySecondsSchema,
  maxRevealSeconds: policySecondsSchema,
  standstillSeconds: policySecondsSchema,
  amendmentExtensionSeconds: policySecondsSchema,
  minPriceWeight: percentSchema,
  scoringSeconds: policySecondsSchema,
  clockToleranceSeconds: integer().min(0).max(LIMITS.clockToleranceSeconds),
  /** Shares needed to open a sealed bid (t of n organisations); default 3. */
  openingThreshold: openingThresholdSchema.optional(),
  /** The red-flag thresholds; the defaults (`DEFAULT_RED_FLAG_POLICY`) apply when left out. */
  redFlags: redFlagPolicySchema.optional(),
};
/** The opening deadline's window is not empty. */
const revealWindowOpen = (p: { minRevealSeconds: number; maxRevealSeconds: number }): boolean =>
  p.maxRevealSeconds >= p.minRevealSeconds;
const revealWindowMessage = {
  message: 'maxRevealSeconds must not be less than minRevealSeconds',
  path: ['maxRevealSeconds'],
};

export const policyInputSchema = z.strictObject(policyRules).refine(revealWindowOpen, revealWindowMessage);

/**
 * `policy:Propose` input: the proposed rules and why. A proposal takes effect only once another
 * auditor approves it (`policy:Approve`).
 */
export const policyProposalInputSchema = z
  .strictObject({ ...policyRules, reason: reasonSchema })
  .refine(revealWindowOpen, revealWindowMessage);

export type AwardCriteria = z.output<typeof awardCriteriaSchema>;
export type CreateTenderInput = z.output<typeof createTenderSchema>;
export type TenderChanges = z.output<typeof tenderChangesSchema>;
export type AmendTenderInput = z.output<typeof amendTenderSchema>;
export type ScoreInput = z.output<typeof scoreInputSchema>;
export type ListTendersQuery = z.input<typeof listTendersSchema>;
export type ListAwardsQuery = z.input<typeof listAwardsSchema>;
export type RegisterVendorInput = z.output<typeof registerVendorSchema>;
export type DebarInput = z.output<typeof debarSchema>;
export type RecordContractInput = z.output<typeof recordContractSchema>;
export type PolicyInput = z.output<typeof policyInputSchema>;
export type PolicyProposalInput = z.output<typeof policyProposalInputSchema>;
