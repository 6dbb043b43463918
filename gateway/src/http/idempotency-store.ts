/**
 * Where the outcomes of requests sent with an `Idempotency-Key` are kept: one small JSON file per user and
 * key (the file name is a digest of both, so neither is readable from the folder), written whole and
 * renamed into place, so a stopped gateway leaves either the old record or the new one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** An HTTP answer as it was given: replayed as is. */
export interface StoredAnswer {
  status: number;
  body: unknown;
}

/** A transaction the request had endorsed, recorded before it was sent (base64 bytes). */
export interface StoredTransaction {
  transaction: string;
  txId: string;
  bytes: string;
}

export interface IdempotencyRecord {
  /** A digest of the request (method, path, body): a key may not be reused for another request. */
  fingerprint: string;
  createdAt: number;
  /** Set once the outcome is known; absent while pending (or when the gateway stopped mid-request). */
  answer?: StoredAnswer;
  transactions: StoredTransaction[];
}

export class IdempotencyStore {
  readonly #dir: string;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(dir: string, ttlSeconds: number, now: () => number = Date.now) {
    this.#dir = dir;
    this.#ttlMs = ttlSeconds * 1000;
    this.#now = now;
  }

  /** The record of a user's key, unless there is none or it has expired. */
  async get(user: string, key: string): Promise<IdempotencyRecord | undefined> {
    let text: string;
    try {
      text = await readFile(this.#file(user, key), 'utf8');
    } catch {
      return undefined;
    }
    const record = JSON.parse(text) as IdempotencyRecord;
    if (this.#expired(record.createdAt)) {
      await this.delete(user, key);
      return undefined;
    }
    return record;
  }

  async put(user: string, key: string, record: IdempotencyRecord): Promise<void> {
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    const file = this.#file(user, key);
    const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, JSON.stringify(record), { mode: 0o600, flush: true });
    await rename(temporary, file);
  }

  async delete(user: string, key: string): Promise<void> {
    await rm(this.#file(user, key), { force: true });
  }

  /** Delete expired records (and temporary files left by a stop); returns how many went. */
  async prune(): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.#dir);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of names) {
      const file = path.join(this.#dir, name);
      const info = await stat(file).catch(() => undefined);
      if (info && this.#expired(info.mtimeMs)) {
        await rm(file, { force: true });
        removed += 1;
      }
    }
    return removed;
  }

  #expired(since: number): boolean {
    return this.#now() - since > this.#ttlMs;
  }

  #file(user: string, key: string): string {
    const digest = createHash('sha256').update(user).update('\n').update(key).digest('hex');
    return path.join(this.#dir, `${digest}.json`);
  }
}
