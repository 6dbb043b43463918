/**
 * `npm run soak`: a long, steady, mixed load at half of the measured capacity, watching the memory of
 * every process. Not part of CI (it takes SOAK_MINUTES, default 30).
 *
 * 1. Capacity (unless SOAK_RATE gives it): for SOAK_CAPACITY_SECONDS (default 40, after 10 s of warm-up)
 *    officers create tenders and vendors send sealed bids through the gateway's HTTP API as fast as they
 *    are answered; capacity is the writes per second answered 2xx.
 * 2. The soak: the same writers, paced to half of that (a third tender creations, two thirds sealed bids),
 *    plus as many reads again (half the peer-endorsed `GET /api/v1/tenders/{id}`, half the public read
 *    model's `GET /public/v1/tenders/{id}`), for SOAK_MINUTES.
 * 3. Every SOAK_SAMPLE_SECONDS (default 10) the RSS of every recorded process (CAs, orderers, peers,
 *    chaincode processes, openers) and of the soak's gateway, read from /proc/<pid>/status by pid.
 *
 * At the end: per process, the mean RSS over the minute after warm-up (SOAK_WARMUP_MINUTES, default a
 * fifth of the run, at most 5) against the mean over the last minute, and the growth; requests by kind
 * with errors and p50/p95. Exits non-zero on any error (any answer but 2xx during the soak), any process
 * gone, or any growth of 10% or more. The samples are written as CSV to <state>/soak/.
 * `SOAK_MINUTES=2` checks the command itself in a few minutes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { publishTender } from './lib/bench-tender';
import { type BenchVendor, ensureBenchVendors, inBatches } from './lib/bench-vendors';
import { type GatewayProcess, startMeasuringGateway } from './lib/gateway-process';
import { signIn } from './lib/gateway-login';
import { loadDemoUsers } from './lib/identities';
import { detail, step } from './lib/log';
import { type Network, openNetwork, up } from './lib/network';
import { Pacer } from './lib/pacer';
import { run } from './lib/proc';
import { RssSampler, rssGrowth, watchedProcesses, type Growth } from './lib/rss';
import { type Answer, type LoadClient, SteadyLoad, figures } from './lib/steady-load';
import { ROOT } from './lib/topology';

function numberFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(value > 0)) throw new Error(`${name} must be a positive number, not "${raw}"`);
  return value;
}

const MINUTES = numberFrom('SOAK_MINUTES', 30);
const WARM_UP_MINUTES = numberFrom('SOAK_WARMUP_MINUTES', Math.min(5, MINUTES / 5));
const SAMPLE_SECONDS = numberFrom('SOAK_SAMPLE_SECONDS', 10);
const CAPACITY_SECONDS = numberFrom('SOAK_CAPACITY_SECONDS', 40);
const VENDORS = numberFrom('SOAK_VENDORS', 40);
/** Growth of any process's RSS from after warm-up to the end at which the soak fails. */
const MAX_GROWTH_PCT = 10;
const REQUEST_DEADLINE_MS = 60_000;
/** Tenders the vendors bid on, in turn (a vendor's later bid on a tender replaces its earlier one). */
const BID_TENDERS = 4;
const WRITE_KINDS = new Set(['tender', 'bid']);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Tokens {
  officers: { user: string; token: string; evaluator: string }[];
  reader: string;
  vendors: { vendor: BenchVendor; token: string }[];
}

