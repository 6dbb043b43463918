import { openApiDocument } from '../http/openapi';
import { schemaValidator } from '../http/validation';

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
