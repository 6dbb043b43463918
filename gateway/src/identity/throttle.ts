/**
 * In-memory counters for throttling (one gateway process; replicas do not share them). Bounded: expired
 * entries are pruned as new keys arrive, and past `maxKeys` the oldest keys are forgotten first.
 */
export class FixedWindowCounter {
  readonly limit: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #maxKeys: number;
  readonly #entries = new Map<string, { count: number; resetAt: number }>();

  constructor(
    options: Readonly<{ limit: number; windowSeconds: number; now?: () => number; maxKeys?: number }>,
  ) {
    this.limit = options.limit;
    this.#windowMs = options.windowSeconds * 1000;
    this.#now = options.now ?? Date.now;
    this.#maxKeys = options.maxKeys ?? 100_000;
  }

  /** Hits so far in the key's current window. */
  count(key: string): number {
    const entry = this.#entries.get(key);
    return entry === undefined || entry.resetAt <= this.#now() ? 0 : entry.count;
  }

  /** True once the key has used its budget for this window. */
  exhausted(key: string): boolean {
    return this.count(key) >= this.limit;
  }

  /** Count one hit; returns the count in the current window. */
  hit(key: string): number {
    const now = this.#now();
    let entry = this.#entries.get(key);
    if (entry === undefined || entry.resetAt <= now) {
      this.#entries.delete(key);
      this.#prune(now);
      entry = { count: 0, resetAt: now + this.#windowMs };
      this.#entries.set(key, entry);
    }
    entry.count += 1;
    return entry.count;
  }

  reset(key: string): void {
    this.#entries.delete(key);
  }

  /** Seconds until the key's window ends (at least 1). */
  retryAfterSeconds(key: string): number {
    const entry = this.#entries.get(key);
    return Math.max(1, Math.ceil(((entry?.resetAt ?? this.#now()) - this.#now()) / 1000));
  }

  #prune(now: number): void {
    if (this.#entries.size < this.#maxKeys) return;
    for (const [key, entry] of this.#entries) if (entry.resetAt <= now) this.#entries.delete(key);
    for (const key of this.#entries.keys()) {
      if (this.#entries.size < this.#maxKeys) break;
      this.#entries.delete(key);
    }
  }
}
