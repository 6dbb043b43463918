/**
 * OCDS 1.1 merging: a process's releases, oldest first, compiled into one release. Rules of the
 * standard ("Merging" in the OCDS 1.1.5 documentation):
 * - fields marked `omitWhenMerged` (the release's `id`, `date`, `tag`) are not merged;
 * - a `null` value removes the field;
 * - objects merge field by field;
 * - an array marked `wholeListMerge`, an array of non-objects, or an array with an object that has no
 *   `id` replaces the previous value whole;
 * - any other array of objects merges item by item by `id` (identifier merge); new ids are appended.
 */
import { parseTime } from '../time';
import type { Json, JsonObject } from './types';

/** Paths of the fields that carry a merge property, dotted, without array indices. */
export interface MergeRules {
  omitWhenMerged: readonly string[];
  wholeListMerge: readonly string[];
}

/**
 * The merge rules of the OCDS 1.1.5 release schema with the bids extension, as
 * `mergeRulesFromSchema` reads them (a test checks that they still agree with the vendored schemas).
 */
export const OCDS_MERGE_RULES: MergeRules = {
  omitWhenMerged: ['date', 'id', 'tag'],
  wholeListMerge: [
    'awards.items.additionalClassifications',
    'awards.suppliers.additionalIdentifiers',
    'bids.details.identifiers',
    'bids.details.items.additionalClassifications',
    'bids.details.tenderers.additionalIdentifiers',
    'buyer.additionalIdentifiers',
    'contracts.implementation.transactions.payee.additionalIdentifiers',
    'contracts.implementation.transactions.payer.additionalIdentifiers',
    'contracts.items.additionalClassifications',
    'parties.additionalIdentifiers',
    'tender.items.additionalClassifications',
    'tender.procuringEntity.additionalIdentifiers',
    'tender.tenderers.additionalIdentifiers',
  ],
};

type SchemaNode = { [key: string]: unknown };

/**
 * Reads every `omitWhenMerged` and `wholeListMerge` field of a release schema, following local
 * `$ref`s (`#/definitions/…`); a reference inside its own definition is not followed again.
 */
export function mergeRulesFromSchema(schema: SchemaNode): MergeRules {
  const rules = { omitWhenMerged: new Set<string>(), wholeListMerge: new Set<string>() };
  walkSchema(schema, schema, '', new Set(), rules);
  return {
    omitWhenMerged: [...rules.omitWhenMerged].sort(),
    wholeListMerge: [...rules.wholeListMerge].sort(),
  };
}

function walkSchema(
  root: SchemaNode,
  node: SchemaNode,
  path: string,
  refs: ReadonlySet<string>,
  rules: { omitWhenMerged: Set<string>; wholeListMerge: Set<string> },
): void {
  if (node.omitWhenMerged === true) rules.omitWhenMerged.add(path);
  if (node.wholeListMerge === true) rules.wholeListMerge.add(path);
  for (const [child, childPath, childRefs] of childrenOf(root, node, path, refs)) {
    walkSchema(root, child, childPath, childRefs, rules);
  }
}

/** The schemas under a node, with their paths: its `$ref` target, its `items`, its `properties`. */
function childrenOf(
  root: SchemaNode,
  node: SchemaNode,
  path: string,
  refs: ReadonlySet<string>,
): [SchemaNode, string, ReadonlySet<string>][] {
  const children: [SchemaNode, string, ReadonlySet<string>][] = [];
  const ref = node.$ref;
  if (typeof ref === 'string' && !refs.has(ref)) {
    const target = definitionOf(root, ref);
    if (target) children.push([target, path, new Set([...refs, ref])]);
  }
  if (isSchemaNode(node.items)) children.push([node.items, path, refs]);
  const properties = isSchemaNode(node.properties) ? node.properties : {};
  for (const [name, child] of Object.entries(properties)) {
    if (isSchemaNode(child)) children.push([child, path === '' ? name : `${path}.${name}`, refs]);
  }
  return children;
}

