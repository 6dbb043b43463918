import { ERRORS, ERROR_CODES, type ErrorSpec } from './errors';
import { buildOpenApiDocument, errorDescription } from './http/openapi';
import { ROUTES } from './http/routes';

describe('the error table', () => {
  it.each(ERROR_CODES.map((code) => [code] as const))('%s names only operations that exist', (code) => {
    for (const operationId of (ERRORS[code] as ErrorSpec).onlyFrom ?? [])
      expect(Object.keys(ROUTES)).toContain(operationId);
  });

  it('describes PASSWORD_CHANGE_REQUIRED at the login only', () => {
    expect(errorDescription(403, 'login')).toContain('PASSWORD_CHANGE_REQUIRED');
    expect(errorDescription(403, 'createTender')).not.toContain('PASSWORD_CHANGE_REQUIRED');
    const paths = buildOpenApiDocument().paths as Record<
      string,
      Record<string, { responses: Record<string, { description?: string }> }>
    >;
    const mentions = Object.entries(paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, op]) => op.responses['403']?.description?.includes('PASSWORD_CHANGE_REQUIRED'))
        .map(([method]) => `${method} ${path}`),
    );
    expect(mentions).toEqual(['post /api/v1/auth/login']);
  });
});
