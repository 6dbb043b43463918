/**
 * `tsx scripts/cpu-profile-top.ts FILE.cpuprofile [N]`: the N functions (default 20) with the most self
 * time in a V8 CPU profile (`--cpu-prof`, or scripts/lib/cpu-profile-on-signal.mjs), with their share of
 * the samples; functions of the same name and file are summed. What docs/performance.md's tables show.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A short place for a frame: the package (or file) it comes from. */
function placeOf(url: string): string {
  if (url === '') return '';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
  return url.startsWith('node:') ? url : path.basename(url);
}

function main(): void {
  const [file, count] = process.argv.slice(2);
  if (file === undefined) throw new Error('usage: cpu-profile-top FILE.cpuprofile [N]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const frameOf = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const selfMicros = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = frameOf.get(id);
    const micros = profile.timeDeltas[i] ?? 0;
    total += micros;
    if (!frame) return;
    const name = `${frame.functionName || '(anonymous)'}  ${placeOf(frame.url)}`;
    selfMicros.set(name, (selfMicros.get(name) ?? 0) + micros);
  });
  const rows = [...selfMicros.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(count ?? 20));
  console.log(`total ${(total / 1e6).toFixed(2)} s sampled`);
  for (const [name, micros] of rows) {
    const share = ((100 * micros) / total).toFixed(1).padStart(5);
    console.log(`${(micros / 1e3).toFixed(0).padStart(7)} ms  ${share}%  ${name}`);
  }
}

main();
