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

/** A 400 INVALID_ARGUMENT naming the first failing field, with up to ten issues in `details.errors`. */
export function invalidInput(issues: readonly Issue[], fallback = '(body)'): DomainError {
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
