/** State helpers: JSON records under composite keys, scans, pagination, history, private data, events. */
import type { Context } from 'fabric-contract-api';
import type { Iterators } from 'fabric-shim-api';
import type { EventName, EventPayload } from '@procurement/contract';
import { invalid } from '../errors';
import { type StateWrite, getStates, writeStates } from './batch';
import { canonical, toBytes, utf8 } from './canonical';
import { timestampMillis } from './tx';

/**
 * Values read ahead for a transaction, several keys in one call to the peer (`readAhead`), which its
 * later reads of those keys take instead of asking the peer again. The same answer: within a
 * transaction a key reads the same every time (Fabric never shows a read its own writes).
 */
const readAheadValues = new WeakMap<Context, Map<string, Uint8Array>>();

/** Reads `keys` in one call to the peer, for the transaction's later reads of them. */
export async function readAhead(ctx: Context, keys: readonly string[]): Promise<void> {
  await readStates(ctx, keys);
}

/** The values of `keys` in order (empty when absent): those read ahead, the rest in one call. */
export async function readStates(ctx: Context, keys: readonly string[]): Promise<Uint8Array[]> {
  let ahead = readAheadValues.get(ctx);
  if (ahead === undefined) {
    ahead = new Map();
    readAheadValues.set(ctx, ahead);
  }
  const known = ahead;
  const missing = [...new Set(keys.filter((k) => !known.has(k)))];
  const values = await getStates(ctx.stub, missing);
  missing.forEach((k, i) => known.set(k, values[i] ?? new Uint8Array()));
  return keys.map((k) => known.get(k) ?? new Uint8Array());
}

/** One key's value (empty when absent), read ahead or asked of the peer now. */
export async function readState(ctx: Context, key: string): Promise<Uint8Array> {
  return readAheadValues.get(ctx)?.get(key) ?? (await ctx.stub.getState(key));
}

export async function getJson<T>(ctx: Context, key: string): Promise<T | undefined> {
  const bytes = await readState(ctx, key);
  if (bytes.length === 0) return undefined;
  return JSON.parse(utf8(bytes)) as T;
}

export async function exists(ctx: Context, key: string): Promise<boolean> {
  return (await readState(ctx, key)).length > 0;
}

/**
 * A transaction's writes, kept until its function returns and then sent to the peer in one call
 * (`flushWrites`, from the contracts' afterTransaction; batch.ts). Nothing changes for the reads: within a
 * transaction Fabric never shows a read its own writes, so a write sent later reads the same. A refused
 * transaction's writes are never sent, as its proposal is never submitted anyway.
 */
const pendingWrites = new WeakMap<Context, StateWrite[]>();

function queueWrite(ctx: Context, write: StateWrite): Promise<void> {
  const writes = pendingWrites.get(ctx);
  if (writes === undefined) pendingWrites.set(ctx, [write]);
  else writes.push(write);
  return Promise.resolve();
}

export function putJson(ctx: Context, key: string, value: unknown): Promise<void> {
  return queueWrite(ctx, { key, value: toBytes(value) });
}

export function putText(ctx: Context, key: string, value: string): Promise<void> {
  return queueWrite(ctx, { key, value: Buffer.from(value, 'utf8') });
}

export function deleteKey(ctx: Context, key: string): Promise<void> {
  return queueWrite(ctx, { key });
}

/** Sends the transaction's writes, in the order they were made, in one call to the peer. */
export async function flushWrites(ctx: Context): Promise<void> {
  const writes = pendingWrites.get(ctx);
  if (writes === undefined) return;
  pendingWrites.delete(ctx);
  await writeStates(ctx.stub, writes);
}

export async function getText(ctx: Context, key: string): Promise<string | undefined> {
  const bytes = await readState(ctx, key);
  return bytes.length === 0 ? undefined : utf8(bytes);
}

/** Every record under a partial composite key, in key order (re-checked as phantom reads in writes). */
export async function scan(
  ctx: Context,
  type: string,
  attrs: string[],
): Promise<{ key: string; value: string }[]> {
  // Not `for await`: the shim's async iterator closes the peer's iterator once it is exhausted, which is
  // one more round trip to the peer. Exhausted here means the peer read to the end (that is what
  // completes the read set's range entry), and the peer closes a transaction's iterators itself when
  // the transaction completes.
  const iterator = await ctx.stub.getStateByPartialCompositeKey(type, attrs);
  const out: { key: string; value: string }[] = [];
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    out.push({ key: next.value.key, value: utf8(next.value.value) });
  }
  return out;
}

