import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import { API_BASE, ID_PATTERN, PUBLIC_BASE, buildOpenApiDocument } from '@procurement/contract';
import express, { type Express, type RequestHandler, Router } from 'express';
import rateLimit from 'express-rate-limit';
import helmet from 'helmet';
import pino, { type Logger } from 'pino';
import { pinoHttp } from 'pino-http';

import { DomainError } from '../domain/errors';
import type { Ledger } from '../domain/ledger';
import { Metrics } from '../metrics';
import type { PublicReads } from '../public/reads';
import { createServices } from '../services';
import { type Authenticator, authenticate, callerOf, clientAddress, tokenKeyOf } from './auth';
import { errorHandler, notFoundHandler } from './errors';
import { IdempotentRequests } from './idempotency';
import type { IdempotencyStore } from './idempotency-store';
import { DEFAULT_JSON_LIMITS, type JsonLimits, jsonShapeLimits } from './json-limits';
import { addressList } from './address-list';
import { operations } from './operations';
import { PORTAL_CSP, portalRoutes } from './portal';
import { publicRouter } from './public-routes';
import { authRoutes, logoutRoutes } from './routes/auth';
import { eventRoutes } from './routes/events';
import { DEFAULT_STREAM_LIMITS, StreamSlots, type StreamLimits } from './stream-limits';
import { tableRouter } from './table';

export interface AppDeps {
  ledger: Ledger;
  identity: Authenticator;
  logger?: Logger;
  metrics?: Metrics;
  /** Request body limit (body-parser syntax); default 1mb. */
  bodyLimit?: string;
  /** Requests per minute per token and per user (per client address for login); default 600. */
  rateLimitPerMinute?: number;
  /** Requests per minute per client address with a missing or bad token; default 60. */
  badTokensPerMinute?: number;
  /**
   * Proxies whose X-Forwarded-For is trusted (Express `trust proxy`: addresses, CIDRs or `loopback`,
   * `linklocal`, `uniquelocal`); default none, so the client address is the socket's peer.
   */
  trustProxy?: readonly string[];
  /**
   * Client addresses (as `trustProxy`) that may read /metrics and /readyz; default `loopback`. Others
   * get 403 `NOT_AUTHORISED`: bidding activity and peer health are not for anyone on the network.
   */
  operationsAllow?: readonly string[];
  /** Concurrent event streams per user and overall; default 5 and 200. */
  streams?: StreamLimits;
  /** Request body nesting depth and key count; default 32 and 10000. */
  jsonLimits?: JsonLimits;
  /** The portal's built files (index.html and assets/), served at `/`; none when absent. */
  webRoot?: string;
  /** The public read model's reads (`/public/v1`), once open; until then those routes answer 503. */
  publicReads?: () => PublicReads | undefined;
  /** Public reads per minute per client address; default 300. */
  publicPerMinute?: number;
  /** Where the outcomes of writes sent with an Idempotency-Key are kept; without it the header is ignored. */
  idempotency?: IdempotencyStore;
}

/** Generated once from the contract's route table and schemas. */
const openApiDocument = buildOpenApiDocument();

function requestLogger(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && ID_PATTERN.test(given) ? given : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    // Only what identifies the request: never headers (tokens), bodies (passwords, bid content) or queries.
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req: IncomingMessage, res, error) =>
      error !== undefined || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
  });
}

function metricsMiddleware(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const routePath = (req.route as { path?: unknown } | undefined)?.path;
      const base = (res.locals as { apiBase?: string }).apiBase ?? req.baseUrl;
      const route = typeof routePath === 'string' ? `${base}${routePath}` : 'unmatched';
      const labels = { method: req.method, route, status: String(res.statusCode) };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}

