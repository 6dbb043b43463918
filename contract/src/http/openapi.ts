/**
 * The OpenAPI 3.1 document, generated from the route table, the named schemas (zod's JSON Schema output)
 * and the error table. Nothing in it is written by hand.
 */
import { z } from 'zod/v4';

import { ERRORS, ERROR_CODES, type ErrorSpec } from '../errors';
import { COMPONENTS } from './components';
import { ROUTES, type RouteSpec, pathParams } from './routes';

type Json = Record<string, unknown>;

/** Statuses every signed-in operation can answer, whatever it does. */
const SIGNED_IN_ERRORS = [401, 429, 500, 502, 503, 504];
/** Statuses every operation with a body can answer. */
const BODY_ERRORS = [400, 413];

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });

/** `CODE: description` for every code answered with this status, from the error table. */
export function errorDescription(status: number, operationId?: string): string {
  return ERROR_CODES.filter((code) => ERRORS[code].status === status && answers(code, operationId))
    .map((code) => `${ERRORS[code].wire}: ${ERRORS[code].description}`)
    .join('; ');
}

/** Whether the operation can answer with this code (every code, unless the code names its operations). */
function answers(code: (typeof ERROR_CODES)[number], operationId: string | undefined): boolean {
  const only: readonly string[] | undefined = (ERRORS[code] as ErrorSpec).onlyFrom;
  return only === undefined || operationId === undefined || only.includes(operationId);
}

/** Whether some code answered with this status carries a `Retry-After` header. */
function hasRetryAfter(status: number): boolean {
  return ERROR_CODES.some((code) => {
    const spec: { status: number; retryAfter?: boolean } = ERRORS[code];
    return spec.status === status && spec.retryAfter === true;
  });
}

const RETRY_AFTER_HEADER: Json = {
  'Retry-After': {
    description: 'seconds to wait before retrying (LEDGER_BUSY)',
    schema: { type: 'integer', minimum: 1 },
  },
};

function withoutDialect(schema: Json): Json {
  const copy = { ...schema };
  delete copy.$schema;
  delete copy.$id;
  return copy;
}

function componentSchemas(): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    io: 'input',
    uri: (id) => `#/components/schemas/${id}`,
  }) as unknown as { schemas: Record<string, Json> };
  return Object.fromEntries(Object.entries(schemas).map(([id, s]) => [id, withoutDialect(s)]));
}

/** The named component a (possibly optional) field schema is, if any. */
function componentOf(schema: z.ZodType): string | undefined {
  const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  return Object.entries(COMPONENTS).find(([, component]) => component === inner)?.[0];
}

function parameterSchema(schema: z.ZodType): Json {
  const component = componentOf(schema);
  return component ? ref(component) : withoutDialect(z.toJSONSchema(schema, { io: 'input' }) as Json);
}

function parameters(route: RouteSpec): Json[] {
  const path = pathParams(route.path).map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: ref(route.pathSchemas?.[name] ?? 'Id'),
  }));
  const query = Object.entries(route.query?.shape ?? {}).map(([name, schema]) => {
    const field = schema as z.ZodType;
    return {
      name,
      in: 'query',
      required: false,
      schema: parameterSchema(field),
      ...(field.description === undefined ? {} : { description: field.description }),
    };
  });
  const headers = (route.headers ?? []).map(({ name, schema, description }) => ({
    name,
    in: 'header',
    required: false,
    schema: withoutDialect(z.toJSONSchema(schema, { io: 'input' }) as Json),
    description,
  }));
  return [...path, ...query, ...headers];
}

function errorStatuses(route: RouteSpec): number[] {
  const statuses = new Set<number>([
    ...(route.who.includes('public') ? [] : SIGNED_IN_ERRORS),
    ...(route.body === undefined ? [] : BODY_ERRORS),
    ...(route.errors ?? []),
  ]);
  return [...statuses].sort((a, b) => a - b);
}

function responses(operationId: string, route: RouteSpec): Json {
  const { status, schema } = route.success;
  const success = route.produces
    ? {
        description: route.produces.description,
        content: { [route.produces.type]: { schema: { type: 'string' } } },
      }
    : {
        description: 'success',
        ...(schema ? { content: { 'application/json': { schema: ref(schema) } } } : {}),
      };
  const out: Json = { [String(status)]: success };
  if (route.alsoAnswers) {
    const { status: also, description, schema: alsoSchema } = route.alsoAnswers;
    out[String(also)] = { description, content: { 'application/json': { schema: ref(alsoSchema) } } };
  }
  for (const code of errorStatuses(route)) {
    out[String(code)] = {
      description: errorDescription(code, operationId),
      ...(hasRetryAfter(code) ? { headers: RETRY_AFTER_HEADER } : {}),
      content: { 'application/json': { schema: ref('Error') } },
    };
  }
  return out;
}

function operation(operationId: string, route: RouteSpec): Json {
  const params = parameters(route);
  return {
    operationId,
    summary: route.summary,
    description: `Who: ${route.who.join(', ')}.`,
    ...(route.who.includes('public') ? { security: [] } : {}),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: route.bodyOptional !== true,
            content: { 'application/json': { schema: ref(route.body) } },
          },
        }
      : {}),
    responses: responses(operationId, route),
  };
}

/** The whole document, as served at `/api/v1/openapi.json`. */
export function buildOpenApiDocument(): Json & { paths: Record<string, Record<string, Json>> } {
  const paths: Record<string, Record<string, Json>> = {};
  for (const [operationId, route] of Object.entries(ROUTES) as [string, RouteSpec][]) {
    paths[route.path] = { ...paths[route.path], [route.method]: operation(operationId, route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Procurement ledger gateway',
      version: '1.0.0',
      description:
        'Public procurement on Hyperledger Fabric. Every write answers after commit with txId and blockNumber. ' +
        'Error bodies are { "error": { "code", "message", "details"? } }. CLOCK_SKEW is answered with 409. ' +
        'Generated from @procurement/contract; the prose description is docs/api.md in the repository.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: componentSchemas(),
    },
  };
}