async function signEveryoneIn(net: Network, baseUrl: string, vendors: BenchVendor[]): Promise<Tokens> {
  const demo = loadDemoUsers();
  const user = (name: string) => {
    const found = demo.find((u) => u.username === name);
    if (!found) throw new Error(`demo user ${name} is needed`);
    return found;
  };
  const token = (name: string) => signIn(baseUrl, user(name).mspId, name, user(name).password);
  const suppliers = net.topology.organisations.find((o) => o.kind === 'suppliers');
  if (!suppliers) throw new Error('a suppliers organisation is needed');
  step(`Signing in ${vendors.length} vendors, two officers and an auditor (first logins enrol at the CA)`);
  const signed: Tokens['vendors'] = [];
  await inBatches(vendors, 8, async (vendor, i) => {
    signed[i] = { vendor, token: await signIn(baseUrl, suppliers.mspId, vendor.username, vendor.password) };
  });
  return {
    officers: [
      { user: 'pw-officer', token: await token('pw-officer'), evaluator: 'pw-eval-1' },
      { user: 'health-officer', token: await token('health-officer'), evaluator: 'health-eval-1' },
    ],
    reader: await token('auditor'),
    vendors: signed,
  };
}

/** A tender body with deadlines two hours and a bit ahead (inside the benchmark policy's periods). */
function tenderBody(id: string, evaluator: string): Record<string, unknown> {
  const at = (seconds: number): string => new Date(Date.now() + seconds * 1000).toISOString();
  return {
    id,
    title: 'Soak tender',
    description: 'Created by the soak load',
    cpv: '45000000-7',
    estimatedValue: { amount: '100000000', currency: 'EUR' },
    procedure: 'open',
    submissionDeadline: at(2 * 3600),
    openingDeadline: at(2 * 3600 + 600),
    awardCriteria: { method: 'lowestPrice' },
    evaluators: [evaluator],
    documents: [],
  };
}

/** The writers: two clients per officer creating tenders, one client per vendor bidding. */
function writers(tokens: Tokens, runId: string, bidTenders: string[]): LoadClient[] {
  // One numbering for every creator and phase: a tender id is never sent twice.
  let created = 0;
  const creators = tokens.officers.flatMap(({ user, token, evaluator }) =>
    [0, 1].map(
      (): LoadClient => ({
        user,
        token,
        kind: 'tender',
        request: () => ({
          path: '/api/v1/tenders',
          body: tenderBody(`soak-${runId}-${user}-${created++}`, evaluator),
        }),
      }),
    ),
  );
  const bidders = tokens.vendors.map(
    ({ vendor, token }, v): LoadClient => ({
      user: vendor.username,
      token,
      kind: 'bid',
      request: (i) => ({
        path: `/api/v1/tenders/${bidTenders[(v + i) % bidTenders.length] ?? ''}/bids`,
        body: {
          price: { amount: String(90_000_000 + i), currency: 'EUR' },
          technicalProposal: { summary: 'soak' },
        },
      }),
    }),
  );
  return [...creators, ...bidders];
}

/** Readers: peer-endorsed reads of a tender as the auditor, and the public read model's view of it. */
function readers(tokens: Tokens, bidTenders: string[]): LoadClient[] {
  const tender = (i: number): string => bidTenders[i % bidTenders.length] ?? '';
  return Array.from({ length: 4 }, (_, n): LoadClient[] => [
    {
      user: `auditor-${n}`,
      token: tokens.reader,
      kind: 'read',
      request: (i) => ({ method: 'GET', path: `/api/v1/tenders/${tender(i)}` }),
    },
    {
      user: `public-${n}`,
      token: tokens.reader,
      kind: 'public read',
      request: (i) => ({ method: 'GET', path: `/public/v1/tenders/${tender(i)}` }),
    },
  ]).flat();
}

/** Writers as fast as they are answered: 2xx writes per second after a short warm-up. */
async function measureCapacity(baseUrl: string, clients: LoadClient[]): Promise<number> {
  step(`Capacity: ${clients.length} writers as fast as they are answered, ${CAPACITY_SECONDS} s`);
  const load = new SteadyLoad(baseUrl, clients, { deadlineMs: REQUEST_DEADLINE_MS, pauseMs: 0 });
  load.start();
  await sleep(10_000);
  const from = Date.now();
  await sleep(CAPACITY_SECONDS * 1000);
  const to = Date.now();
  const answers = await load.between(from, to);
  await load.stop();
  const f = figures(answers, to - from);
  detail(
    `${f.goodputPerSecond.toFixed(1)} writes/s answered 2xx (p50 ${f.p50Ms} ms, p95 ${f.p95Ms} ms); ` +
      `answers: ${JSON.stringify(f.byAnswer)}`,
  );
  return f.goodputPerSecond;
}