/** The definition a local `$ref` (`#/definitions/Name`) points to, if any. */
function definitionOf(root: SchemaNode, ref: string): SchemaNode | undefined {
  const prefix = '#/definitions/';
  if (!ref.startsWith(prefix) || !isSchemaNode(root.definitions)) return undefined;
  const target = root.definitions[ref.slice(prefix.length)];
  return isSchemaNode(target) ? target : undefined;
}

function isSchemaNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Compiles releases into the process's current state. Releases are taken oldest first by `date`
 * (releases with the same date in the given order); the result is tagged `compiled`, dated with the
 * newest release, and its id is `${ocid}-${date}`.
 * @throws {RangeError} when there is no release, or a release has no RFC 3339 `date` or no `ocid`.
 */
export function compileReleases(
  releases: readonly JsonObject[],
  rules: MergeRules = OCDS_MERGE_RULES,
): JsonObject {
  const ordered = sortByDate(releases);
  const compiled: JsonObject = {};
  const omit = new Set(rules.omitWhenMerged);
  const whole = new Set(rules.wholeListMerge);
  for (const release of ordered) mergeObject(compiled, release, '', omit, whole);
  const last = ordered[ordered.length - 1];
  const ocid = last?.ocid;
  if (typeof ocid !== 'string') throw new RangeError('a release has no ocid');
  const date = last?.date as string;
  return { ...compiled, ocid, id: `${ocid}-${date}`, date, tag: ['compiled'] };
}

function sortByDate(releases: readonly JsonObject[]): JsonObject[] {
  if (releases.length === 0) throw new RangeError('a record needs at least one release');
  const keyed = releases.map((release, index) => {
    const time = typeof release.date === 'string' ? parseTime(release.date) : undefined;
    if (time === undefined)
      throw new RangeError(`release ${JSON.stringify(release.id)} has no RFC 3339 date`);
    return { release, index, time };
  });
  keyed.sort((a, b) => a.time - b.time || a.index - b.index);
  return keyed.map((k) => k.release);
}

function mergeObject(
  target: JsonObject,
  source: JsonObject,
  path: string,
  omit: ReadonlySet<string>,
  whole: ReadonlySet<string>,
): void {
  for (const [key, value] of Object.entries(source)) {
    const childPath = path === '' ? key : `${path}.${key}`;
    if (omit.has(childPath)) continue;
    if (value === null) {
      // A null removes the field (the key is read from the release itself, never from a prototype).
      // eslint-disable-next-line @typescript-eslint/no-dynamic-delete
      delete target[key];
    } else if (Array.isArray(value)) {
      target[key] = mergeArray(target[key], value, childPath, omit, whole);
    } else if (typeof value === 'object') {
      const current = target[key];
      const into: JsonObject = isObject(current) ? current : {};
      mergeObject(into, value, childPath, omit, whole);
      target[key] = into;
    } else {
      target[key] = value;
    }
  }
}

function mergeArray(
  current: Json | undefined,
  items: Json[],
  path: string,
  omit: ReadonlySet<string>,
  whole: ReadonlySet<string>,
): Json[] {
  if (whole.has(path) || !items.every(hasId)) return items.map(withoutNulls);
  const merged: JsonObject[] = Array.isArray(current) && current.every(hasId) ? current : [];
  for (const item of items) {
    const existing = merged.find((m) => m.id === item.id);
    if (existing) mergeObject(existing, item, path, omit, whole);
    else {
      const fresh: JsonObject = {};
      mergeObject(fresh, item, path, omit, whole);
      merged.push(fresh);
    }
  }
  return merged;
}

function hasId(value: Json): value is JsonObject {
  return isObject(value) && value.id !== undefined && value.id !== null;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A copy of a replaced value, with the null fields of its objects dropped (null means absent). */
function withoutNulls(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isObject(value)) return value;
  const copy: JsonObject = {};
  for (const [key, child] of Object.entries(value)) if (child !== null) copy[key] = withoutNulls(child);
  return copy;
}