export interface PageOf<T> {
  items: T[];
  bookmark?: string;
}

/**
 * Read-only paginated walk of a partial composite key. `select` maps an index entry to an item or to
 * `undefined` (skip) or to 'stop' (no further entry can match). Pages are re-requested until pageSize
 * items are collected, so the returned bookmark always points just after the last item returned.
 */
export async function paginate<T>(
  ctx: Context,
  type: string,
  attrs: string[],
  pageSize: number,
  bookmark: string | undefined,
  select: (entry: { key: string; value: string }) => Promise<T | undefined | 'stop'>,
): Promise<PageOf<T>> {
  const items: T[] = [];
  const prefix = ctx.stub.createCompositeKey(type, attrs);
  let next = bookmark === undefined || bookmark === '' ? '' : startKeyOf(bookmark, prefix);
  for (;;) {
    const response = await ctx.stub.getStateByPartialCompositeKeyWithPagination(
      type,
      attrs,
      pageSize - items.length,
      next,
    );
    if (await collect(response.iterator, select, items)) return { items };
    next = nextBookmark(response);
    if (next === '') return { items };
    if (items.length >= pageSize) return { items, bookmark: bookmarkAt(next) };
  }
}

/** Adds the selected entries to `items`; true when `select` said no further entry can match. */
async function collect<T>(
  iterator: Iterators.StateQueryIterator,
  select: (entry: { key: string; value: string }) => Promise<T | undefined | 'stop'>,
  items: T[],
): Promise<boolean> {
  try {
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
      const item = await select({ key: r.value.key, value: utf8(r.value.value) });
      if (item === 'stop') return true;
      if (item !== undefined) items.push(item);
    }
    return false;
  } finally {
    await iterator.close();
  }
}

/**
 * The next page's start key, or '' at the end. The shim's types say `metadata` is always there, but it
 * leaves it out when the peer's is all defaults (no record fetched, no bookmark).
 */
function nextBookmark(response: { metadata?: { bookmark: string; fetchedRecordsCount: number } }): string {
  const { metadata } = response;
  if (metadata === undefined || metadata.fetchedRecordsCount === 0) return '';
  return metadata.bookmark;
}

/**
 * Bookmarks are opaque (base64url of the next key) and only ever issued by `paginate` itself. One given
 * back is accepted only if it decodes to a key inside the query's own key range: a crafted bookmark can
 * never move a query onto other records (a tender listing onto bid records, say). `bookmarkAt` lets a
 * query start at a key of its own range (award history starting at a time).
 */
export function bookmarkAt(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

function startKeyOf(bookmark: string, prefix: string): string {
  const key = /^[A-Za-z0-9_-]+$/.test(bookmark) ? Buffer.from(bookmark, 'base64url').toString('utf8') : '';
  if (!key.startsWith(prefix) || key === prefix || bookmarkAt(key) !== bookmark) {
    throw invalid('bookmark was not issued by this query');
  }
  return key;
}

export interface Version<T> {
  txId: string;
  timestampMs: number;
  isDelete: boolean;
  value?: T;
}

/** Every version of a key, as the history database returns them (read-only transactions only). */
export async function history<T>(ctx: Context, key: string): Promise<Version<T>[]> {
  const out: Version<T>[] = [];
  for await (const m of ctx.stub.getHistoryForKey(key)) {
    const version: Version<T> = {
      txId: m.txId,
      timestampMs: timestampMillis(m.timestamp),
      isDelete: m.isDelete,
    };
    if (!m.isDelete && m.value.length > 0) version.value = JSON.parse(utf8(m.value)) as T;
    out.push(version);
  }
  return out;
}

/** Exactly one event per state-changing transaction: ids only, canonical JSON. */
export function emit(ctx: Context, name: EventName, payload: EventPayload): void {
  ctx.stub.setEvent(name, Buffer.from(canonical(payload), 'utf8'));
}
