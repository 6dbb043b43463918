import { buildOpenApiDocument } from '@procurement/contract';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** The generated document, as the gateway serves it. */
export const openApiDocument = buildOpenApiDocument();

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

/** An ajv validator for `#/components/schemas/<name>`, or for any JSON Schema of the document. */
export function schemaValidator(schema: string | Record<string, unknown>): ValidateFunction {
  if (typeof schema !== 'string') return ajv.compile(schema);
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile({ $ref: `${DOC_ID}#/components/schemas/${schema}` });
    compiled.set(schema, validate);
  }
  return validate;
}

interface ResponseLike {
  status: number;
  body: unknown;
}

type Paths = Record<
  string,
  Record<string, { responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> }>
>;

/** Assert that a response matches what the OpenAPI document declares for that operation and status. */
export function expectMatchesOpenApi(res: ResponseLike, method: string, pathTemplate: string): void {
  const operation = (openApiDocument.paths as unknown as Paths)[pathTemplate]?.[method.toLowerCase()];
  if (!operation) throw new Error(`OpenAPI has no ${method} ${pathTemplate}`);
  const response = operation.responses[String(res.status)];
  if (!response)
    throw new Error(`OpenAPI does not declare status ${res.status} for ${method} ${pathTemplate}`);
  const ref = response.content?.['application/json']?.schema?.$ref;
  if (ref === undefined) return;
  const validate = schemaValidator(ref.replace('#/components/schemas/', ''));
  if (!validate(res.body))
    throw new Error(
      `${method} ${pathTemplate} ${res.status} does not match ${ref}: ${JSON.stringify(validate.errors)}\n${JSON.stringify(res.body)}`,
    );
}
