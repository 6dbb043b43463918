import { isDomainError } from '../domain/errors';
import { requestScope, withRequestScope } from '../domain/request-scope';
import { Admission, type AdmissionObserver, type RefusalReason } from './admission';

function recorder(): AdmissionObserver & { refusals: RefusalReason[]; depths: number[]; waits: number[] } {
  const refusals: RefusalReason[] = [];
  const depths: number[] = [];
  const waits: number[] = [];
  return {
    refusals,
    depths,
    waits,
    depth: (_peer, waiting) => depths.push(waiting),
    inFlight: () => undefined,
    waited: (_peer, seconds) => waits.push(seconds),
    refused: (_peer, reason) => refusals.push(reason),
  };
}

/** Let granted promises run their continuations. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('admission control', () => {
  it('keeps at most maxInFlight requests running per peer and queues the rest', async () => {
    const admission = new Admission({ maxInFlight: 2, maxQueue: 10, maxWaitMs: 10_000 });
    const a = await admission.acquire('P', 'u1');
    const b = await admission.acquire('P', 'u1');
    let granted = false;
    const c = admission.acquire('P', 'u1').then((release) => {
      granted = true;
      return release;
    });
    await settle();
    expect(granted).toBe(false);
    expect(admission.state('P')).toEqual({ waiting: 1, running: 2 });
    // Another peer has its own slots.
    const other = await admission.acquire('Q', 'u1');
    a();
    a(); // releasing twice frees one slot only
    const releaseC = await c;
    expect(granted).toBe(true);
    expect(admission.state('P')).toEqual({ waiting: 0, running: 2 });
    b();
    releaseC();
    other();
    expect(admission.state('P')).toEqual({ waiting: 0, running: 0 });
  });

  it('serves waiting users round-robin, so one user with many requests cannot starve another', async () => {
    const admission = new Admission({ maxInFlight: 1, maxQueue: 100, maxWaitMs: 10_000 });
    const first = await admission.acquire('P', 'greedy');
    const order: string[] = [];
    const waiting = [
      ...Array.from({ length: 5 }, (_, i) => ['greedy', `g${i}`] as const),
      ['polite', 'p0'] as const,
      ['polite', 'p1'] as const,
      ['other', 'o0'] as const,
    ].map(([user, label]) =>
      admission.acquire('P', user).then((release) => {
        order.push(label);
        release();
      }),
    );
    first();
    await Promise.all(waiting);
    expect(order).toEqual(['g0', 'p0', 'o0', 'g1', 'p1', 'g2', 'g3', 'g4']);
  });

  it('refuses with LEDGER_BUSY and a Retry-After when the queue is full, without waiting', async () => {
    const observer = recorder();
    const admission = new Admission({ maxInFlight: 1, maxQueue: 1, maxWaitMs: 10_000 }, observer);
    const running = await admission.acquire('P', 'u1');
    const queued = admission.acquire('P', 'u2');
    const refused = await admission.acquire('P', 'u3').catch((error: unknown) => error);
    expect(isDomainError(refused, 'LEDGER_BUSY')).toBe(true);
    expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect((refused as { details: unknown }).details).toEqual({ reason: 'queue_full' });
    expect(observer.refusals).toEqual(['queue_full']);
    running();
    (await queued)();
  });

  it('with no queue (maxQueue 0) refuses at once when the peer is at its limit', async () => {
    const admission = new Admission({ maxInFlight: 1, maxQueue: 0, maxWaitMs: 10_000 });
    const running = await admission.acquire('P', 'u1');
    await expect(admission.acquire('P', 'u2')).rejects.toMatchObject({ code: 'LEDGER_BUSY' });
    running();
    (await admission.acquire('P', 'u2'))();
  });

  it('refuses a request that waited past maxWaitMs and forgets it', async () => {
    const observer = recorder();
    const admission = new Admission({ maxInFlight: 1, maxQueue: 10, maxWaitMs: 30 }, observer);
    const running = await admission.acquire('P', 'u1');
    const started = Date.now();
    await expect(admission.acquire('P', 'u2')).rejects.toMatchObject({
      code: 'LEDGER_BUSY',
      details: { reason: 'wait_timeout' },
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(admission.state('P')).toEqual({ waiting: 0, running: 1 });
    expect(observer.refusals).toEqual(['wait_timeout']);
    running();
    expect(admission.state('P')).toEqual({ waiting: 0, running: 0 });
    expect(observer.depths).toEqual([1, 0]);
  });

  it('reports the time each request waited', async () => {
    const observer = recorder();
    let clock = 1000;
    const admission = new Admission(
      { maxInFlight: 1, maxQueue: 10, maxWaitMs: 10_000 },
      observer,
      () => clock,
    );
    const running = await admission.acquire('P', 'u1');
    const queued = admission.acquire('P', 'u2');
    clock += 1500;
    running();
    (await queued)();
    expect(observer.waits).toEqual([0, 1.5]);
  });

  it('run() releases the slot when the work fails', async () => {
    const admission = new Admission({ maxInFlight: 1, maxQueue: 0, maxWaitMs: 100 });
    await expect(admission.run('P', 'u', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(admission.state('P').running).toBe(0);
    await expect(admission.run('P', 'u', () => Promise.resolve(7))).resolves.toBe(7);
  });

  it('a later step of an admitted request goes ahead of new requests and is never refused, so a two-step write is not cut in half', async () => {
    const admission = new Admission({ maxInFlight: 1, maxQueue: 1, maxWaitMs: 10_000 });
    const order: string[] = [];
    const gate = () => {
      let open: () => void = () => undefined;
      const closed = new Promise<void>((resolve) => {
        open = resolve;
      });
      return {
        open: () => {
          open();
        },
        closed,
      };
    };
    const sealA = gate();
    const sealB = gate();
    const step = (label: string, held?: Promise<void>) => async () => {
      order.push(label);
      await held;
    };
    const twoSteps = withRequestScope(async () => {
      await admission.run('P', 'vendor-a', step('a:seal', sealA.closed));
      expect(requestScope()?.admitted).toBe(true);
      await admission.run('P', 'vendor-a', step('a:commit'));
    });
    await settle();
    const b = withRequestScope(() => admission.run('P', 'vendor-b', step('b:seal', sealB.closed)));
    // The queue (1) is full: a new request is refused.
    await expect(
      withRequestScope(() => admission.run('P', 'vendor-c', step('c:seal'))),
    ).rejects.toMatchObject({
      code: 'LEDGER_BUSY',
    });
    sealA.open();
    await settle();
    // a's second step waits (not refused although the queue is full again), ahead of the new request d.
    const d = withRequestScope(() => admission.run('P', 'vendor-d', step('d:seal')));
    await settle();
    sealB.open();
    await Promise.all([twoSteps, b, d]);
    expect(order).toEqual(['a:seal', 'b:seal', 'a:commit', 'd:seal']);
  });
});
