/**
 * Resident memory of the network's processes over time, for the soak: every process the scripts
 * recorded a pid for (CAs, orderers, peers, chaincode processes, openers) plus any extra process given by
 * its pid (the gateway the soak started), read from /proc/<pid>/status (VmRSS) by that pid only.
 */
import { readFileSync } from 'node:fs';
import type { ProcessRegistry } from './proc';

export interface WatchedProcess {
  name: string;
  pid: number;
}

export interface RssSample {
  /** Milliseconds since the epoch. */
  at: number;
  name: string;
  /** VmRSS in KiB; undefined when the process was gone. */
  kb: number | undefined;
}

/** VmRSS of `pid` in KiB, or undefined when there is no such process. */
export function readRssKb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Every recorded process that is alive now, by its recorded pid, plus `extra`. */
export function watchedProcesses(procs: ProcessRegistry, extra: WatchedProcess[] = []): WatchedProcess[] {
  const recorded = procs.names().flatMap((name) => {
    const pid = procs.alivePid(name);
    return pid === undefined ? [] : [{ name, pid }];
  });
  return [...recorded, ...extra];
}

/** Samples the RSS of a fixed set of processes every `everyMs` until stopped. */
export class RssSampler {
  readonly samples: RssSample[] = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(readonly processes: WatchedProcess[]) {}

  start(everyMs: number): void {
    this.sample();
    this.#timer = setInterval(() => {
      this.sample();
    }, everyMs);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.sample();
  }

  sample(): void {
    const at = Date.now();
    for (const p of this.processes) this.samples.push({ at, name: p.name, kb: readRssKb(p.pid) });
  }

  /** The samples as CSV: one row per sampling time, one column per process (KiB). */
  csv(): string {
    const names = this.processes.map((p) => p.name);
    const rows = new Map<number, Map<string, number | undefined>>();
    for (const s of this.samples) {
      const row = rows.get(s.at) ?? new Map<string, number | undefined>();
      row.set(s.name, s.kb);
      rows.set(s.at, row);
    }
    const lines = [...rows.entries()].map(([at, row]) =>
      [new Date(at).toISOString(), ...names.map((n) => String(row.get(n) ?? ''))].join(','),
    );
    return `${['time', ...names].join(',')}\n${lines.join('\n')}\n`;
  }
}

export interface Growth {
  name: string;
  /** Mean RSS (KiB) over the window just after warm-up. */
  afterWarmUpKb: number;
  /** Mean RSS (KiB) over the last window. */
  endKb: number;
  maxKb: number;
  /** (end − after warm-up) ÷ after warm-up, in percent. */
  growthPct: number;
  /** The process was gone in some sample after warm-up. */
  died: boolean;
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Per process: the mean RSS over [warmUpEnd, warmUpEnd + windowMs) against the mean over the last
 * `windowMs` of the samples (means, so one garbage collection does not decide the figure).
 */
export function rssGrowth(
  samples: RssSample[],
  names: string[],
  warmUpEnd: number,
  windowMs: number,
): Growth[] {
  const last = Math.max(...samples.map((s) => s.at));
  return names.map((name) => {
    const mine = samples.filter((s) => s.name === name && s.at >= warmUpEnd);
    const kb = (from: number, to: number): number[] =>
      mine.filter((s) => s.at >= from && s.at < to && s.kb !== undefined).map((s) => s.kb as number);
    const afterWarmUpKb = mean(kb(warmUpEnd, warmUpEnd + windowMs));
    const endKb = mean(kb(last - windowMs, last + 1));
    return {
      name,
      afterWarmUpKb,
      endKb,
      maxKb: Math.max(0, ...mine.map((s) => s.kb ?? 0)),
      growthPct: afterWarmUpKb === 0 ? 0 : ((endKb - afterWarmUpKb) / afterWarmUpKb) * 100,
      died: mine.some((s) => s.kb === undefined),
    };
  });
}
