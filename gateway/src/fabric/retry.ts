import { isEndorsersUnavailable, isPeerBusy, isReadConflict, isSubmitError } from './errors';

export interface RetryPolicy {
  /** Total attempts, including the first. */
  attempts: number;
  /** Base delay in ms; attempt n waits base * 2^(n-1), with full jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_CONFLICT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 50, maxDelayMs: 1000 };
export const DEFAULT_SUBMIT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 200, maxDelayMs: 2000 };
export const DEFAULT_BUSY_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 2000 };

export type Sleep = (ms: number) => Promise<void>;
export const sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function backoff(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Run `attempt` again while `retryable(error)` and attempts remain; rethrow the last error otherwise.
 */
async function retrying<T>(
  policy: RetryPolicy,
  retryable: (error: unknown) => boolean,
  attempt: (n: number) => Promise<T>,
  wait: Sleep = sleep,
): Promise<T> {
  for (let n = 1; ; n += 1) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n >= policy.attempts || !retryable(error)) throw error;
      await wait(backoff(policy, n));
    }
  }
}

/** A fresh proposal (new txId) after an MVCC or phantom read conflict. */
export function retryOnReadConflict<T>(
  policy: RetryPolicy,
  attempt: (n: number) => Promise<T>,
  wait?: Sleep,
): Promise<T> {
  return retrying(policy, isReadConflict, attempt, wait);
}

/** The same signed transaction again after a SubmitError (the orderer was not reached). */
export function retryOnSubmitError<T>(
  policy: RetryPolicy,
  attempt: (n: number) => Promise<T>,
  wait?: Sleep,
): Promise<T> {
  return retrying(policy, isSubmitError, attempt, wait);
}

/**
 * The same call again after a peer's "too many requests": its limiter refused before anything ran, so an
 * endorsement, an evaluation or a commit-status request may be sent again as it is. `onRetry` counts them.
 */
export function retryOnPeerBusy<T>(
  policy: RetryPolicy,
  attempt: (n: number) => Promise<T>,
  onRetry?: () => void,
  wait?: Sleep,
): Promise<T> {
  const retryable = (error: unknown): boolean => {
    const busy = isPeerBusy(error);
    if (busy) onRetry?.();
    return busy;
  };
  return retrying(policy, retryable, attempt, wait);
}

/**
 * The same proposal again while the peer's gateway finds too few reachable endorsers: nothing was
 * endorsed, and a restarted peer meets the others through gossip within seconds.
 */
export function retryOnEndorsersUnavailable<T>(
  policy: RetryPolicy,
  attempt: (n: number) => Promise<T>,
  wait?: Sleep,
): Promise<T> {
  return retrying(policy, isEndorsersUnavailable, attempt, wait);
}
