/**
 * Admission control in front of each peer's Gateway service: at most `maxInFlight` Fabric requests to a
 * peer at once (well under the peer's own concurrency limit, 500 by default), and a fair queue in front:
 * waiting requests are served round-robin by user, so one client with many requests cannot starve the
 * others. Past the queue's length or its longest wait, a request is refused with LEDGER_BUSY and a
 * Retry-After, before anything reaches the peer.
 */
import { DomainError } from '../domain/errors';
import { requestScope } from '../domain/request-scope';

export interface AdmissionLimits {
  /** Fabric requests in flight to one peer at most. */
  maxInFlight: number;
  /** Requests waiting for one peer at most; 0: no queue, refuse at once when the peer is at its limit. */
  maxQueue: number;
  /** The longest a request waits in the queue before it is refused, in milliseconds. */
  maxWaitMs: number;
}

export const DEFAULT_ADMISSION: AdmissionLimits = { maxInFlight: 100, maxQueue: 2000, maxWaitMs: 20_000 };

/** Why a request was refused (or retried): the `reason` label of the refusal metric. */
export type RefusalReason = 'queue_full' | 'wait_timeout' | 'peer_busy_retried' | 'peer_busy';

/** What the queue reports, for metrics. */
export interface AdmissionObserver {
  depth(peer: string, waiting: number): void;
  inFlight(peer: string, running: number): void;
  waited(peer: string, seconds: number): void;
  refused(peer: string, reason: RefusalReason): void;
}

/** Frees the slot; calling it again does nothing. */
export type Release = () => void;

interface Waiter {
  readonly user: string;
  readonly queuedAt: number;
  readonly grant: (release: Release) => void;
  readonly refuse: (error: DomainError) => void;
  timer?: NodeJS.Timeout;
}

/** The smoothing factor of the average time a slot is held (an exponentially weighted mean). */
const HOLD_SMOOTHING = 0.1;
const MAX_RETRY_AFTER_SECONDS = 60;

/** One peer's slots and fair queue. */
class PeerQueue {
  readonly #peer: string;
  readonly #limits: AdmissionLimits;
  readonly #observer: AdmissionObserver | undefined;
  readonly #now: () => number;
  /** User -> that user's waiters in arrival order; the map's order is the round-robin order. */
  readonly #waiting = new Map<string, Waiter[]>();
  /** Later steps of requests already admitted once: served first, never refused. */
  readonly #continuing: Waiter[] = [];
  #depth = 0;
  #running = 0;
  #meanHoldMs = 1000;

  constructor(
    peer: string,
    limits: AdmissionLimits,
    observer: AdmissionObserver | undefined,
    now: () => number,
  ) {
    this.#peer = peer;
    this.#limits = limits;
    this.#observer = observer;
    this.#now = now;
  }

  get depth(): number {
    return this.#depth;
  }

  get running(): number {
    return this.#running;
  }