/** One pacer per kind of request: writes at `writesPerSecond` (⅓ tenders, ⅔ bids), reads as many again. */
function pacers(writesPerSecond: number): Map<string, Pacer> {
  return new Map([
    ['tender', new Pacer(writesPerSecond / 3)],
    ['bid', new Pacer((writesPerSecond * 2) / 3)],
    ['read', new Pacer(writesPerSecond / 2)],
    ['public read', new Pacer(writesPerSecond / 2)],
  ]);
}

function isOk(a: Answer): boolean {
  return a.status >= 200 && a.status < 300;
}

function progress(load: SteadyLoad, started: number): void {
  const errors = load.answers.filter((a) => !isOk(a)).length;
  const minutes = (Date.now() - started) / 60_000;
  detail(
    `${minutes.toFixed(1)} min: ${load.answers.length} answered, ${errors} errors, ` +
      `${(load.answers.length / (minutes * 60)).toFixed(1)} requests/s`,
  );
}

function requestTable(answers: Answer[], seconds: number): string[] {
  const kinds = ['tender', 'bid', 'read', 'public read'];
  const rows = kinds.map((kind) => {
    const mine = answers.filter((a) => a.kind === kind);
    const ok = mine
      .filter(isOk)
      .map((a) => a.ms)
      .sort((x, y) => x - y);
    const f = figures(mine, seconds * 1000);
    const pct = (p: number) => ok[Math.min(ok.length - 1, Math.floor((p / 100) * ok.length))] ?? 0;
    return `| ${kind} | ${mine.length} | ${mine.length - ok.length} | ${(mine.length / seconds).toFixed(1)} | ${pct(50)} | ${pct(95)} | ${f.maxMs} |`;
  });
  return [
    '| requests | sent | errors | per second | p50 ms | p95 ms | max ms |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ];
}

function memoryTable(growth: Growth[]): string[] {
  const mib = (kb: number) => (kb / 1024).toFixed(1);
  const rows = growth.map(
    (g) =>
      `| ${g.name} | ${mib(g.afterWarmUpKb)} | ${mib(g.endKb)} | ${mib(g.maxKb)} | ${g.growthPct >= 0 ? '+' : ''}${g.growthPct.toFixed(1)}%${g.died ? ' (gone)' : ''} |`,
  );
  return [
    '| process | RSS after warm-up MiB | RSS at the end MiB | max MiB | growth |',
    '|---|---|---|---|---|',
    ...rows,
  ];
}

function errorSummary(answers: Answer[]): string {
  const counts = new Map<string, number>();
  for (const a of answers.filter((x) => !isOk(x))) {
    const label = `${a.kind ?? '?'} ${a.status}${a.code ? ` ${a.code}` : ''}`;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts.entries()].map(([label, n]) => `${label}: ${n}`).join(', ') || 'none';
}

interface SoakSetup {
  net: Network;
  gateway: GatewayProcess;
  writers: LoadClient[];
  readers: LoadClient[];
}

/** The paced soak; returns true when it passed. */
async function soak(
  { net, gateway, writers: w, readers: r }: SoakSetup,
  writesPerSecond: number,
): Promise<boolean> {
  const pace = pacers(writesPerSecond);
  const processes = watchedProcesses(net.procs, [{ name: 'gateway (soak)', pid: gateway.child.pid ?? 0 }]);
  step(
    `Soak: ${writesPerSecond.toFixed(1)} writes/s and ${writesPerSecond.toFixed(1)} reads/s for ${MINUTES} min ` +
      `(warm-up ${WARM_UP_MINUTES} min), RSS of ${processes.length} processes every ${SAMPLE_SECONDS} s`,
  );
  const sampler = new RssSampler(processes);
  const load = new SteadyLoad(gateway.baseUrl, [...w, ...r], {
    deadlineMs: REQUEST_DEADLINE_MS,
    pauseMs: 0,
    pace: (client) => pace.get(client.kind ?? '')?.turn() ?? Promise.resolve(),
  });
  const started = Date.now();
  sampler.start(SAMPLE_SECONDS * 1000);
  load.start();
  const ticker = setInterval(() => {
    progress(load, started);
  }, 60_000);
  await sleep(MINUTES * 60_000);
  clearInterval(ticker);
  await load.stop();
  sampler.stop();
  const seconds = (Date.now() - started) / 1000;
  const warmUpEnd = started + WARM_UP_MINUTES * 60_000;
  const windowMs = Math.min(60_000, ((MINUTES - WARM_UP_MINUTES) * 60_000) / 3);
  const growth = rssGrowth(
    sampler.samples,
    processes.map((p) => p.name),
    warmUpEnd,
    windowMs,
  );
  const dir = path.join(net.paths.state, 'soak');
  mkdirSync(dir, { recursive: true });
  const csv = path.join(dir, `rss-${new Date(started).toISOString().replace(/[:.]/g, '-')}.csv`);
  writeFileSync(csv, sampler.csv());

  const answers = load.answers;
  const errors = answers.filter((a) => !isOk(a)).length;
  const writes = answers.filter((a) => WRITE_KINDS.has(a.kind ?? '') && isOk(a)).length;
  console.log(
    [
      '',
      `soak: ${MINUTES} min at ${writesPerSecond.toFixed(1)} writes/s asked, ${(writes / seconds).toFixed(1)} writes/s answered 2xx`,
      '',
      ...requestTable(answers, seconds),
      '',
      `errors: ${errorSummary(answers)}`,
      '',
      `memory (means over ${Math.round(windowMs / 1000)} s after ${WARM_UP_MINUTES} min of warm-up, and over the last ${Math.round(windowMs / 1000)} s):`,
      '',
      ...memoryTable(growth),
      '',
      `samples: ${csv}`,
    ].join('\n'),
  );
  const grown = growth.filter((g) => g.growthPct >= MAX_GROWTH_PCT || g.died).map((g) => g.name);
  if (grown.length > 0)
    console.log(`FAILED: memory grew ${MAX_GROWTH_PCT}% or more, or the process went: ${grown.join(', ')}`);
  if (errors > 0) console.log(`FAILED: ${errors} errors`);
  return grown.length === 0 && errors === 0;
}

async function main(): Promise<void> {
  const net = openNetwork();
  await run('npm', ['run', 'build'], { cwd: ROOT, timeoutMs: 300_000 });
  await up(net);
  const vendors = await ensureBenchVendors(net, VENDORS);
  const runId = Date.now().toString(36);
  const bidTenders = Array.from({ length: BID_TENDERS }, (_, i) => `soak-bids-${runId}-${i}`);
  // Open for bids through the capacity phase and the whole soak, with room to spare.
  const open = CAPACITY_SECONDS + 60 + MINUTES * 60 + 1800;
  for (const id of bidTenders) await publishTender(net, id, open);
  // All clients come from one address: the public read limiter is lifted too.
  const gateway = await startMeasuringGateway(net, 'soak-gateway', 92, {
    PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000',
  });
  let passed = false;
  try {
    const tokens = await signEveryoneIn(net, gateway.baseUrl, vendors);
    const w = writers(tokens, runId, bidTenders);
    const given = process.env.SOAK_RATE;
    const capacity = given ? undefined : await measureCapacity(gateway.baseUrl, w);
    const rate = given ? numberFrom('SOAK_RATE', 1) : (capacity ?? 0) / 2;
    if (capacity !== undefined)
      detail(`capacity ${capacity.toFixed(1)} writes/s; the soak runs at half: ${rate.toFixed(1)}`);
    passed = await soak({ net, gateway, writers: w, readers: readers(tokens, bidTenders) }, rate);
  } finally {
    await gateway.stop();
  }
  if (!passed) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
