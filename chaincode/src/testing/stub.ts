/* istanbul ignore file -- test helper; the root jest config means to exclude src/testing from coverage */
/**
 * In-memory ChaincodeStub for contract tests: the methods the chaincode uses, with Fabric's semantics
 * where they matter (composite-key encoding from the real shim, sorted keys, no read-your-writes: writes
 * are buffered and applied only when the transaction succeeds, history newest first, paginated queries
 * whose bookmark is the next key or '' at the end, private-data hashes = SHA-256 of the bytes).
 */
import { createHash } from 'node:crypto';
import { ChaincodeStub } from 'fabric-shim';
import type { Iterators, SerializedIdentity, SplitCompositekey } from 'fabric-shim-api';

export interface Write {
  collection: string;
  key: string;
  /** undefined: delete */
  value: string | undefined;
}

export interface Modification {
  txId: string;
  ms: number;
  value: Uint8Array;
  isDelete: boolean;
}

const MAX_RUNE = '\u{10FFFF}';
// The shim's own composite-key encoding (neither method touches the stub's state).
// eslint-disable-next-line @typescript-eslint/unbound-method
const realCreateKey = ChaincodeStub.prototype.createCompositeKey as (type: string, attrs: string[]) => string;
// eslint-disable-next-line @typescript-eslint/unbound-method
const realSplitKey = ChaincodeStub.prototype.splitCompositeKey as (key: string) => SplitCompositekey;

type QueryPromise<T> = Promise<T> & AsyncIterable<Iterators.KV>;

function iteratorOf<T>(values: T[]): Iterators.CommonIterator<T> {
  let i = 0;
  return {
    close: () => Promise.resolve(),
    next: () => {
      const value = values[i];
      i += 1;
      return Promise.resolve(
        value === undefined ? { value: undefined as unknown as T, done: true } : { value, done: false },
      );
    },
  };
}

function asyncIterable<T, V>(promise: Promise<T>, values: V[]): Promise<T> & AsyncIterable<V> {
  return Object.assign(promise, {
    [Symbol.asyncIterator]: async function* () {
      await promise;
      yield* values;
    },
  });
}

export class MemoryStub {
  /** Committed world state and private collections ('' is the public state). */
  readonly state = new Map<string, Map<string, Uint8Array>>([['', new Map()]]);
  readonly histories = new Map<string, Modification[]>();
  /** Pending write set of the running transaction. */
  writes: Write[] = [];
  events: { name: string; payload: string }[] = [];
  txId = 'tx0';
  nowMs = 0;
  peerMspId = 'PublicWorksMSP';
  creator: SerializedIdentity = { mspid: '', idBytes: new Uint8Array() };
  transient = new Map<string, Uint8Array>();
  /** Name of the running transaction (`contract:Function`). */
  fcn = '';
  params: string[] = [];

  getFunctionAndParameters(): { fcn: string; params: string[] } {
    return { fcn: this.fcn, params: this.params };
  }

  private collection(name: string): Map<string, Uint8Array> {
    let c = this.state.get(name);
    if (!c) {
      c = new Map();
      this.state.set(name, c);
    }
    return c;
  }

  /** Begins a transaction: clears the write set and events. */
  begin(
    txId: string,
    nowMs: number,
    creator: SerializedIdentity,
    transient: Map<string, Uint8Array>,
    peerMspId: string,
  ): void {
    this.writes = [];
    this.events = [];
    this.pendingParameters.clear();
    this.txId = txId;
    this.nowMs = nowMs;
    this.creator = creator;
    this.transient = transient;
    this.peerMspId = peerMspId;
  }

  /** Applies the write set (last write per key wins), recording public-state history. */
  commit(): void {
    for (const [key, policy] of this.pendingParameters) this.validationParameters.set(key, policy);
    this.pendingParameters.clear();
    for (const w of this.writes) {
      const c = this.collection(w.collection);
      const bytes = w.value === undefined ? new Uint8Array() : Buffer.from(w.value, 'utf8');
      if (w.value === undefined) c.delete(w.key);
      else c.set(w.key, bytes);
      if (w.collection === '') {
        const h = this.histories.get(w.key) ?? [];
        h.push({ txId: this.txId, ms: this.nowMs, value: bytes, isDelete: w.value === undefined });
        this.histories.set(w.key, h);
      }
    }
  }

  /** Deterministic snapshot of every collection, for "state unchanged" assertions. */
  snapshot(): string {
    const out: string[] = [];
    for (const name of [...this.state.keys()].sort()) {
      const c = this.collection(name);
      for (const k of [...c.keys()].sort())
        out.push(`${name}|${k}|${Buffer.from(c.get(k) ?? []).toString('utf8')}`);
    }
    return out.join('\n');
  }

  private record(collection: string, key: string, value: Uint8Array | undefined): void {
    const text = value === undefined ? undefined : Buffer.from(value).toString('utf8');
    this.writes = this.writes.filter((w) => !(w.collection === collection && w.key === key));
    this.writes.push({ collection, key, value: text });
  }

