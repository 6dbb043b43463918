/**
 * The public reads, answered from the read model only (never from the peers). They show what is public
 * on the ledger and nothing more: no draft, no sealed content, no bid before the opening deadline, no
 * user names (a tender's committee, who created or amended it, who reviewed a flag).
 */
import {
  type Award,
  type BidRecord,
  LIMITS,
  type OcdsConfig,
  type PackageConfig,
  type Proof,
  type PublicAward,
  type PublicAwardsQuery,
  type PublicBid,
  type PublicRedFlag,
  type PublicRedFlagsQuery,
  type PublicReleasesQuery,
  type PublicTender,
  type PublicTenderDetail,
  type PublicTendersQuery,
  type RedFlagRecord,
  type Tender,
  type TimelineEntry,
  bidsAreOpen,
  buildRecord,
  buildRecordPackage,
  type OcdsRelease,
  ocidOf,
} from '@procurement/contract';

import { notFound } from '../domain/errors';
import { decodeBookmark, encodeBookmark } from './bookmarks';
import type { Sql } from './sql';

export interface Page<T> {
  items: T[];
  bookmark?: string;
}

/** Publication settings: the OCDS builders' and the packages' (their `uri` from the base URL). */
export interface PublicationConfig {
  ocds: OcdsConfig;
  /** The public base URL of this API, e.g. `https://ledger.example.org`. */
  baseUrl: string;
  package: Omit<PackageConfig, 'uri' | 'publishedDate'>;
}

/** A WHERE clause under construction: each condition with its parameters numbered in order. */
class Where {
  readonly params: unknown[] = [];
  readonly #conditions: string[] = [];

  /** Adds `condition`, whose `?` placeholders take `values` in order. */
  add(condition: string, ...values: unknown[]): this {
    let text = condition;
    for (const value of values) {
      this.params.push(value);
      text = text.replace('?', `$${this.params.length}`);
    }
    this.#conditions.push(text);
    return this;
  }

  when(value: unknown, condition: string): this {
    return value === undefined ? this : this.add(condition, value);
  }

  get sql(): string {
    return this.#conditions.length === 0 ? '' : `WHERE ${this.#conditions.join(' AND ')}`;
  }

  limit(pageSize: number | undefined): string {
    this.params.push((pageSize ?? LIMITS.defaultPageSize) + 1);
    return `LIMIT $${this.params.length}`;
  }
}

/** The page of `rows` (one more than the page was asked for, when there is a next page). */
function pageOf<R, T>(
  rows: R[],
  pageSize: number | undefined,
  item: (row: R) => T,
  sortValues: (row: R) => (string | number)[],
): Page<T> {
  const size = pageSize ?? LIMITS.defaultPageSize;
  const more = rows.length > size;
  const kept = rows.slice(0, size);
  const last = kept[kept.length - 1];
  return {
    items: kept.map(item),
    ...(more && last !== undefined ? { bookmark: encodeBookmark(sortValues(last)) } : {}),
  };
}

/** What the public sees of a tender: no committee, no creator, no amender. */
export function publicTender(t: Tender, ocds: OcdsConfig): PublicTender {
  return {
    id: t.id,
    ocid: ocidOf(t.id, ocds),
    title: t.title,
    description: t.description,
    cpv: t.cpv,
    agency: t.agency,
    procedure: t.procedure,
    status: t.status,
    estimatedValue: t.estimatedValue,
    ...(t.budgetCeiling ? { budgetCeiling: t.budgetCeiling } : {}),
    awardCriteria: t.awardCriteria,
    submissionDeadline: t.submissionDeadline,
    openingDeadline: t.openingDeadline,
    ...(t.publishedAt ? { publishedAt: t.publishedAt } : {}),
    amendments: t.amendments.length,
    ...(t.cancellation ? { cancellation: { reason: t.cancellation.reason, at: t.cancellation.at } } : {}),
    updatedAt: t.updatedAt,
  };
}

