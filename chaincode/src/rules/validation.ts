/** Input validation: zod schemas and the parse helper. Pure; bad input → INVALID_ARGUMENT. */
import { z } from 'zod';
import type { AwardCriteria, CreateTenderInput, TenderChanges } from '../api';
import { invalid } from '../errors';
import { isTime, toMillis } from './time';

export const ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
export const AMOUNT_PATTERN = /^(0|[1-9][0-9]{0,17})$/;
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
export const SALT_PATTERN = /^[0-9a-f]{32,128}$/;

export const MAX_TECHNICAL_PROPOSAL_CHARS = 64 * 1024;
export const MAX_DOCUMENTS = 50;
export const MAX_EVALUATORS = 20;
export const MAX_CRITERIA = 20;

export const idSchema = z.string().regex(ID_PATTERN, 'must match ^[A-Za-z0-9._-]{1,64}$');
const text = (max: number) => z.string().min(1).max(max);
export const timeSchema = z.string().max(40).refine(isTime, 'must be an RFC 3339 timestamp');

export const moneySchema = z
  .object({
    amount: z.string().regex(AMOUNT_PATTERN, 'integer minor units'),
    currency: z.string().regex(CURRENCY_PATTERN, 'ISO 4217 code'),
  })
  .strict();

export const documentSchema = z
  .object({
    name: text(256),
    sha256: z.string().regex(SHA256_PATTERN, 'lower-case hex SHA-256'),
    url: z.string().min(1).max(2048).optional(),
  })
  .strict();
export const documentsSchema = z.array(documentSchema).max(MAX_DOCUMENTS);

const percent = z.number().int().min(0).max(100);
const criterionSchema = z
  .object({ id: idSchema, name: text(256), weight: percent, maxScore: z.number().int().min(1).max(1000) })
  .strict();

export const awardCriteriaSchema = z
  .discriminatedUnion('method', [
    z.object({ method: z.literal('lowestPrice') }).strict(),
    z
      .object({
        method: z.literal('bestPriceQuality'),
        priceWeight: percent,
        criteria: z.array(criterionSchema).min(1).max(MAX_CRITERIA),
      })
      .strict(),
  ])
  .superRefine((c, ctx) => {
    if (c.method === 'lowestPrice') return;
    const total = c.criteria.reduce((sum, k) => sum + k.weight, c.priceWeight);
    if (total !== 100) ctx.addIssue({ code: 'custom', message: `weights sum to ${total}, not 100` });
    const ids = new Set(c.criteria.map((k) => k.id));
    if (ids.size !== c.criteria.length)
      ctx.addIssue({ code: 'custom', message: 'criterion ids must be unique' });
  });

export const createTenderSchema = z
  .object({
    id: idSchema,
    title: text(256),
    description: text(8192),
    cpv: z.string().regex(/^[0-9]{8}(-[0-9])?$/, 'CPV code such as 45233140-2'),
    estimatedValue: moneySchema,
    budgetCeiling: moneySchema.optional(),
    procedure: z.enum(['open', 'restricted']),
    submissionDeadline: timeSchema,
    openingDeadline: timeSchema,
    awardCriteria: awardCriteriaSchema,
    evaluators: z.array(idSchema).min(1).max(MAX_EVALUATORS),
    documents: documentsSchema,
  })
  .strict()
  .superRefine((t, ctx) => {
    if (new Set(t.evaluators).size !== t.evaluators.length) {
      ctx.addIssue({ code: 'custom', message: 'evaluators must be unique' });
    }
    if (t.budgetCeiling && t.budgetCeiling.currency !== t.estimatedValue.currency) {
      ctx.addIssue({ code: 'custom', message: 'budgetCeiling currency must equal estimatedValue currency' });
    }
  });

export const amendTenderSchema = z
  .object({
    reason: text(2048),
    changes: z
      .object({
        title: text(256).optional(),
        description: text(8192).optional(),
        documents: documentsSchema.optional(),
        submissionDeadline: timeSchema.optional(),
        openingDeadline: timeSchema.optional(),
        budgetCeiling: moneySchema.optional(),
      })
      .strict()
      .refine((c) => Object.keys(c).length > 0, 'changes must change something'),
  })
  .strict();

