/**
 * The Express router of every operation the route table serves: one generic preamble (role, path ids,
 * query, body with the refusal-order precheck) in place of one per route.
 */
import {
  API_BASE,
  type ComponentName,
  type ComponentOf,
  IDEMPOTENCY_KEY_HEADER,
  ROUTES,
  type RouteSpec,
  type TableOperationId,
  pathParams,
} from '@procurement/contract';
import { type Request, type Response, Router } from 'express';
import type { z } from 'zod/v4';

import type { Caller } from '../domain/caller';
import { invalidArgument, notAuthorised } from '../domain/errors';
import { callerOf } from './auth';
import { withRequestScope } from '../domain/request-scope';
import type { IdempotentRequests } from './idempotency';
import { pathParam, validBody, validQuery } from './params';

/** The names of a path template's `{params}`. */
type ParamNames<P extends string> = P extends `${string}{${infer N}}${infer Rest}`
  ? N | ParamNames<Rest>
  : never;

type Route<K extends TableOperationId> = (typeof ROUTES)[K];

/** What a handler gets: the caller and the request's validated parts. */
export interface OperationInput<K extends TableOperationId> {
  caller: Caller;
  params: Record<ParamNames<Route<K>['path']>, string>;
  query: Route<K> extends { query: infer Q extends z.ZodObject } ? z.input<Q> : undefined;
  body: Route<K> extends { body: infer B extends ComponentName } ? ComponentOf<B> : undefined;
}

export interface Operation<K extends TableOperationId> {
  /**
   * Runs only when the body is invalid, before the 400 is answered: reports a missing resource (404) or a
   * caller who may not touch it (403) first, per the API's refusal order.
   */
  precheck?: (input: Omit<OperationInput<K>, 'body'>) => Promise<void>;
  /** The answer: its type is the route's declared success body, so a mismatch is a compile error. */
  run: (input: OperationInput<K>) => Promise<SuccessOf<K>>;
}

/** The success body a route declares. */
type SuccessOf<K extends TableOperationId> =
  Route<K> extends {
    success: { schema: infer S extends ComponentName };
  }
    ? ComponentOf<S>
    : unknown;

/** A handler for every operation the table serves: a missing one is a compile error. */
export type Operations = { [K in TableOperationId]: Operation<K> };

/** `/api/v1/tenders/{id}` → `/tenders/:id` (mounted under the API base). */
function expressPath(path: string): string {
  return path.slice(API_BASE.length).replace(/\{([A-Za-z]+)\}/g, ':$1');
}

function requireAudience(caller: Caller, route: RouteSpec): void {
  const roles = route.who.filter((who) => who !== 'anyone' && who !== 'public');
  if (roles.length > 0 && !(roles as string[]).includes(caller.role))
    throw notAuthorised(`a ${caller.role} may not do this; it needs the role ${roles.join(' or ')}`);
}

/** The request's validated parts, in the API's refusal order: role, path ids, query, body. */
async function input(
  req: Request,
  res: Response,
  route: RouteSpec,
  operation: Operation<TableOperationId>,
): Promise<OperationInput<TableOperationId>> {
  const caller = callerOf(res);
  requireAudience(caller, route);
  const params = Object.fromEntries(
    pathParams(route.path).map((name) => [name, pathParam(req, name, route.pathSchemas?.[name])]),
  );
  const query = route.query ? validQuery(req, route.query) : undefined;
  const base = { caller, params, query } as Omit<OperationInput<TableOperationId>, 'body'>;
  const { precheck } = operation;
  const check = precheck ? () => precheck(base) : undefined;
  return { ...base, body: await body(req, route, check) } as OperationInput<TableOperationId>;
}

async function body(
  req: Request,
  route: RouteSpec,
  precheck: (() => Promise<void>) | undefined,
): Promise<unknown> {
  if (route.body === undefined) return undefined;
  if (route.bodyOptional === true && req.body === undefined) return {};
  return validBody(req, route.body, precheck);
}

/** The request's Idempotency-Key, if the route reads one and the client sent one. */
function idempotencyKeyOf(req: Request, route: RouteSpec): string | undefined {
  const header = route.headers?.find((h) => h.name === IDEMPOTENCY_KEY_HEADER);
  const value = req.get(IDEMPOTENCY_KEY_HEADER);
  if (!header || value === undefined) return undefined;
  if (!header.schema.safeParse(value).success)
    throw invalidArgument(`${IDEMPOTENCY_KEY_HEADER}: ${header.description}`, IDEMPOTENCY_KEY_HEADER);
  return value;
}

/** One Express route per table operation, in table order. */
export function tableRouter(operations: Operations, idempotent?: IdempotentRequests): Router {
  const router = Router();
  for (const id of Object.keys(operations) as TableOperationId[]) {
    const route: RouteSpec = ROUTES[id];
    const operation = operations[id] as Operation<TableOperationId>;
    router[route.method](expressPath(route.path), (req, res) =>
      withRequestScope(() => serve(req, res, route, operation, idempotent)),
    );
  }
  return router;
}

/** One operation's request: validate, then run it (once per Idempotency-Key when it carries one). */
async function serve(
  req: Request,
  res: Response,
  route: RouteSpec,
  operation: Operation<TableOperationId>,
  idempotent: IdempotentRequests | undefined,
): Promise<void> {
  const validated = await input(req, res, route, operation);
  const key = idempotencyKeyOf(req, route);
  if (key === undefined || !idempotent) {
    res.status(route.success.status).json(await operation.run(validated));
    return;
  }
  const answer = await idempotent.answer({
    caller: validated.caller,
    key,
    method: req.method,
    path: req.baseUrl + req.path,
    body: validated.body,
    successStatus: route.success.status,
    run: () => operation.run(validated),
  });
  if (answer.replayed) res.setHeader('Idempotent-Replayed', 'true');
  res.status(answer.status).json(answer.body);
}