function publicRedFlag(f: RedFlagRecord, agency: string): PublicRedFlag {
  return {
    flagId: f.flagId,
    code: f.code,
    tenderId: f.tenderId,
    agency,
    raisedAt: f.raisedAt,
    txId: f.txId,
    evidence: f.evidence,
    status: f.status,
    ...(f.review ? { review: { note: f.review.note, at: f.review.at } } : {}),
  };
}

function publicAward(a: Award, legalName: string, cpv: string, ocds: OcdsConfig): PublicAward {
  return {
    tenderId: a.tenderId,
    ocid: ocidOf(a.tenderId, ocds),
    agency: a.agency,
    vendor: { vendorId: a.vendorId, legalName },
    price: a.price,
    cpv,
    awardedAt: a.awardedAt,
    standstillEndsAt: a.standstillEndsAt,
    status: a.status,
    txId: a.txId,
  };
}

interface TenderRow {
  doc: Tender;
  updated_block: string;
  updated_idx: number;
  id: string;
}
interface AwardRow {
  doc: Award;
  legal_name: string | null;
  cpv: string;
  awarded_at_text: string;
}
interface FlagRow {
  doc: RedFlagRecord;
  agency: string;
  raised_at_text: string;
}

export class PublicReads {
  readonly #sql: Sql;
  readonly #config: PublicationConfig;
  readonly #now: () => number;

  constructor(sql: Sql, config: PublicationConfig, now: () => number = Date.now) {
    this.#sql = sql;
    this.#config = config;
    this.#now = now;
  }

  get config(): PublicationConfig {
    return this.#config;
  }

  #version = 0;

  /** Moves on with every block the listener applies: answers cached for an older one are stale. */
  get version(): number {
    return this.#version;
  }

  blockApplied(): void {
    this.#version += 1;
  }

  async tenders(q: PublicTendersQuery): Promise<Page<PublicTender>> {
    const w = new Where().add("status <> 'draft'");
    w.when(q.q, "search @@ websearch_to_tsquery('simple', ?)")
      .when(q.agency, 'agency = ?')
      .when(q.status, 'status = ?')
      .when(q.cpv === undefined ? undefined : `${q.cpv}%`, 'cpv LIKE ?')
      .when(q.from, 'published_at >= ?::timestamptz')
      .when(q.to, 'published_at < ?::timestamptz')
      .when(q.currency, 'currency = ?')
      .when(q.minValue, 'estimated >= ?::numeric')
      .when(q.maxValue, 'estimated <= ?::numeric');
    if (q.bookmark !== undefined) {
      const [block, idx, id] = decodeBookmark(q.bookmark, ['string', 'number', 'string']);
      w.add('(updated_block, updated_idx, id) < (?::bigint, ?::int, ?)', block, idx, id);
    }
    const rows = await this.#sql.query<TenderRow>(
      `SELECT doc, updated_block::text AS updated_block, updated_idx, id FROM tenders ${w.sql}
       ORDER BY updated_block DESC, updated_idx DESC, id DESC ${w.limit(q.pageSize)}`,
      w.params,
    );
    return pageOf(
      rows,
      q.pageSize,
      (r) => publicTender(r.doc, this.#config.ocds),
      (r) => [r.updated_block, r.updated_idx, r.id],
    );
  }

