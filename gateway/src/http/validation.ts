import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

import { DomainError } from '../domain/errors';
import { openApiDocument } from './openapi';

const DOC_ID = 'urn:procurement-gateway:openapi';

/** Ajv over the OpenAPI document's component schemas (JSON Schema 2020-12, as OpenAPI 3.1 uses). */
function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv as unknown as Parameters<typeof addFormats>[0]);
  ajv.addSchema({ $id: DOC_ID, components: openApiDocument.components }, DOC_ID);
  return ajv;
}

const ajv = createAjv();
const compiled = new Map<string, ValidateFunction>();

/** A validator for `#/components/schemas/<name>`. */
export function schemaValidator(name: string): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    validate = ajv.compile({ $ref: `${DOC_ID}#/components/schemas/${name}` });
    compiled.set(name, validate);
  }
  return validate;
}

function fieldOf(error: ErrorObject): string {
  const base = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  const child = params.missingProperty ?? params.additionalProperty;
  if (child !== undefined) return base === '' ? child : `${base}.${child}`;
  return base === '' ? '(body)' : base;
}

function describe(error: ErrorObject): string {
  const params = error.params as { additionalProperty?: string };
  if (params.additionalProperty !== undefined) return 'is not a known field';
  return error.message ?? 'is invalid';
}

/** The most specific error: prefer errors that are not about oneOf branches. */
function primary(errors: readonly ErrorObject[]): ErrorObject | undefined {
  const concrete = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'if' && e.keyword !== 'const');
  return concrete[0] ?? errors[0];
}

/** Validate a request body; on failure a 400 INVALID_ARGUMENT naming the failing field. */
export function checkBody(
  name: string,
  body: unknown,
): { ok: true; value: unknown } | { ok: false; error: DomainError } {
  const validate = schemaValidator(name);
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
  if (validate(body)) return { ok: true, value: body };
  const errors = validate.errors ?? [];
  const first = primary(errors);
  const field = first ? fieldOf(first) : '(body)';
  return {
    ok: false,
    error: new DomainError({
      code: 'INVALID_ARGUMENT',
      message: `${field} ${first ? describe(first) : 'is invalid'}`,
      details: {
        field,
        errors: errors.slice(0, 10).map((e) => ({ field: fieldOf(e), message: describe(e) })),
      },
    }),
  };
}