function limiter(
  perMinute: number,
  key: (req: express.Request, res: express.Response) => string,
): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: key,
    // X-Forwarded-For is honoured only from configured proxies (trust proxy); unexpected ones are ignored quietly.
    validate: { xForwardedForHeader: false },
    handler: (_req, _res, next) => {
      next(new DomainError({ code: 'RATE_LIMITED', message: 'too many requests; slow down' }));
    },
  });
}

/** Only clients on the operations address list (the client address as `trust proxy` computes it). */
function operationsGuard(entries: readonly string[] = ['loopback']): RequestHandler {
  const allowed = addressList(entries);
  return (req, _res, next) => {
    if (allowed(req.ip ?? req.socket.remoteAddress)) next();
    else next(new DomainError({ code: 'NOT_AUTHORISED', message: 'this endpoint is for operators only' }));
  };
}

/** The public read API: no token, its own per-address limit. */
function mountPublicApi(app: Express, deps: AppDeps): void {
  const perAddress = limiter(deps.publicPerMinute ?? 300, (req) => `public:${clientAddress(req)}`);
  app.use(PUBLIC_BASE, publicRouter(deps.publicReads, perAddress));
}

function idempotentRequests(deps: AppDeps): IdempotentRequests | undefined {
  return deps.idempotency ? new IdempotentRequests(deps.idempotency, deps.ledger) : undefined;
}

/** The Express application (no listen): middleware, routes, the one error middleware. */
export function createApp(deps: AppDeps): Express {
  const logger = deps.logger ?? pino({ level: 'silent' });
  const metrics = deps.metrics ?? new Metrics();
  const bodyLimit = deps.bodyLimit ?? '1mb';
  const perMinute = deps.rateLimitPerMinute ?? 600;
  const services = createServices(deps.ledger, deps.identity);
  const json = [
    express.json({ limit: bodyLimit, strict: true }),
    jsonShapeLimits(deps.jsonLimits ?? DEFAULT_JSON_LIMITS),
  ];
  const streams = new StreamSlots(deps.streams ?? DEFAULT_STREAM_LIMITS);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy && deps.trustProxy.length > 0 ? [...deps.trustProxy] : false);
  app.use(helmet({ contentSecurityPolicy: { useDefaults: false, directives: PORTAL_CSP } }));
  app.use(requestLogger(logger));
  app.use(metricsMiddleware(metrics));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const operationsOnly = operationsGuard(deps.operationsAllow);
  app.get('/readyz', operationsOnly, async (_req, res) => {
    const readiness = await deps.ledger.readiness();
    res
      .status(readiness.ready ? 200 : 503)
      .json({ status: readiness.ready ? 'ready' : 'unavailable', peers: readiness.peers });
  });
  app.get('/metrics', operationsOnly, async (_req, res) => {
    res.set('content-type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  const api = Router();
  api.use((req, res, next) => {
    (res.locals as { apiBase?: string }).apiBase = req.baseUrl;
    // Answers are per user and may carry a vendor's own bid: no browser or proxy keeps them.
    res.set('cache-control', 'no-store');
    next();
  });
  api.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });
  api.use(
    '/auth/login',
    limiter(perMinute, (req) => `ip:${clientAddress(req)}`),
    json,
  );
  api.use(authRoutes(deps.identity));
  api.use(
    authenticate(deps.identity, {
      ...(deps.badTokensPerMinute === undefined ? {} : { badTokensPerMinute: deps.badTokensPerMinute }),
    }),
  );
  api.use(limiter(perMinute, (_req, res) => `token:${tokenKeyOf(res) ?? 'none'}`));
  api.use(
    limiter(perMinute, (_req, res) => {
      const caller = callerOf(res);
      return `user:${caller.mspId}/${caller.username}`;
    }),
  );
  api.use(json);
  api.use(logoutRoutes(deps.identity));
  api.use(tableRouter(operations(services), idempotentRequests(deps)));
  api.use(eventRoutes(services, streams));
  app.use(API_BASE, api);
  mountPublicApi(app, deps);
  app.use(portalRoutes(deps.webRoot));
  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
