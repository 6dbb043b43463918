/**
 * Waiting until every organisation's peer has a block, shared by all concurrent writes: one poller
 * reads each peer's height once per round, however many writes are waiting, and releases each
 * waiter whose block every peer has (or whose time is up).
 */

export interface PropagationOptions {
  /** The organisations whose peers must have the block. */
  mspIds: readonly string[];
  /** One peer's chain height (blocks), or 0n when it cannot say right now. */
  heightOf: (mspId: string) => Promise<bigint>;
  /** How long a waiter waits at most. */
  timeoutMs: number;
  /** Pause between polling rounds. */
  intervalMs?: number;
  /** Told about the peers that had not caught up when a waiter's time ran out. */
  onTimeout?: (blockNumber: bigint, behind: string[]) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface Waiter {
  blockNumber: bigint;
  deadline: number;
  resolve: () => void;
}

export class PropagationWaiter {
  readonly #options: Required<Omit<PropagationOptions, 'onTimeout'>> & Pick<PropagationOptions, 'onTimeout'>;
  readonly #heights = new Map<string, bigint>();
  #waiters: Waiter[] = [];
  #polling = false;

  constructor(options: Readonly<PropagationOptions>) {
    this.#options = {
      intervalMs: 50,
      now: Date.now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      ...options,
    };
  }

  /** Resolves once every peer's height is past `blockNumber`, or after the timeout. Never rejects. */
  wait(blockNumber: bigint): Promise<void> {
    if (this.#reachedEverywhere(blockNumber)) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.#waiters.push({ blockNumber, deadline: this.#options.now() + this.#options.timeoutMs, resolve });
      if (!this.#polling) void this.#poll();
    });
  }

  #reachedEverywhere(blockNumber: bigint): boolean {
    return this.#options.mspIds.every((mspId) => (this.#heights.get(mspId) ?? 0n) > blockNumber);
  }

  async #poll(): Promise<void> {
    this.#polling = true;
    try {
      while (this.#waiters.length > 0) {
        const heights = await Promise.all(this.#options.mspIds.map((mspId) => this.#options.heightOf(mspId)));
        this.#options.mspIds.forEach((mspId, i) => {
          const height = heights[i] ?? 0n;
          if (height > (this.#heights.get(mspId) ?? 0n)) this.#heights.set(mspId, height);
        });
        this.#release();
        if (this.#waiters.length > 0) await this.#options.sleep(this.#options.intervalMs);
      }
    } finally {
      this.#polling = false;
    }
  }

  #release(): void {
    const now = this.#options.now();
    const still: Waiter[] = [];
    for (const waiter of this.#waiters) {
      if (this.#reachedEverywhere(waiter.blockNumber)) {
        waiter.resolve();
      } else if (now >= waiter.deadline) {
        const behind = this.#options.mspIds.filter((m) => (this.#heights.get(m) ?? 0n) <= waiter.blockNumber);
        this.#options.onTimeout?.(waiter.blockNumber, behind);
        waiter.resolve();
      } else {
        still.push(waiter);
      }
    }
    this.#waiters = still;
  }
}
