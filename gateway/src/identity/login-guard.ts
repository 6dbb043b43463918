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
   * CA refusals for one username since the CA last accepted it, through this gateway process (default 5,
   * at most 9). Never decays, like the CA's own count; at the cap only a password that matches the user's
   * cached hash is forwarded to the CA.
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

/** Failed-login accounting, per username and per client address, kept in memory by one gateway process. */
export class LoginGuard {
  readonly #users: FixedWindowCounter;
  readonly #addresses: FixedWindowCounter;
  readonly #maxCaFailures: number;
  /** Per username: CA refusals since its last success, plus CA requests in flight. */
  readonly #caFailures = new Map<string, number>();

  constructor(limits: Readonly<LoginLimits> = DEFAULT_LOGIN_LIMITS, now: () => number = Date.now) {
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
    this.#caFailures.set(user, (this.#caFailures.get(user) ?? 0) + 1);
  }

  /** The CA accepted the password: its own count is back to zero, and so is ours. */
  caAccepted(user: string): void {
    this.#caFailures.delete(user);
    this.#users.reset(user);
  }

  /** The CA was not reached (down, timeout): the reserved attempt did not count there. */
  caUnreachable(user: string): void {
    const count = (this.#caFailures.get(user) ?? 1) - 1;
    if (count <= 0) this.#caFailures.delete(user);
    else this.#caFailures.set(user, count);
  }

  /** A login that succeeded without the CA (cached hash): the username's window starts over. */
  succeeded(user: string): void {
    this.#users.reset(user);
  }

  /** CA refusals (and attempts in flight) recorded for the username; for tests and metrics. */
  caFailures(user: string): number {
    return this.#caFailures.get(user) ?? 0;
  }
}
