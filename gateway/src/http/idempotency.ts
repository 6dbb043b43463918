/**
 * Writes sent with an `Idempotency-Key`: a client that sends the same request again with the same key gets
 * the first outcome, and the write happens at most once. Keys are per user. While the request runs, every
 * transaction it endorses is recorded before it is sent; so if the gateway stops mid-request, a retry
 * (after a restart) resolves that transaction from the ledger, or sends the very same transaction (same
 * txId) again, instead of writing anew.
 */
import { createHash } from 'node:crypto';

import { canonicalJson } from '@procurement/contract';

import type { Caller } from '../domain/caller';
import { DomainError } from '../domain/errors';
import { type WriteJournal, withJournal } from '../domain/journal';
import type { Ledger } from '../domain/ledger';
import { errorAnswer } from './errors';
import type {
  IdempotencyRecord,
  IdempotencyStore,
  StoredAnswer,
  StoredTransaction,
} from './idempotency-store';

/** The answer to a keyed request, and whether it is a replay of an earlier outcome. */
export interface KeyedAnswer extends StoredAnswer {
  replayed: boolean;
}

export interface KeyedRequest {
  caller: Caller;
  key: string;
  method: string;
  path: string;
  body: unknown;
  /** The route's success status. */
  successStatus: number;
  run: () => Promise<unknown>;
}

function fingerprintOf(request: KeyedRequest): string {
  return createHash('sha256')
    .update(`${request.method.toUpperCase()} ${request.path}\n`)
    .update(canonicalJson(request.body ?? null))
    .digest('hex');
}

function userOf(caller: Caller): string {
  return `${caller.mspId}/${caller.username}`;
}

export class IdempotentRequests {
  readonly #store: IdempotencyStore;
  readonly #ledger: Ledger;
  /** Keyed requests running in this process: a concurrent retry waits for the first one. */
  readonly #running = new Map<string, Promise<unknown>>();

  constructor(store: IdempotencyStore, ledger: Ledger) {
    this.#store = store;
    this.#ledger = ledger;
  }

  async answer(request: KeyedRequest): Promise<KeyedAnswer> {
    const slot = `${userOf(request.caller)}\n${request.key}`;
    for (let earlier = this.#running.get(slot); earlier; earlier = this.#running.get(slot))
      await earlier.catch(() => undefined);
    const work = this.#answer(request);
    this.#running.set(slot, work);
    try {
      return await work;
    } finally {
      if (this.#running.get(slot) === work) this.#running.delete(slot);
    }
  }

  async #answer(request: KeyedRequest): Promise<KeyedAnswer> {
    const user = userOf(request.caller);
    const fingerprint = fingerprintOf(request);
    const record = await this.#store.get(user, request.key);
    if (record && record.fingerprint !== fingerprint)
      throw new DomainError({
        code: 'CONFLICT',
        message: 'this Idempotency-Key was used for a different request',
        details: { field: 'Idempotency-Key' },
      });
    if (record?.answer) return { ...record.answer, replayed: true };
    const last = record?.transactions.at(-1);
    if (record && last) return this.#resolve(request, record, last);
    return this.#runOnce(request, { fingerprint, createdAt: Date.now(), transactions: [] });
  }

  async #runOnce(request: KeyedRequest, record: IdempotencyRecord): Promise<KeyedAnswer> {
    const user = userOf(request.caller);
    await this.#store.put(user, request.key, record);
    const journal: WriteJournal = {
      endorsed: async (entry) => {
        record.transactions.push({
          transaction: entry.transaction,
          txId: entry.txId,
          bytes: Buffer.from(entry.bytes).toString('base64'),
        });
        await this.#store.put(user, request.key, record);
      },
    };
    try {
      const body = await withJournal(journal, request.run);
      return await this.#settle(request, record, { status: request.successStatus, body }, false);
    } catch (error) {
      await this.#failed(request, record, error);
      throw error;
    }
  }

  /** A request whose gateway stopped before it knew the outcome: the ledger knows. */
  async #resolve(
    request: KeyedRequest,
    record: IdempotencyRecord,
    last: StoredTransaction,
  ): Promise<KeyedAnswer> {
    try {
      const committed = await this.#ledger.resume(request.caller, Buffer.from(last.bytes, 'base64'));
      const body: unknown = {
        ...(JSON.parse(committed.result) as object),
        txId: committed.txId,
        blockNumber: committed.blockNumber,
      };
      return await this.#settle(request, record, { status: request.successStatus, body }, true);
    } catch (error) {
      await this.#failed(request, record, error);
      throw error;
    }
  }

  async #settle(
    request: KeyedRequest,
    record: IdempotencyRecord,
    answer: StoredAnswer,
    replayed: boolean,
  ): Promise<KeyedAnswer> {
    record.answer = answer;
    await this.#store.put(userOf(request.caller), request.key, record);
    return { ...answer, replayed };
  }

  /**
   * A refusal (4xx) is the outcome, kept for replay. A failure (5xx) is not: with no transaction recorded
   * nothing reached the orderers and the key is freed; with one, a retry resolves it from the ledger.
   */
  async #failed(request: KeyedRequest, record: IdempotencyRecord, error: unknown): Promise<void> {
    const { status, body } = errorAnswer(error);
    const user = userOf(request.caller);
    if (status < 500) {
      record.answer = { status, body };
      await this.#store.put(user, request.key, record);
    } else if (record.transactions.length === 0) {
      await this.#store.delete(user, request.key);
    }
  }
}
