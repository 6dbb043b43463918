/** OCDS extensions are JSON Merge Patches (RFC 7396) over the release schema. */

/** A JSON value, as a schema or a patch holds it. */
type Patchable = unknown;

function isPlainObject(value: Patchable): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Applies a JSON Merge Patch (RFC 7396) and returns the result; neither argument is changed.
 * Objects merge member by member, `null` removes a member, anything else replaces the target.
 */
export function applyMergePatch(target: Patchable, patch: Patchable): unknown {
  if (!isPlainObject(patch)) return structuredCopy(patch);
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      // RFC 7396: null deletes the member; the key comes from the patch's own entries.
      // eslint-disable-next-line @typescript-eslint/no-dynamic-delete
      delete result[key];
    } else {
      result[key] = applyMergePatch(result[key], value);
    }
  }
  return result;
}

/**
 * A release schema with the extensions applied in order (how OCDS tools build an extended schema).
 */
export function extendReleaseSchema(core: object, extensions: readonly object[]): Record<string, unknown> {
  return extensions.reduce<unknown>((schema, patch) => applyMergePatch(schema, patch), core) as Record<
    string,
    unknown
  >;
}

function structuredCopy(value: Patchable): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}
