import type { RequestHandler } from 'express';

import { DomainError } from '../domain/errors';

export interface JsonLimits {
  /** Nesting depth of objects and arrays; the body itself is depth 1 (default 32). */
  maxDepth: number;
  /** Object keys in the whole body, summed over every object (default 10000). */
  maxKeys: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = { maxDepth: 32, maxKeys: 10_000 };

/**
 * Where a parsed JSON value exceeds the limits, or undefined. Iterative (an explicit stack), so that a
 * deeply nested body cannot overflow the call stack here.
 */
export function jsonLimitBreach(value: unknown, limits: Readonly<JsonLimits>): string | undefined {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  let keys = 0;
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth > limits.maxDepth) return `the body is nested deeper than ${limits.maxDepth} levels`;
    const { children, keyCount } = childrenOf(item.value);
    keys += keyCount;
    if (keys > limits.maxKeys) return `the body has more than ${limits.maxKeys} object keys`;
    for (const child of children) stack.push({ value: child, depth: item.depth + 1 });
  }
  return undefined;
}

/** The object or array children of a JSON container, and how many object keys it has itself. */
function childrenOf(container: object): { children: object[]; keyCount: number } {
  const values = Array.isArray(container)
    ? (container as unknown[])
    : Object.values(container as Record<string, unknown>);
  const children = values.filter((v): v is object => v !== null && typeof v === 'object');
  return { children, keyCount: Array.isArray(container) ? 0 : values.length };
}

/** After express.json(): 400 INVALID_ARGUMENT for a body past the depth or key-count limit. */
export function jsonShapeLimits(limits: Readonly<JsonLimits> = DEFAULT_JSON_LIMITS): RequestHandler {
  return (req, _res, next) => {
    const breach = jsonLimitBreach(req.body, limits);
    if (breach === undefined) {
      next();
      return;
    }
    next(new DomainError({ code: 'INVALID_ARGUMENT', message: breach, details: { field: '(body)' } }));
  };
}
