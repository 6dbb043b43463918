import { readFileSync } from 'node:fs';
import path from 'node:path';

import { ERROR_CODES, ERRORS } from './errors';
import { ROUTES } from './http/routes';

const doc = readFileSync(path.join(__dirname, '..', '..', 'docs', 'api.md'), 'utf8');

describe('docs/api.md', () => {
  it.each(Object.values(ROUTES).map((r) => [`${r.method.toUpperCase()} ${r.path}`] as const))(
    'describes %s',
    (route) => {
      expect(doc).toContain(route);
    },
  );

  it.each(ERROR_CODES.map((code) => [ERRORS[code].wire] as const))('names the error code %s', (wire) => {
    expect(doc).toContain(`\`${wire}\``);
  });
});
