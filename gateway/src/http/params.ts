import { COMPONENTS, type ComponentName, ID_PATTERN } from '@procurement/contract';
import type { Request } from 'express';
import { z } from 'zod/v4';

import { invalidArgument } from '../domain/errors';
import { checkBody, invalidInput } from './validation';

/** A path parameter that is a valid id (400 otherwise). */
export function idParam(req: Request, name: string): string {
  const value = (req.params as Record<string, string | undefined>)[name];
  if (value === undefined || !ID_PATTERN.test(value))
    throw invalidArgument(`${name} must match ${ID_PATTERN.source}`, name);
  return value;
}

/** A path parameter checked against its named schema (400 otherwise); an `Id` when none is named. */
export function pathParam(req: Request, name: string, schema: ComponentName | undefined): string {
  if (schema === undefined) return idParam(req, name);
  const value = (req.params as Record<string, string | undefined>)[name];
  if (value === undefined || !COMPONENTS[schema].safeParse(value).success)
    throw invalidArgument(`${name} is not a valid ${schema}`, name);
  return value;
}

/** One optional query string value (400 if repeated). */
export function queryString(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidArgument(`${name} must be given once`, name);
  return value;
}

/** Whether a query field holds an integer once unwrapped (query strings carry digits as text). */
function isIntegerField(schema: z.ZodType): boolean {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) inner = inner.unwrap() as z.ZodType;
  return inner instanceof z.ZodNumber;
}

/**
 * The query string validated against the operation's schema: each parameter given once, integers
 * converted from their digits. Only the parameters the client gave are returned (no defaults), so the
 * chaincode applies its own.
 */
export function validQuery(req: Request, schema: z.ZodObject): Record<string, unknown> {
  const given: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const value = queryString(req, name);
    if (value === undefined) continue;
    given[name] = isIntegerField(field) && /^[0-9]{1,16}$/.test(value) ? Number(value) : value;
  }
  const parsed = schema.safeParse(given);
  if (!parsed.success) throw invalidInput(parsed.error.issues, '(query)');
  return given;
}

/**
 * The validated body. When it is invalid, `precheck` runs first, so that a missing resource (404) or a caller
 * who may not touch it (403) is reported before field validation (400), per the API's refusal order.
 */
export async function validBody<T>(
  req: Request,
  schema: ComponentName,
  precheck?: () => Promise<void>,
): Promise<T> {
  const result = checkBody(COMPONENTS[schema], req.body);
  if (result.ok) return result.value as T;
  if (precheck) await precheck();
  throw result.error;
}
