/**
 * Stopping a long-lived stream: the gateway's event streams and the read model's block listener both
 * reconnect until their AbortSignal fires, and must stop promptly whenever it does, even mid-connect.
 */
import { setTimeout as delay } from 'node:timers/promises';

import type { CloseableAsyncIterable } from '@hyperledger/fabric-gateway';

/** Reads the signal afresh (TypeScript would narrow `signal.aborted` across awaits). */
export function isAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

/** Waits `ms`, or less if `signal` aborts first (a stopping stream must not sit out its back-off). */
export async function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  await delay(ms, undefined, { signal }).catch(() => undefined);
}

/** The stream's items until `signal` aborts (already aborted: none); the stream is closed either way. */
export async function* untilAborted<T>(
  stream: CloseableAsyncIterable<T>,
  signal: AbortSignal,
): AsyncGenerator<T, void, undefined> {
  const close = (): void => {
    stream.close();
  };
  signal.addEventListener('abort', close, { once: true });
  try {
    // Stopped while connecting: the abort event has already fired, so nothing else would close it.
    if (isAborted(signal)) return;
    yield* stream;
  } finally {
    signal.removeEventListener('abort', close);
    stream.close();
  }
}