  acquire(user: string, continuing = false): Promise<Release> {
    if (this.#running < this.#limits.maxInFlight && this.#depth === 0) {
      this.#observer?.waited(this.#peer, 0);
      return Promise.resolve(this.#take());
    }
    if (continuing)
      return new Promise<Release>((grant, refuse) => {
        this.#continuing.push({ user, queuedAt: this.#now(), grant, refuse });
        this.#setDepth(this.#depth + 1);
      });
    if (this.#depth - this.#continuing.length >= this.#limits.maxQueue)
      return Promise.reject(this.#busy('queue_full'));
    return new Promise<Release>((grant, refuse) => {
      const waiter: Waiter = { user, queuedAt: this.#now(), grant, refuse };
      waiter.timer = setTimeout(() => {
        this.#drop(waiter);
        refuse(this.#busy('wait_timeout'));
      }, this.#limits.maxWaitMs);
      const mine = this.#waiting.get(user);
      if (mine) mine.push(waiter);
      else this.#waiting.set(user, [waiter]);
      this.#setDepth(this.#depth + 1);
    });
  }

  /** Seconds a refused client should wait: the time the queue ahead of it takes to drain, at least 1. */
  retryAfterSeconds(): number {
    const drainMs = ((this.#depth + 1) * this.#meanHoldMs) / this.#limits.maxInFlight;
    return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(drainMs / 1000)));
  }

  #busy(reason: RefusalReason): DomainError {
    this.#observer?.refused(this.#peer, reason);
    return new DomainError({
      code: 'LEDGER_BUSY',
      message:
        reason === 'queue_full'
          ? 'the gateway is at its limit of requests to the ledger and its queue is full; retry later'
          : 'the request waited too long for the ledger; nothing was submitted; retry later',
      details: { reason },
      retryAfterSeconds: this.retryAfterSeconds(),
    });
  }

  #take(): Release {
    this.#setRunning(this.#running + 1);
    const started = this.#now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const held = this.#now() - started;
      this.#meanHoldMs += HOLD_SMOOTHING * (held - this.#meanHoldMs);
      this.#setRunning(this.#running - 1);
      this.#next();
    };
  }

  /** Grant free slots: continuing requests first, then waiters one user at a time in round-robin order. */
  #next(): void {
    while (this.#running < this.#limits.maxInFlight) {
      const continuing = this.#continuing.shift();
      if (continuing) {
        this.#grant(continuing);
        continue;
      }
      const first = this.#waiting.entries().next();
      if (first.done === true) return;
      const [user, mine] = first.value;
      const waiter = mine.shift();
      this.#waiting.delete(user);
      // Back of the line for this user's next request.
      if (mine.length > 0) this.#waiting.set(user, mine);
      if (waiter) this.#grant(waiter);
    }
  }

  #grant(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    this.#setDepth(this.#depth - 1);
    this.#observer?.waited(this.#peer, (this.#now() - waiter.queuedAt) / 1000);
    waiter.grant(this.#take());
  }

  #drop(waiter: Waiter): void {
    const mine = this.#waiting.get(waiter.user);
    const at = mine?.indexOf(waiter) ?? -1;
    if (!mine || at < 0) return;
    mine.splice(at, 1);
    if (mine.length === 0) this.#waiting.delete(waiter.user);
    this.#setDepth(this.#depth - 1);
  }

  #setDepth(depth: number): void {
    this.#depth = depth;
    this.#observer?.depth(this.#peer, depth);
  }

  #setRunning(running: number): void {
    this.#running = running;
    this.#observer?.inFlight(this.#peer, running);
  }
}

/** Admission control for every peer the gateway talks to. */
export class Admission {
  readonly #limits: AdmissionLimits;
  readonly #observer: AdmissionObserver | undefined;
  readonly #now: () => number;
  readonly #peers = new Map<string, PeerQueue>();

  constructor(
    limits: AdmissionLimits = DEFAULT_ADMISSION,
    observer?: AdmissionObserver,
    now: () => number = Date.now,
  ) {
    this.#limits = limits;
    this.#observer = observer;
    this.#now = now;
  }

  /**
   * Wait for a slot on `peer` for `user`; resolves to the slot's release. A `continuing` request (a later
   * step of a request admitted before) is served before new ones and never refused.
   * @throws {DomainError} LEDGER_BUSY (with retryAfterSeconds) when the queue is full or the wait too long.
   */
  acquire(peer: string, user: string, continuing = false): Promise<Release> {
    return this.#queue(peer).acquire(user, continuing);
  }

  /**
   * Run `work` holding a slot on `peer`. Within a request scope, the first admission marks the request as
   * admitted, and its later calls continue ahead of new requests: a two-step write is never cut in half by
   * the queue.
   */
  async run<T>(peer: string, user: string, work: () => Promise<T>): Promise<T> {
    const scope = requestScope();
    const release = await this.acquire(peer, user, scope?.admitted === true);
    if (scope) scope.admitted = true;
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** Requests waiting and running for a peer (for tests and readiness). */
  state(peer: string): { waiting: number; running: number } {
    const queue = this.#peers.get(peer);
    return { waiting: queue?.depth ?? 0, running: queue?.running ?? 0 };
  }

  /** Note a refusal that did not come from the queue (a peer's own "too many requests"). */
  refused(peer: string, reason: RefusalReason): void {
    this.#observer?.refused(peer, reason);
  }

  #queue(peer: string): PeerQueue {
    let queue = this.#peers.get(peer);
    if (!queue) {
      queue = new PeerQueue(peer, this.#limits, this.#observer, this.#now);
      this.#peers.set(peer, queue);
    }
    return queue;
  }
}