  async tender(id: string): Promise<PublicTenderDetail> {
    const [row] = await this.#sql.query<{ doc: Tender }>(
      "SELECT doc FROM tenders WHERE id = $1 AND status <> 'draft'",
      [id],
    );
    if (!row) throw notFound(`no published tender ${id}`);
    const tender = row.doc;
    const timeline = await this.#sql.query<TimelineEntry>(
      `SELECT tx_id AS "txId", block::text AS "blockNumber",
         to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS time,
         creator AS organisation, event
       FROM txs WHERE tender_id = $1 AND validation_code = 'VALID' AND event IS NOT NULL
         AND event <> 'TenderCreated'
       ORDER BY block, idx`,
      [id],
    );
    const [award] = await this.awardsOf(id);
    const flags = await this.#sql.query<FlagRow>(
      `SELECT doc, $2::text AS agency, '' AS raised_at_text FROM red_flags WHERE tender_id = $1
       ORDER BY raised_at, flag_id`,
      [id, tender.agency],
    );
    const open = bidsAreOpen(tender, new Date(this.#now()).toISOString());
    return {
      ...publicTender(tender, this.#config.ocds),
      timeline,
      ...(open ? { bids: await this.bidsOf(id) } : {}),
      ...(award ? { award } : {}),
      redFlags: flags.map((f) => publicRedFlag(f.doc, f.agency)),
    };
  }

  /** The bids of a tender whose opening deadline has passed: id, vendor, price once opened, status. */
  private async bidsOf(tenderId: string): Promise<PublicBid[]> {
    const rows = await this.#sql.query<{ doc: BidRecord; legal_name: string | null }>(
      `SELECT b.doc, v.legal_name FROM bids b LEFT JOIN vendors v ON v.vendor_id = b.vendor_id
       WHERE b.tender_id = $1 AND b.doc->>'status' <> 'replaced' ORDER BY b.bid_id`,
      [tenderId],
    );
    return rows.map(({ doc, legal_name }) => ({
      bidId: doc.bidId,
      vendor: { vendorId: doc.vendorId, legalName: legal_name ?? doc.vendorId },
      ...(doc.price ? { price: doc.price } : {}),
      status: doc.status,
    }));
  }

  private async awardsOf(tenderId: string): Promise<PublicAward[]> {
    const rows = await this.#sql.query<AwardRow>(
      `SELECT a.doc, v.legal_name, t.cpv, '' AS awarded_at_text FROM awards a
       JOIN tenders t ON t.id = a.tender_id LEFT JOIN vendors v ON v.vendor_id = a.vendor_id
       WHERE a.tender_id = $1 ORDER BY a.awarded_at DESC`,
      [tenderId],
    );
    return rows.map((r) => publicAward(r.doc, r.legal_name ?? r.doc.vendorId, r.cpv, this.#config.ocds));
  }

  async awards(q: PublicAwardsQuery): Promise<Page<PublicAward>> {
    const w = new Where()
      .when(q.agency, 'a.agency = ?')
      .when(q.vendor, 'a.vendor_id = ?')
      .when(q.from, 'a.awarded_at >= ?::timestamptz')
      .when(q.to, 'a.awarded_at < ?::timestamptz');
    if (q.bookmark !== undefined) {
      const [at, tenderId] = decodeBookmark(q.bookmark, ['string', 'string']);
      w.add('(a.awarded_at, a.tender_id) < (?::timestamptz, ?)', at, tenderId);
    }
    const rows = await this.#sql.query<AwardRow>(
      `SELECT a.doc, v.legal_name, t.cpv, a.doc->>'awardedAt' AS awarded_at_text FROM awards a
       JOIN tenders t ON t.id = a.tender_id LEFT JOIN vendors v ON v.vendor_id = a.vendor_id ${w.sql}
       ORDER BY a.awarded_at DESC, a.tender_id DESC ${w.limit(q.pageSize)}`,
      w.params,
    );
    return pageOf(
      rows,
      q.pageSize,
      (r) => publicAward(r.doc, r.legal_name ?? r.doc.vendorId, r.cpv, this.#config.ocds),
      (r) => [r.awarded_at_text, r.doc.tenderId],
    );
  }

  async redFlags(q: PublicRedFlagsQuery): Promise<Page<PublicRedFlag>> {
    const w = new Where()
      .when(q.code, 'f.code = ?')
      .when(q.tenderId, 'f.tender_id = ?')
      .when(q.status, 'f.status = ?')
      .when(q.agency, 't.agency = ?');
    if (q.bookmark !== undefined) {
      const [at, flagId] = decodeBookmark(q.bookmark, ['string', 'string']);
      w.add('(f.raised_at, f.flag_id) < (?::timestamptz, ?)', at, flagId);
    }
    const rows = await this.#sql.query<FlagRow>(
      `SELECT f.doc, t.agency, f.doc->>'raisedAt' AS raised_at_text FROM red_flags f
       JOIN tenders t ON t.id = f.tender_id ${w.sql}
       ORDER BY f.raised_at DESC, f.flag_id DESC ${w.limit(q.pageSize)}`,
      w.params,
    );
    return pageOf(
      rows,
      q.pageSize,
      (r) => publicRedFlag(r.doc, r.agency),
      (r) => [r.raised_at_text, r.doc.flagId],
    );
  }

  async releases(q: PublicReleasesQuery): Promise<Page<OcdsRelease>> {
    const w = new Where().when(q.since, 'date >= ?::timestamptz');
    if (q.bookmark !== undefined) {
      const [block, idx] = decodeBookmark(q.bookmark, ['string', 'number']);
      w.add('(block, idx) > (?::bigint, ?::int)', block, idx);
    }
    const rows = await this.#sql.query<{ doc: OcdsRelease; block: string; idx: number }>(
      `SELECT doc, block::text AS block, idx FROM releases ${w.sql} ORDER BY block, idx ${w.limit(q.pageSize)}`,
      w.params,
    );
    return pageOf(
      rows,
      q.pageSize,
      (r) => r.doc,
      (r) => [r.block, r.idx],
    );
  }

  /** The record package of one process; undefined when it has no release (a draft or unknown ocid). */
  async recordPackage(ocid: string): Promise<Record<string, unknown> | undefined> {
    const releases = (
      await this.#sql.query<{ doc: OcdsRelease }>(
        'SELECT doc FROM releases WHERE ocid = $1 ORDER BY block, idx',
        [ocid],
      )
    ).map((r) => r.doc);
    const last = releases[releases.length - 1];
    if (!last) return undefined;
    const { baseUrl, package: pkg } = this.#config;
    return buildRecordPackage([buildRecord(releases)], {
      ...pkg,
      uri: `${baseUrl}/public/v1/records/${encodeURIComponent(ocid)}`,
      publishedDate: last.date,
    });
  }

  async record(ocid: string): Promise<Record<string, unknown>> {
    const found = await this.recordPackage(ocid);
    if (!found) throw notFound(`no contracting process ${ocid}`);
    return found;
  }

  async records(q: {
    pageSize?: number | undefined;
    bookmark?: string | undefined;
  }): Promise<Page<Record<string, unknown>>> {
    const w = new Where();
    if (q.bookmark !== undefined) {
      const [ocid] = decodeBookmark(q.bookmark, ['string']);
      w.add('ocid > ?', ocid);
    }
    const rows = await this.#sql.query<{ ocid: string }>(
      `SELECT DISTINCT ocid FROM releases ${w.sql} ORDER BY ocid ${w.limit(q.pageSize)}`,
      w.params,
    );
    const page = pageOf(
      rows,
      q.pageSize,
      (r) => r.ocid,
      (r) => [r.ocid],
    );
    const items: Record<string, unknown>[] = [];
    for (const ocid of page.items) {
      const pkg = await this.recordPackage(ocid);
      if (pkg) items.push(pkg);
    }
    return { items, ...(page.bookmark === undefined ? {} : { bookmark: page.bookmark }) };
  }

  async proof(txId: string): Promise<Proof> {
    const [row] = await this.#sql.query<Proof & { endorsers: string[] }>(
      `SELECT tx_id AS "txId", channel, block::text AS "blockNumber", validation_code AS "validationCode",
         to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS time, creator, endorsers
       FROM txs WHERE tx_id = $1`,
      [txId],
    );
    if (!row) throw notFound(`no transaction ${txId} in the read model`);
    return row;
  }
}
