import { ROUTES, buildOpenApiDocument } from '@procurement/contract';
import request from 'supertest';

import { openApiDocument, schemaValidator } from '../testing/openapi';
import { World } from '../testing/world';

const schemas = Object.keys((openApiDocument.components as { schemas: Record<string, unknown> }).schemas);

describe('the generated OpenAPI document', () => {
  it.each(schemas)('when ajv compiles the schema %s, then every reference in it resolves', (name) => {
    expect(() => schemaValidator(name)).not.toThrow();
  });

  it('when two builds are compared, then they are identical (nothing in it depends on the moment)', () => {
    expect(buildOpenApiDocument()).toEqual(openApiDocument);
  });

  it('when the route table is read, then every operation is in the document under its method and path', () => {
    for (const [operationId, route] of Object.entries(ROUTES)) {
      expect(openApiDocument.paths[route.path]?.[route.method]).toMatchObject({ operationId });
    }
  });

  it('when the gateway serves it, then it is the generated document', async () => {
    const world = new World();
    try {
      const res = await request(world.app).get('/api/v1/openapi.json');
      expect(res.status).toBe(200);
      expect(res.body).toEqual(openApiDocument);
    } finally {
      world.cleanup();
    }
  });
});
