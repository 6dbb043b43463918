import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { DomainError } from '../domain/errors';
import { FixedWindowCounter } from './throttle';

/**
 * How many failed logins the gateway tolerates, and when it stops asking the CA. Fabric CA locks an identity
 * after `cfg.identities.passwordattempts` incorrect passwords (default 10) and resets that count only when
 * the identity enrols successfully; `maxCaFailures` must stay below it.
 */
export interface LoginLimits {
  /** Failed logins per username per window; past it the CA is not asked (default 5). */
  maxFailuresPerUser: number;
  /** Failed logins per client address per window; past it the address gets 429 (default 30). */
  maxFailuresPerAddress: number;
  /** The window of both counts, in seconds (default 900). */
  windowSeconds: number;
  /**
   * CA refusals for one username since the CA last accepted it, through this gateway (default 5, at most
   * 9). Never decays, like the CA's own count, and survives restarts when a CaFailureFile is given; at the
   * cap only a password that matches the user's cached hash is forwarded to the CA.
   */
  maxCaFailures: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  maxFailuresPerUser: 5,
  maxFailuresPerAddress: 30,
  windowSeconds: 900,
  maxCaFailures: 5,
};

function rateLimited(message: string, retryAfterSeconds: number): DomainError {
  return new DomainError({ code: 'RATE_LIMITED', message, details: { retryAfterSeconds } });
}

/** At most this many usernames keep a CA-refusal count; past it the oldest are forgotten. */
const MAX_CA_FAILURE_ENTRIES = 10_000;

/**
 * Keeps the CA-refusal counts across restarts: a JSON object `{ "<mspId>/<username>": n }` (file 0600,
 * written atomically). A gateway restart must not hand an attacker a fresh budget, since the CA's own
 * count does not reset.
 */
export class CaFailureFile {
  readonly #file: string;

  constructor(file: string) {
    this.#file = file;
  }

  load(): Map<string, number> {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.#file, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw error;
    }
    const entries = Object.entries(raw as Record<string, unknown>).filter(
      (entry): entry is [string, number] => Number.isInteger(entry[1]) && (entry[1] as number) > 0,
    );
    return new Map(entries);
  }

  save(counts: ReadonlyMap<string, number>): void {
    mkdirSync(path.dirname(this.#file), { recursive: true, mode: 0o700 });
    const temp = `${this.#file}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(temp, JSON.stringify(Object.fromEntries(counts)), { mode: 0o600 });
    renameSync(temp, this.#file);
  }
}

/**
 * Failed-login accounting, per username and per client address. The windowed counts live in memory (one
 * gateway process); the CA-refusal counts are also written to a file when one is given.
 */
export class LoginGuard {
  readonly #users: FixedWindowCounter;
  readonly #addresses: FixedWindowCounter;
  readonly #maxCaFailures: number;
  /** Per username: CA refusals since its last success, plus CA requests in flight. */
  readonly #caFailures: Map<string, number>;
  readonly #store: CaFailureFile | undefined;

  constructor(
    limits: Readonly<LoginLimits> = DEFAULT_LOGIN_LIMITS,
    now: () => number = Date.now,
    store?: CaFailureFile,
  ) {
    this.#store = store;
    this.#caFailures = store?.load() ?? new Map<string, number>();
    this.#users = new FixedWindowCounter({
      limit: limits.maxFailuresPerUser,
      windowSeconds: limits.windowSeconds,
      now,
    });
    this.#addresses = new FixedWindowCounter({
      limit: limits.maxFailuresPerAddress,
      windowSeconds: limits.windowSeconds,
      now,
    });
    this.#maxCaFailures = limits.maxCaFailures;
  }

  /** 429 before anything is checked when this address has used up its failures. */
  checkAddress(address: string): void {
    if (this.#addresses.exhausted(address))
      throw rateLimited(
        'too many failed logins from this address; try again later',
        this.#addresses.retryAfterSeconds(address),
      );
  }

  /** True when this username may not cause another CA request with an unverified password. */
  userThrottled(user: string): boolean {
    return this.#users.exhausted(user) || (this.#caFailures.get(user) ?? 0) >= this.#maxCaFailures;
  }

  throttledError(user: string): DomainError {
    return rateLimited(
      'too many failed logins for this user; try again later',
      this.#users.retryAfterSeconds(user),
    );
  }

  /** Count a failed login against the address and (when it named a real-looking user) the username. */
  failed(address: string, user?: string): void {
    this.#addresses.hit(address);
    if (user !== undefined) this.#users.hit(user);
  }

  /**
   * Reserve one CA attempt for this username before asking the CA; counted as a CA failure unless
   * `caAnswered(user, true)` or `caUnreachable(user)` follows. Concurrent attempts cannot overshoot the cap.
   */
  reserveCaAttempt(user: string): void {
    const count = (this.#caFailures.get(user) ?? 0) + 1;
    this.#caFailures.delete(user);
    this.#caFailures.set(user, count);
    for (const oldest of this.#caFailures.keys()) {
      if (this.#caFailures.size <= MAX_CA_FAILURE_ENTRIES) break;
      this.#caFailures.delete(oldest);
    }
    this.#save();
  }

  /** The CA accepted the password: its own count is back to zero, and so is ours. */
  caAccepted(user: string): void {
    this.#caFailures.delete(user);
    this.#users.reset(user);
    this.#save();
  }

  /** The CA was not reached (down, timeout): the reserved attempt did not count there. */
  caUnreachable(user: string): void {
    const count = (this.#caFailures.get(user) ?? 1) - 1;
    if (count <= 0) this.#caFailures.delete(user);
    else this.#caFailures.set(user, count);
    this.#save();
  }

  /** A login that succeeded without the CA (cached hash): the username's window starts over. */
  succeeded(user: string): void {
    this.#users.reset(user);
  }

  #save(): void {
    this.#store?.save(this.#caFailures);
  }

  /** CA refusals (and attempts in flight) recorded for the username; for tests and metrics. */
  caFailures(user: string): number {
    return this.#caFailures.get(user) ?? 0;
  }
}
