/**
 * Request validation against the contract's zod schemas: the very schemas the chaincode validates its
 * arguments with, so the gateway and the chaincode accept and refuse the same input.
 */
import { COMPONENTS, type ComponentName } from '@procurement/contract';
import type { z } from 'zod/v4';

import { DomainError } from '../domain/errors';

type Issue = z.core.$ZodIssue;

/** The dotted path of the field an issue is about (an unknown key names that key). */
function fieldOf(issue: Issue): string {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path.push(issue.keys[0]);
  return path.length === 0 ? '(body)' : path.join('.');
}

function describe(issue: Issue): string {
  return issue.code === 'unrecognized_keys' ? 'is not a known field' : issue.message;
}

/** How far a body is from one form of a union: unknown top-level fields first, then the issue count. */
function distance(issues: readonly Issue[]): number {
  const foreign = issues.some((issue) => issue.code === 'unrecognized_keys' && issue.path.length === 0);
  return (foreign ? 1_000_000 : 0) + issues.length;
}

/**
 * A body that matches none of a union's forms is reported against the form it came closest to: the one
 * whose fields it uses, then the one with the fewest issues. A plaintext bid with a bad price names
 * `price.amount`; a malformed envelope names the envelope's field.
 */
function closestIssues(issues: readonly Issue[]): readonly Issue[] {
  const first = issues[0];
  if (first?.code !== 'invalid_union' || first.errors.length === 0) return issues;
  const [best] = [...first.errors].sort((a, b) => distance(a) - distance(b));
  if (!best || best.length === 0) return issues;
  return closestIssues(best.map((issue) => ({ ...issue, path: [...first.path, ...issue.path] })));
}

/** A 400 INVALID_ARGUMENT naming the first failing field, with up to ten issues in `details.errors`. */
export function invalidInput(allIssues: readonly Issue[], fallback = '(body)'): DomainError {
  const issues = closestIssues(allIssues);
  const first = issues[0];
  const field = first ? fieldOf(first) : fallback;
  return new DomainError({
    code: 'INVALID_ARGUMENT',
    message: `${field} ${first ? describe(first) : 'is invalid'}`,
    details: {
      field,
      errors: issues.slice(0, 10).map((issue) => ({ field: fieldOf(issue), message: describe(issue) })),
    },
  });
}

/** Validate a request body against a schema or a named one; absent bodies are refused as such. */
export function checkBody(
  schema: ComponentName | z.ZodType,
  body: unknown,
): { ok: true; value: unknown } | { ok: false; error: DomainError } {
  if (body === undefined || body === null) {
    return {
      ok: false,
      error: new DomainError({
        code: 'INVALID_ARGUMENT',
        message: 'a JSON body (Content-Type: application/json) is required',
        details: { field: '(body)' },
      }),
    };
  }
  const parsed = (typeof schema === 'string' ? COMPONENTS[schema] : schema).safeParse(body);
  return parsed.success ? { ok: true, value: body } : { ok: false, error: invalidInput(parsed.error.issues) };
}
