import type { Request } from 'express';

import { type DomainError, invalidArgument } from '../domain/errors';
import { requireId } from '../services/access';
import { checkBody } from './validation';

/** A path parameter that is a valid id (400 otherwise). */
export function idParam(req: Request, name: string): string {
  const value = (req.params as Record<string, string | undefined>)[name];
  if (value === undefined) throw invalidArgument(`${name} is required`, name);
  requireId(value, name);
  return value;
}

/** One optional query string value (400 if repeated). */
export function queryString(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidArgument(`${name} must be given once`, name);
  return value;
}

export function pageSize(req: Request): number | undefined {
  const value = queryString(req, 'pageSize');
  if (value === undefined) return undefined;
  if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > 100)
    throw invalidArgument('pageSize must be an integer from 1 to 100', 'pageSize');
  return Number(value);
}

export function bookmark(req: Request): string | undefined {
  const value = queryString(req, 'bookmark');
  if (value !== undefined && (value.length === 0 || value.length > 4096))
    throw invalidArgument('bookmark is malformed', 'bookmark');
  return value;
}

export function timestamp(req: Request, name: string): string | undefined {
  const value = queryString(req, name);
  if (value !== undefined && Number.isNaN(Date.parse(value)))
    throw invalidArgument(`${name} must be an RFC 3339 timestamp`, name);
  return value;
}

/**
 * The validated body. When it is invalid, `precheck` runs first, so that a missing resource (404) or a caller
 * who may not touch it (403) is reported before field validation (400), per the API's refusal order.
 */
export async function validBody<T>(req: Request, schema: string, precheck?: () => Promise<void>): Promise<T> {
  const result = checkBody(schema, req.body);
  if (result.ok) return result.value as T;
  if (precheck) await precheck();
  throw result.error satisfies DomainError;
}

/** Drop undefined members (the chaincode's canonical JSON would drop them too). */
export function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
