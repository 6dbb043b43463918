import { Pacer } from './pacer';
import { type RssSample, readRssKb, rssGrowth } from './rss';

describe('resident memory samples', () => {
  it('when a live pid is read, then its VmRSS is a positive number of KiB; a pid that is gone reads undefined', () => {
    expect(readRssKb(process.pid)).toBeGreaterThan(1000);
    // Above the kernel's default pid_max: no such process.
    expect(readRssKb(4_194_305)).toBeUndefined();
  });

  const sample = (at: number, name: string, kb: number | undefined): RssSample => ({ at, name, kb });

  it('when a process grows, then the growth compares the mean after warm-up with the mean at the end', () => {
    const samples = [
      // Warm-up: ignored.
      sample(0, 'peer', 50),
      // The window after warm-up (10..20): mean 100.
      sample(10, 'peer', 90),
      sample(15, 'peer', 110),
      sample(25, 'peer', 300),
      // The last window (30..40): mean 115.
      sample(30, 'peer', 110),
      sample(40, 'peer', 120),
    ];
    const [peer] = rssGrowth(samples, ['peer'], 10, 10);
    expect(peer).toEqual({
      name: 'peer',
      afterWarmUpKb: 100,
      endKb: 115,
      maxKb: 300,
      growthPct: 15,
      died: false,
    });
  });

  it('when a process is gone in a sample after warm-up, then it is marked as gone', () => {
    const samples = [
      sample(10, 'orderer', 100),
      sample(20, 'orderer', undefined),
      sample(30, 'orderer', 100),
    ];
    expect(rssGrowth(samples, ['orderer'], 10, 10)[0]?.died).toBe(true);
  });
});

describe('the pacer', () => {
  it('when callers ask for turns at once, then the turns are spaced by 1/rate, never before now', async () => {
    const pacer = new Pacer(20);
    const started = performance.now();
    const at: number[] = [];
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        await pacer.turn();
        at.push(performance.now() - started);
      }),
    );
    // Five turns at 20/s: the first at once, the last 200 ms later (timers may fire a little late).
    expect(at[0]).toBeLessThan(40);
    expect(at[4]).toBeGreaterThanOrEqual(195);
    expect(() => new Pacer(0)).toThrow(/positive rate/);
  });
});
