import { DomainError } from '../domain/errors';

export interface StreamLimits {
  /** Concurrent event streams per user (default 5). */
  perUser: number;
  /** Concurrent event streams in this gateway process (default 200). */
  total: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = { perUser: 5, total: 200 };

/** Counts open long-lived responses per user and overall; past a cap, 429 RATE_LIMITED. */
export class StreamSlots {
  readonly #limits: StreamLimits;
  readonly #perUser = new Map<string, number>();
  #total = 0;

  constructor(limits: Readonly<StreamLimits> = DEFAULT_STREAM_LIMITS) {
    this.#limits = limits;
  }

  /** Take a slot for the user, or throw RATE_LIMITED; returns the release function (idempotent). */
  acquire(user: string): () => void {
    const mine = this.#perUser.get(user) ?? 0;
    if (mine >= this.#limits.perUser)
      throw new DomainError({
        code: 'RATE_LIMITED',
        message: `at most ${this.#limits.perUser} event streams per user; close one first`,
      });
    if (this.#total >= this.#limits.total)
      throw new DomainError({
        code: 'RATE_LIMITED',
        message: 'the gateway serves as many event streams as it can; try again later',
      });
    this.#perUser.set(user, mine + 1);
    this.#total += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#total -= 1;
      const left = (this.#perUser.get(user) ?? 1) - 1;
      if (left <= 0) this.#perUser.delete(user);
      else this.#perUser.set(user, left);
    };
  }

  get open(): number {
    return this.#total;
  }
}
