import { cpuBetween, processCpuSeconds } from './cpu-usage';

describe('CPU used by the network during a benchmark round', () => {
  it('reads user + system ticks from /proc/PID/stat, whatever the command name holds', () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    const stat = '42 (node (x) y) S 1 42 42 0 -1 4194560 10 0 0 0 250 50 0 0 20 0 11';
    expect(processCpuSeconds(42, () => stat)).toBe(3);
    expect(
      processCpuSeconds(42, () => {
        throw new Error('gone');
      }),
    ).toBeUndefined();
  });

  it('sums the processes by kind, and leaves out one that started in between', () => {
    const before = {
      processes: new Map([
        ['peer.A', 1],
        ['peer.B', 2],
        ['chaincode.A', 1],
      ]),
      self: 1,
    };
    const after = {
      processes: new Map([
        ['peer.A', 1.5],
        ['peer.B', 2.25],
        ['chaincode.A', 1.5],
        ['opener.A', 9],
      ]),
      self: 1.5,
    };
    const used = cpuBetween(before, after);
    expect(Object.fromEntries(used.byKind)).toEqual({ peer: 0.75, chaincode: 0.5 });
    expect(used.network).toBe(1.25);
    expect(used.client).toBe(0.5);
  });
});