export const technicalProposalSchema = z
  .record(z.unknown())
  .refine((p) => JSON.stringify(p).length <= MAX_TECHNICAL_PROPOSAL_CHARS, 'technicalProposal is too large');

export const sealedBidSchema = z
  .object({
    tenderId: idSchema,
    bidId: idSchema,
    vendorId: idSchema,
    price: moneySchema,
    technicalProposal: technicalProposalSchema,
    documents: documentsSchema,
    salt: z.string().regex(SALT_PATTERN, 'at least 32 lower-case hex characters'),
  })
  .strict();

export const scoreInputSchema = z
  .object({
    bidId: idSchema,
    scores: z.record(z.number().int().min(0).max(1000)),
    conflictOfInterest: z.boolean(),
  })
  .strict();

export const pageSizeSchema = z.number().int().min(1).max(100).default(20);
const bookmarkSchema = z.string().max(1024).optional();

export const listTendersSchema = z
  .object({
    status: z.enum(['draft', 'published', 'evaluation', 'awarded', 'contracted', 'cancelled']).optional(),
    agency: idSchema.optional(),
    pageSize: pageSizeSchema,
    bookmark: bookmarkSchema,
  })
  .strict();

export const listAwardsSchema = z
  .object({
    agency: idSchema.optional(),
    vendor: idSchema.optional(),
    from: timeSchema.optional(),
    to: timeSchema.optional(),
    pageSize: pageSizeSchema,
    bookmark: bookmarkSchema,
  })
  .strict();

export const registerVendorSchema = z.object({ vendorId: idSchema, legalName: text(512) }).strict();
export const debarSchema = z.object({ reason: text(2048), until: timeSchema.optional() }).strict();
export const recordContractSchema = z.object({ documents: documentsSchema.optional() }).strict();
export const reasonSchema = text(2048);
export const decisionSchema = z.enum(['upheld', 'dismissed']);

/** Parses a JSON argument and validates it; any failure is INVALID_ARGUMENT. */
export function parseJson<T>(json: string, schema: z.ZodType<T, z.ZodTypeDef, unknown>, what: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw invalid(`${what} is not valid JSON`);
  }
  return check(raw, schema, what);
}

/** Validates an already-parsed value. */
export function check<T>(raw: unknown, schema: z.ZodType<T, z.ZodTypeDef, unknown>, what: string): T {
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw invalid(`${what}: ${where}${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

/** Create-time deadline checks: submission in the future, opening after submission. */
export function checkCreateDeadlines(
  input: Pick<CreateTenderInput, 'submissionDeadline' | 'openingDeadline'>,
  nowMs: number,
): void {
  const submission = toMillis(input.submissionDeadline);
  if (submission <= nowMs) throw invalid('submissionDeadline must be in the future');
  if (toMillis(input.openingDeadline) <= submission)
    throw invalid('openingDeadline must be after submissionDeadline');
}

/** Scores must carry exactly the tender's criterion ids with integers 0..maxScore ({} for lowestPrice). */
export function checkScores(criteria: AwardCriteria, scores: Record<string, number>): void {
  const given = Object.keys(scores).sort();
  if (criteria.method === 'lowestPrice') {
    if (given.length > 0) throw invalid('a lowestPrice tender takes no scores');
    return;
  }
  const expected = criteria.criteria.map((c) => c.id).sort();
  if (given.join('\u0000') !== expected.join('\u0000')) {
    throw invalid(`scores must have exactly the criteria ${expected.join(', ')}`);
  }
  for (const c of criteria.criteria) {
    const value = scores[c.id] ?? -1;
    if (value > c.maxScore) throw invalid(`score for ${c.id} must be at most ${c.maxScore}`);
  }
}

/** Budget changes must keep the tender's currency. */
export function checkChangesCurrency(changes: TenderChanges, currency: string): void {
  if (changes.budgetCeiling && changes.budgetCeiling.currency !== currency) {
    throw invalid('budgetCeiling currency must equal estimatedValue currency');
  }
}

/** Validates id arguments (each an `[name, value]` pair). */
export function checkIds(...pairs: [string, string][]): void {
  for (const [name, value] of pairs) check(value, idSchema, name);
}
