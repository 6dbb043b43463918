/**
 * Waiting until every organisation's peer has a block, shared by all concurrent writes: one poller
 * reads each peer's height once per round, however many writes are waiting, and releases each
 * waiter whose block every peer has (or whose time is up).
 */

export interface PropagationOptions {
  /** The organisations whose peers must have the block. */
  mspIds: readonly string[];
  /**
   * One peer's chain height (blocks), 0n when it cannot say right now, or undefined when the peer is
   * unreachable (down): a down peer is not waited for, so writes do not stall on it.
   */
  heightOf: (mspId: string) => Promise<bigint | undefined>;
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
  /** Peers found unreachable in the latest round. */
  readonly #down = new Set<string>();
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

  /**
   * Resolves once every reachable peer's height is past `blockNumber`, or after the timeout. Never rejects.
   */
  wait(blockNumber: bigint): Promise<void> {
    if (this.#reachedEverywhere(blockNumber)) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.#waiters.push({ blockNumber, deadline: this.#options.now() + this.#options.timeoutMs, resolve });
      if (!this.#polling) void this.#poll();
    });
  }

  #reachedEverywhere(blockNumber: bigint): boolean {
    return this.#options.mspIds.every(
      (mspId) => this.#down.has(mspId) || (this.#heights.get(mspId) ?? 0n) > blockNumber,
    );
  }

  async #poll(): Promise<void> {
    this.#polling = true;
    try {
      while (this.#waiters.length > 0) {
        const heights = await Promise.all(this.#options.mspIds.map((mspId) => this.#options.heightOf(mspId)));
        this.#options.mspIds.forEach((mspId, i) => {
          this.#note(mspId, heights[i]);
        });
        this.#release();
        if (this.#waiters.length > 0) await this.#options.sleep(this.#options.intervalMs);
      }
    } finally {
      this.#polling = false;
    }
  }

  #note(mspId: string, height: bigint | undefined): void {
    if (height === undefined) {
      this.#down.add(mspId);
      return;
    }
    this.#down.delete(mspId);
    if (height > (this.#heights.get(mspId) ?? 0n)) this.#heights.set(mspId, height);
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
