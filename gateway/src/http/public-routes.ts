/**
 * The public read API (`/public/v1`): no token, rate-limited per client address, answered from the read
 * model with an `ETag` and `Cache-Control` (a matching `If-None-Match` gets `304`). The operations are the
 * route table's `servedBy: 'public'` entries; their parameters are checked against the table's schemas.
 */
import { createHash } from 'node:crypto';

import {
  PUBLIC_BASE,
  type PublicAwardsQuery,
  type PublicRedFlagsQuery,
  type PublicReleasesQuery,
  type PublicTendersQuery,
  ROUTES,
  type RouteSpec,
  pathParams,
} from '@procurement/contract';
import { type Request, type RequestHandler, type Response, Router } from 'express';

import { DomainError, invalidArgument } from '../domain/errors';
import type { PublicReads } from '../public/reads';
import { pathParam, validQuery } from './params';

type PublicOperationId = {
  [K in keyof typeof ROUTES]: (typeof ROUTES)[K]['servedBy'] extends 'public' ? K : never;
}[keyof typeof ROUTES];

type Handler = (
  reads: PublicReads,
  params: Record<string, string>,
  query: Record<string, unknown>,
) => Promise<unknown>;

const HANDLERS: Readonly<Record<PublicOperationId, Handler>> = {
  publicRecords: (r, _p, q) => r.records(q),
  publicRecord: (r, p) => r.record(p.ocid ?? ''),
  publicReleases: (r, _p, q) => r.releases(q as PublicReleasesQuery),
  publicAwards: (r, _p, q) => r.awards(q as PublicAwardsQuery),
  publicTenders: (r, _p, q) => r.tenders(q as PublicTendersQuery),
  publicTender: (r, p) => r.tender(p.id ?? ''),
  publicRedFlags: (r, _p, q) => r.redFlags(q as PublicRedFlagsQuery),
  publicProof: (r, p) => r.proof(p.txId ?? ''),
};

/** Seconds a public answer may be cached: the read model moves with every block. */
export const PUBLIC_MAX_AGE_SECONDS = 5;

/** A strong validator of the exact body: its SHA-256. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

function matches(req: Request, etag: string): boolean {
  const given = req.headers['if-none-match'];
  if (given === undefined) return false;
  return given
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === etag || t === '*');
}

/** A serialised answer, kept until the next block or for at most `ANSWER_CACHE_MS`. */
interface CachedAnswer {
  version: number;
  at: number;
  body: string;
  etag: string;
}

/** How long an answer is reused at most (a tender's bids appear at its opening deadline, not at a block). */
export const ANSWER_CACHE_MS = 1_000;
const ANSWER_CACHE_ENTRIES = 2_000;

/** Answers by URL for the read model's current block: repeated reads skip the database and hashing. */
class AnswerCache {
  readonly #entries = new Map<string, CachedAnswer>();

  get(url: string, version: number, now: number): CachedAnswer | undefined {
    const hit = this.#entries.get(url);
    return hit && hit.version === version && now - hit.at < ANSWER_CACHE_MS ? hit : undefined;
  }

  put(url: string, answer: CachedAnswer): void {
    if (this.#entries.size >= ANSWER_CACHE_ENTRIES) this.#entries.clear();
    this.#entries.set(url, answer);
  }
}

function send(req: Request, res: Response, answer: { body: string; etag: string }): void {
  const { body, etag } = answer;
  res.set('ETag', etag);
  res.set('Cache-Control', `public, max-age=${PUBLIC_MAX_AGE_SECONDS}`);
  if (matches(req, etag)) {
    res.status(304).end();
    return;
  }
  res.status(200).type('application/json').send(body);
}

/** `/public/v1/tenders/{id}` → `/tenders/:id` (mounted under the public base). */
function expressPath(path: string): string {
  return path.slice(PUBLIC_BASE.length).replace(/\{([A-Za-z]+)\}/g, ':$1');
}

/**
 * The router of the public read API. Until `reads` gives a read model every route answers `503`.
 * @param limiter the per-address rate limit, applied before anything else.
 */
export function publicRouter(
  reads: (() => PublicReads | undefined) | undefined,
  limiter: RequestHandler,
): Router {
  const router = Router();
  const cache = new AnswerCache();
  router.use(limiter);
  for (const id of Object.keys(HANDLERS) as PublicOperationId[]) {
    const route: RouteSpec = ROUTES[id];
    router[route.method](expressPath(route.path), async (req, res) => {
      const model = reads?.();
      if (!model)
        throw new DomainError({
          code: 'LEDGER_UNAVAILABLE',
          message: 'the public read model is not running',
        });
      const params = Object.fromEntries(
        pathParams(route.path).map((name) => [name, pathParam(req, name, route.pathSchemas?.[name])]),
      );
      const known = Object.keys(route.query?.shape ?? {});
      const unknown = Object.keys(req.query as Record<string, unknown>).find((name) => !known.includes(name));
      if (unknown !== undefined) throw invalidArgument(`unknown query parameter ${unknown}`, unknown);
      const query = route.query ? validQuery(req, route.query) : {};
      const now = Date.now();
      const cached = cache.get(req.originalUrl, model.version, now);
      if (cached) {
        send(req, res, cached);
        return;
      }
      const version = model.version;
      const body = JSON.stringify(await HANDLERS[id](model, params, query));
      const answer = { version, at: now, body, etag: etagOf(body) };
      cache.put(req.originalUrl, answer);
      send(req, res, answer);
    });
  }
  return router;
}
