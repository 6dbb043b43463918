/**
 * Preloaded into a Node process (`node --import`) to CPU-profile a window of its life: the first
 * SIGUSR2 starts V8's sampling profiler, the next one writes `<pid>-<n>.cpuprofile` to CPU_PROFILE_DIR
 * (default: the working folder) and stops it. Chrome DevTools or `scripts/lib/cpu-profile-top.ts`
 * read the file. For measurement runs only (docs/performance.md); nothing loads it otherwise.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';
import process from 'node:process';

const session = new Session();
session.connect();
let profiling = false;
let written = 0;

process.on('SIGUSR2', () => {
  if (!profiling) {
    profiling = true;
    session.post('Profiler.enable', () => session.post('Profiler.start'));
    return;
  }
  profiling = false;
  session.post('Profiler.stop', (error, result) => {
    if (error) return;
    const dir = process.env.CPU_PROFILE_DIR ?? process.cwd();
    mkdirSync(dir, { recursive: true });
    written += 1;
    writeFileSync(path.join(dir, `${process.pid}-${written}.cpuprofile`), JSON.stringify(result.profile));
  });
});
