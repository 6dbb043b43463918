import { PropagationWaiter } from './propagation';

/** A fake network: peer heights the test moves, a clock the test moves, and a count of height reads. */
function world(initial: Record<string, bigint | undefined>) {
  const heights = new Map(Object.entries(initial));
  let now = 0;
  let reads = 0;
  const timeouts: { block: bigint; behind: string[] }[] = [];
  const waiter = new PropagationWaiter({
    mspIds: [...heights.keys()],
    heightOf: (mspId) => {
      reads += 1;
      return Promise.resolve(heights.get(mspId));
    },
    timeoutMs: 1_000,
    intervalMs: 10,
    now: () => now,
    sleep: (ms) => {
      now += ms;
      return new Promise((resolve) => setImmediate(resolve));
    },
    onTimeout: (block, behind) => timeouts.push({ block, behind }),
  });
  return {
    waiter,
    set: (mspId: string, height: bigint | undefined) => heights.set(mspId, height),
    reads: () => reads,
    timeouts,
  };
}

describe('waiting for a block on every peer', () => {
  it('when every peer already has the block, then the wait ends after one round', async () => {
    const w = world({ A: 6n, B: 6n });
    await w.waiter.wait(5n);
    expect(w.reads()).toBe(2);
    expect(w.timeouts).toEqual([]);
  });

  it('when one peer lags, then the wait ends as soon as it catches up', async () => {
    const w = world({ A: 6n, B: 5n });
    let done = false;
    const waiting = w.waiter.wait(5n).then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    w.set('B', 6n);
    await waiting;
    expect(done).toBe(true);
    expect(w.timeouts).toEqual([]);
  });

  it('when many writes wait at once, then each peer is read once per round, not once per write', async () => {
    const w = world({ A: 3n, B: 3n });
    const waits = Array.from({ length: 100 }, (_, i) => w.waiter.wait(BigInt(i % 3)));
    await Promise.all(waits);
    expect(w.reads()).toBe(2);
  });

  it('when a peer never catches up, then the wait ends at the timeout and names the peer', async () => {
    const w = world({ A: 9n, B: 2n });
    await w.waiter.wait(5n);
    expect(w.timeouts).toEqual([{ block: 5n, behind: ['B'] }]);
  });

  it('when heights are already known to be past a block, then a later wait returns without reading', async () => {
    const w = world({ A: 9n, B: 9n });
    await w.waiter.wait(5n);
    const before = w.reads();
    await w.waiter.wait(7n);
    expect(w.reads()).toBe(before);
  });

  it('when a peer is unreachable (down), then the wait does not stall on it, and waits for it again once it answers', async () => {
    const w = world({ A: 6n, B: undefined });
    await w.waiter.wait(5n);
    expect(w.timeouts).toEqual([]);
    expect(w.reads()).toBe(2);
    w.set('B', 3n); // back, and behind
    let done = false;
    const waiting = w.waiter.wait(6n).then(() => (done = true));
    w.set('A', 8n);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    w.set('B', 8n);
    await waiting;
    expect(w.timeouts).toEqual([]);
  });
});