  getTxID(): string {
    return this.txId;
  }
  getChannelID(): string {
    return 'procurement';
  }
  getMspID(): string {
    return this.peerMspId;
  }
  getCreator(): SerializedIdentity {
    return this.creator;
  }
  getTransient(): Map<string, Uint8Array> {
    return this.transient;
  }
  getTxTimestamp(): { seconds: { toNumber(): number }; nanos: number } {
    const seconds = Math.floor(this.nowMs / 1000);
    return { seconds: { toNumber: () => seconds }, nanos: (this.nowMs % 1000) * 1_000_000 };
  }
  getDateTimestamp(): Date {
    return new Date(this.nowMs);
  }

  getState(key: string): Promise<Uint8Array> {
    return Promise.resolve(this.collection('').get(key) ?? new Uint8Array());
  }
  putState(key: string, value: Uint8Array): Promise<void> {
    if (value.length === 0) throw new Error('putState with an empty value is a delete in Fabric');
    this.record('', key, value);
    return Promise.resolve();
  }
  deleteState(key: string): Promise<void> {
    this.record('', key, undefined);
    return Promise.resolve();
  }

  createCompositeKey(objectType: string, attributes: string[]): string {
    return realCreateKey.call(this, objectType, attributes);
  }
  splitCompositeKey(compositeKey: string): SplitCompositekey {
    return realSplitKey.call(this, compositeKey);
  }

  private range(start: string, end: string): Iterators.KV[] {
    const c = this.collection('');
    return [...c.keys()]
      .filter((k) => k >= start && k < end)
      .sort()
      .map((k) => ({ namespace: 'procurement', key: k, value: c.get(k) ?? new Uint8Array() }));
  }

  getStateByPartialCompositeKey(
    objectType: string,
    attributes: string[],
  ): QueryPromise<Iterators.StateQueryIterator> {
    const prefix = this.createCompositeKey(objectType, attributes);
    const rows = this.range(prefix, prefix + MAX_RUNE);
    return asyncIterable(Promise.resolve(iteratorOf(rows)), rows);
  }

  getStateByPartialCompositeKeyWithPagination(
    objectType: string,
    attributes: string[],
    pageSize: number,
    bookmark?: string,
  ): QueryPromise<{
    iterator: Iterators.StateQueryIterator;
    // The shim's types say always; at run time it is absent when all defaults.
    metadata?: { fetchedRecordsCount: number; bookmark: string };
  }> {
    const prefix = this.createCompositeKey(objectType, attributes);
    const all = this.range(bookmark !== undefined && bookmark !== '' ? bookmark : prefix, prefix + MAX_RUNE);
    const rows = all.slice(0, pageSize);
    const next = all[pageSize]?.key ?? '';
    // As the real shim: metadata is left out when the peer's is all defaults (an empty page at the end).
    const response = {
      iterator: iteratorOf(rows),
      ...(rows.length === 0 && next === ''
        ? {}
        : { metadata: { fetchedRecordsCount: rows.length, bookmark: next } }),
    };
    return asyncIterable(Promise.resolve(response), rows);
  }

  getHistoryForKey(
    key: string,
  ): Promise<Iterators.HistoryQueryIterator> & AsyncIterable<Iterators.KeyModification> {
    const mods = [...(this.histories.get(key) ?? [])].reverse().map((m) => ({
      txId: m.txId,
      isDelete: m.isDelete,
      value: m.value,
      timestamp: { seconds: Math.floor(m.ms / 1000), nanos: (m.ms % 1000) * 1_000_000 },
    }));
    return asyncIterable(
      Promise.resolve(iteratorOf(mods)),
      mods,
    ) as unknown as Promise<Iterators.HistoryQueryIterator> & AsyncIterable<Iterators.KeyModification>;
  }

  getPrivateData(collection: string, key: string): Promise<Uint8Array> {
    return Promise.resolve(this.collection(collection).get(key) ?? new Uint8Array());
  }
  getPrivateDataHash(collection: string, key: string): Promise<Uint8Array> {
    const bytes = this.collection(collection).get(key);
    return Promise.resolve(bytes ? createHash('sha256').update(bytes).digest() : new Uint8Array());
  }
  putPrivateData(collection: string, key: string, value: Uint8Array): Promise<void> {
    this.record(collection, key, value);
    return Promise.resolve();
  }

  /** Key-level endorsement policies set so far (applied with the write set, like state). */
  readonly validationParameters = new Map<string, Uint8Array>();

  setStateValidationParameter(key: string, policy: Uint8Array): Promise<void> {
    this.pendingParameters.set(key, policy);
    return Promise.resolve();
  }
  getStateValidationParameter(key: string): Promise<Uint8Array> {
    return Promise.resolve(this.validationParameters.get(key) ?? new Uint8Array());
  }
  private pendingParameters = new Map<string, Uint8Array>();

  setEvent(name: string, payload: Uint8Array): void {
    this.events.push({ name, payload: Buffer.from(payload).toString('utf8') });
  }
}
