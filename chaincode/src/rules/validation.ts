/** Input validation against the contract's zod schemas, and the checks no schema can express. Pure; bad input → INVALID_ARGUMENT. */
import type { AwardCriteria, CreateTenderInput, TenderChanges } from '@procurement/contract';
import { idSchema } from '@procurement/contract';
import type { z } from 'zod/v4';
import { invalid } from '../errors';
import { latestOf, type Now, toMillis } from './time';

/** Parses a JSON argument and validates it; any failure is INVALID_ARGUMENT. */
export function parseJson<T>(json: string, schema: z.ZodType<T>, what: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw invalid(`${what} is not valid JSON`);
  }
  return check(raw, schema, what);
}

/** Validates an already-parsed value. */
export function check<T>(raw: unknown, schema: z.ZodType<T>, what: string): T {
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
  now: Now,
): void {
  const submission = toMillis(input.submissionDeadline);
  if (submission <= latestOf(now)) throw invalid('submissionDeadline must be in the future');
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
