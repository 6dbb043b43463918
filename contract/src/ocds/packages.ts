/** OCDS records, release packages and record packages. */
import { compileReleases, type MergeRules, OCDS_MERGE_RULES } from './merge';
import type { JsonObject, OcdsRelease } from './types';

/** The OCDS version these packages declare. */
export const OCDS_VERSION = '1.1';

/** URL of the bids extension's metadata, declared in every package's `extensions`. */
export const BID_EXTENSION_URL =
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/master/extension.json';

/** Package metadata, all from configuration. */
export interface PackageConfig {
  /** The package's own URL. */
  uri: string;
  /** When the package was published (RFC 3339); the caller decides (never a clock here). */
  publishedDate: string;
  publisher: { name: string; uri?: string; scheme?: string; uid?: string };
  /** URL of the data licence. */
  license: string;
  /** URL of the publication policy. */
  publicationPolicy: string;
}

export interface OcdsRecord {
  ocid: string;
  releases: JsonObject[];
  compiledRelease: JsonObject;
}

/** The plain JSON of a document (its own deep copy). */
export function jsonCopy(document: object): JsonObject {
  return JSON.parse(JSON.stringify(document)) as JsonObject;
}

/**
 * A process's record: every release, oldest first, and the compiled release.
 * @throws {RangeError} when there is no release or the releases belong to different processes.
 */
export function buildRecord(
  releases: readonly OcdsRelease[],
  rules: MergeRules = OCDS_MERGE_RULES,
): OcdsRecord {
  const ocid = releases[0]?.ocid;
  if (ocid === undefined) throw new RangeError('a record needs at least one release');
  if (releases.some((r) => r.ocid !== ocid))
    throw new RangeError(`releases of several processes, not only ${ocid}`);
  const compiledRelease = compileReleases(releases.map(jsonCopy), rules);
  const ordered = [...releases].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { ocid, releases: ordered.map(jsonCopy), compiledRelease };
}

function packageHeader(config: PackageConfig): JsonObject {
  return {
    uri: config.uri,
    version: OCDS_VERSION,
    extensions: [BID_EXTENSION_URL],
    publishedDate: config.publishedDate,
    publisher: { ...config.publisher },
    license: config.license,
    publicationPolicy: config.publicationPolicy,
  };
}

/**
 * A release package of the given releases.
 * @throws {RangeError} when there is no release (OCDS requires at least one).
 */
export function buildReleasePackage(releases: readonly OcdsRelease[], config: PackageConfig): JsonObject {
  if (releases.length === 0) throw new RangeError('a release package needs at least one release');
  return { ...packageHeader(config), releases: releases.map(jsonCopy) };
}

/**
 * A record package of the given records.
 * @throws {RangeError} when there is no record (OCDS requires at least one).
 */
export function buildRecordPackage(records: readonly OcdsRecord[], config: PackageConfig): JsonObject {
  if (records.length === 0) throw new RangeError('a record package needs at least one record');
  return { ...packageHeader(config), records: records.map(jsonCopy) };
}
