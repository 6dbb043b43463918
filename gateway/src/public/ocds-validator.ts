/**
 * The OCDS 1.1.5 validator (with the bid extension) over the schemas copied into the contract package:
 * for tests and tools only (the export checks what it writes), since it needs ajv's draft-04 build.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { type OcdsValidator, createOcdsValidator } from '@procurement/contract/dist/ocds/validator';

const SCHEMA_DIR = path.join(
  path.dirname(require.resolve('@procurement/contract/package.json')),
  'ocds-schema',
);

function schema(file: string): object {
  return JSON.parse(readFileSync(path.join(SCHEMA_DIR, file), 'utf8')) as object;
}

export function loadOcdsValidator(): OcdsValidator {
  return createOcdsValidator({
    release: schema('1.1.5/release-schema.json'),
    releasePackage: schema('1.1.5/release-package-schema.json'),
    recordPackage: schema('1.1.5/record-package-schema.json'),
    extensions: [schema('bid-extension/release-schema.json')],
  });
}
