/**
 * CPU time used by the network's processes and by this process, for the benchmark's per-transaction CPU
 * figures. On a machine shared with other work, throughput and latency move with everybody's load, while
 * the CPU seconds a round costs the network barely do; on a quiet machine that is CPU-bound, the ratio
 * of two flows' CPU per transaction is what their throughput ratio tends to (docs/performance.md).
 * Linux only: read from /proc/PID/stat; elsewhere the network's part is empty.
 */
import { readFileSync } from 'node:fs';
import type { ProcessRegistry } from './proc';

/** Clock ticks per second of /proc/PID/stat's times (USER_HZ, 100 on every Linux this runs on). */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) used so far by each running process of the network, and by this one. */
export interface CpuSnapshot {
  processes: Map<string, number>;
  self: number;
}

/** User + system CPU seconds of a process, or undefined when it cannot be read. */
export function processCpuSeconds(
  pid: number,
  read = (file: string) => readFileSync(file, 'utf8'),
): number | undefined {
  try {
    // The fields after the command name (which may hold spaces and parentheses): state is the first,
    // utime the 12th and stime the 13th.
    const stat = read(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

export function cpuSnapshot(procs: ProcessRegistry): CpuSnapshot {
  const processes = new Map<string, number>();
  for (const name of procs.names()) {
    const pid = procs.alivePid(name);
    const seconds = pid === undefined ? undefined : processCpuSeconds(pid);
    if (seconds !== undefined) processes.set(name, seconds);
  }
  const own = process.cpuUsage();
  return { processes, self: (own.user + own.system) / 1e6 };
}

/** CPU seconds used between two snapshots, by the network's processes grouped by kind, and by this one. */
export interface CpuUsed {
  /** By kind of process: `peer`, `chaincode`, `orderer`, `opener`, `ca`, ... (the name's first part). */
  byKind: Map<string, number>;
  network: number;
  client: number;
}

export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): CpuUsed {
  const byKind = new Map<string, number>();
  let network = 0;
  for (const [name, end] of after.processes) {
    const start = before.processes.get(name);
    if (start === undefined) continue; // started meanwhile: not comparable
    const kind = name.split('.')[0] ?? name;
    byKind.set(kind, (byKind.get(kind) ?? 0) + (end - start));
    network += end - start;
  }
  return { byKind, network, client: after.self - before.self };
}
