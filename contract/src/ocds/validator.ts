/**
 * Validation of OCDS documents against the 1.1.5 schemas plus extensions (ajv, JSON Schema draft-04).
 * For tests and tools (the export, the e2e suite): it needs the `ajv-draft-04` and `ajv-formats`
 * packages, which are development dependencies, so the package index does not export it.
 */
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

import { extendReleaseSchema } from './extension';

/** URL under which the package schemas reference the release schema. */
export const RELEASE_SCHEMA_URL = 'https://standard.open-contracting.org/schema/1__1__5/release-schema.json';
/** The record package's optional `versionedRelease`: this project never publishes one. */
export const VERSIONED_RELEASE_SCHEMA_URL =
  'https://standard.open-contracting.org/schema/1__1__5/versioned-release-validation-schema.json';

/** The schema documents, as parsed JSON (the caller reads them from `contract/ocds-schema`). */
export interface OcdsSchemaSet {
  release: object;
  releasePackage: object;
  recordPackage: object;
  /** Each extension's `release-schema.json` (a JSON Merge Patch), applied in order. */
  extensions: readonly object[];
}

/** Each function answers the validation errors (`path: message`), none for a valid document. */
export interface OcdsValidator {
  release(document: unknown): string[];
  releasePackage(document: unknown): string[];
  recordPackage(document: unknown): string[];
  /** The release schema with the extensions applied. */
  extendedReleaseSchema: Record<string, unknown>;
}

/**
 * Compiles the validators. OCDS schemas carry keywords of their own (`codelist`, `openCodelist`,
 * `deprecated`, merge properties), so ajv's strict mode is off; formats (`date-time`, `uri`, …) are on.
 * @throws {Error} when a schema does not compile.
 */
export function createOcdsValidator(schemas: OcdsSchemaSet): OcdsValidator {
  const extendedReleaseSchema = extendReleaseSchema(schemas.release, schemas.extensions);
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...extendedReleaseSchema, id: RELEASE_SCHEMA_URL });
  ajv.addSchema({ id: VERSIONED_RELEASE_SCHEMA_URL, not: {} });
  const check = (schema: object) => {
    const validate = ajv.compile(schema);
    return (document: unknown): string[] => {
      if (validate(document)) return [];
      return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}`);
    };
  };
  return {
    release: check({ $ref: RELEASE_SCHEMA_URL }),
    releasePackage: check(schemas.releasePackage),
    recordPackage: check(schemas.recordPackage),
    extendedReleaseSchema,
  };
}
