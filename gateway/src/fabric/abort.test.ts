import type { CloseableAsyncIterable } from '@hyperledger/fabric-gateway';
import { describe, expect, it } from '@jest/globals';

import { sleepUnlessAborted, untilAborted } from './abort';

/** A stream like the gateway's: yields its items, then waits for more until closed. */
function fakeStream(items: number[]): CloseableAsyncIterable<number> & { closed: () => boolean } {
  let closed = false;
  let wake: (() => void) | undefined;
  const close = (): void => {
    closed = true;
    wake?.();
  };
  return {
    closed: () => closed,
    close,
    [Symbol.dispose]: close,
    async *[Symbol.asyncIterator]() {
      for (const item of items) yield item;
      while (!closed) await new Promise<void>((resolve) => (wake = resolve));
    },
  };
}

async function collect(stream: AsyncIterable<number>): Promise<number[]> {
  const seen: number[] = [];
  for await (const item of stream) seen.push(item);
  return seen;
}

describe('stopping a stream', () => {
  it('when the signal aborted while the stream was being opened, then nothing is read and the stream is closed', async () => {
    const stream = fakeStream([1, 2]);
    const abort = new AbortController();
    abort.abort();
    expect(await collect(untilAborted(stream, abort.signal))).toEqual([]);
    expect(stream.closed()).toBe(true);
  });

  it('when the signal aborts while waiting for the next item, then the reader returns with what it had', async () => {
    const stream = fakeStream([1, 2]);
    const abort = new AbortController();
    const reading = collect(untilAborted(stream, abort.signal));
    await new Promise((resolve) => setTimeout(resolve, 10));
    abort.abort();
    expect(await reading).toEqual([1, 2]);
    expect(stream.closed()).toBe(true);
  });

  it('when the reader stops early, then the stream is closed', async () => {
    const stream = fakeStream([1, 2, 3]);
    for await (const item of untilAborted(stream, new AbortController().signal)) if (item === 2) break;
    expect(stream.closed()).toBe(true);
  });

  it('when the signal aborts during a back-off, then the wait ends at once', async () => {
    const abort = new AbortController();
    const waiting = sleepUnlessAborted(60_000, abort.signal);
    abort.abort();
    await expect(waiting).resolves.toBeUndefined();
  });
});
