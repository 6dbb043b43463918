/**
 * `npm run bench`: bids sealed by the client and sent straight through @hyperledger/fabric-gateway, and
 * no-op writes by the same vendors on the same connections, in alternating rounds (`BENCH_ROUNDS`,
 * default 2), each one transaction; then sealed bids through the gateway's HTTP API (a plaintext bid the
 * gateway seals). Then the opening throughput:
 * bids opened per second once the submission deadline passes, by the organisations' opener duties.
 * Prints committed tx/s, p50/p95 latency, failures and MVCC conflicts, and the block-cutting settings;
 * then public reads per second from the gateway's read model (`BENCH_PUBLIC_READS`, default 2000).
 * Figures only: nothing here asserts a timing. All traffic stays on 127.0.0.1 and every loop is bounded.
 * `--burst N` runs the deadline-rush burst of lib/burst.ts instead.
 */
import { CommitError } from '@hyperledger/fabric-gateway';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type OpeningKeys, type OpeningStatus, canonicalJson, sealBidContent } from '@procurement/contract';
import { connectAs, type UserConnection } from './lib/fabric-client';
import { contractOf, publishTender } from './lib/bench-tender';
import { ensureBenchVendors, type BenchVendor } from './lib/bench-vendors';
import { burstBench } from './lib/burst';
import { signIn } from './lib/gateway-login';
import { startGatewayProcess } from './lib/gateway-process';
import { detail, step } from './lib/log';
import { openNetwork, up, type Network } from './lib/network';
import { run } from './lib/proc';
import { type Organisation, ROOT } from './lib/topology';
import { type CpuUsed, cpuBetween, cpuSnapshot } from './lib/cpu-usage';
import type { ProcessRegistry } from './lib/proc';

const BIDS = Number(process.env.BENCH_BIDS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 200);
const PUBLIC_READS = Number(process.env.BENCH_PUBLIC_READS ?? 2000);
/** Alternating rounds of no-op writes and sealed bids. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

interface Outcome {
  ms: number;
  ok: boolean;
  mvcc: boolean;
  error?: string;
}

interface Figures {
  name: string;
  count: number;
  txPerBid: number;
  wallMs: number;
  outcomes: Outcome[];
  /** CPU the network's processes and this client used during the flow. */
  cpu?: CpuUsed;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Runs `count` tasks with at most `concurrency` in flight; records each outcome. */
async function drive(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const started = performance.now();
      try {
        await task(i);
        outcomes.push({ ms: performance.now() - started, ok: true, mvcc: false });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const mvcc =
          (error instanceof CommitError && (error.code === 11 || error.code === 12)) ||
          /MVCC|PHANTOM/.test(message);
        outcomes.push({ ms: performance.now() - started, ok: false, mvcc, error: message.slice(0, 200) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return outcomes;
}

async function measure(
  name: string,
  txPerItem: number,
  count: number,
  task: (i: number) => Promise<void>,
  procs?: ProcessRegistry,
): Promise<Figures> {
  step(`${name}: ${count} at concurrency ${Math.min(CONCURRENCY, count)}`);
  const cpuBefore = procs && cpuSnapshot(procs);
  const started = performance.now();
  const outcomes = await drive(count, CONCURRENCY, task);
  const wallMs = performance.now() - started;
  const cpu = procs && cpuBefore && cpuBetween(cpuBefore, cpuSnapshot(procs));
  return { name, count, txPerBid: txPerItem, wallMs, outcomes, ...(cpu ? { cpu } : {}) };
}

/** CPU per committed transaction: the network's (by kind of process) and this client's, in ms. */
function cpuPerTx(r: Figures): number | undefined {
  const committed = r.outcomes.filter((o) => o.ok).length * r.txPerBid;
  if (!r.cpu || committed === 0) return undefined;
  const perTx = (seconds: number) => ((seconds * 1000) / committed).toFixed(1);
  const kinds = [...r.cpu.byKind].map(([kind, seconds]) => `${kind} ${perTx(seconds)}`).join(', ');
  console.log(
    `  ${r.name}: CPU per tx ${perTx(r.cpu.network + r.cpu.client)} ms (client ${perTx(r.cpu.client)}; ${kinds})`,
  );
  return ((r.cpu.network + r.cpu.client) * 1000) / committed;
}

/** Per round: CPU per transaction of no-op ÷ sealed, the ratio throughput tends to when CPU-bound. */
function reportCpu(rows: Figures[]): void {
  console.log('CPU used per committed transaction (network processes + this benchmark client):');
  const perTx = new Map(rows.map((r) => [r.name, cpuPerTx(r)]));
  for (const r of rows.filter((row) => row.name.startsWith('sealed bid direct'))) {
    const round = r.name.slice(r.name.lastIndexOf(' ') + 1);
    const sealed = perTx.get(r.name);
    const noop = perTx.get(`no-op write, round ${round}`);
    if (sealed === undefined || noop === undefined) continue;
    console.log(`round ${round}: CPU per tx no-op ÷ sealed: ${(noop / sealed).toFixed(2)}`);
  }
}

function report(rows: Figures[], blockCutting: string): void {
  const header = ['flow', 'ok', 'failed', 'mvcc', 'committed tx/s', 'items/s', 'p50 ms', 'p95 ms'];
  const lines = rows.map((r) => {
    const ok = r.outcomes.filter((o) => o.ok);
    const sorted = ok.map((o) => o.ms).sort((a, b) => a - b);
    const seconds = r.wallMs / 1000;
    return [
      r.name,
      String(ok.length),
      String(r.outcomes.length - ok.length),
      String(r.outcomes.filter((o) => o.mvcc).length),
      ((ok.length * r.txPerBid) / seconds).toFixed(1),
      (ok.length / seconds).toFixed(1),
      percentile(sorted, 50).toFixed(0),
      percentile(sorted, 95).toFixed(0),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(`\n${fmt(header)}\n${lines.map(fmt).join('\n')}`);
  const rate = (f: Figures): number => f.outcomes.filter((o) => o.ok).length / (f.wallMs / 1000);
  const rounds = rows.filter((r) => r.name.startsWith('sealed bid direct'));
  for (const sealed of rounds) {
    const round = sealed.name.slice(sealed.name.lastIndexOf(' ') + 1);
    const noop = rows.find((r) => r.name === `no-op write, round ${round}`);
    if (!noop) continue;
    const ratio = (rate(sealed) * sealed.txPerBid) / (rate(noop) * noop.txPerBid);
    console.log(
      `round ${round}: sealed-bid committed tx/s ÷ no-op write tx/s: ${ratio.toFixed(2)} (goal ≥ 0.8)`,
    );
  }
  const http = rows.find((r) => r.name.startsWith('sealed bid via gateway'));
  const direct = rounds.at(-1);
  if (http && direct) {
    console.log(
      `gateway/direct sealed-bid throughput: ${(rate(http) / rate(direct)).toFixed(2)} (goal ≥ 0.85)`,
    );
  }
  for (const r of rows) {
    const errors = [...new Set(r.outcomes.filter((o) => !o.ok).map((o) => o.error))].slice(0, 3);
    for (const e of errors) console.log(`  ${r.name} error: ${String(e)}`);
  }
  console.log(`block cutting: ${blockCutting}`);
  reportCpu(rows);
}

function blockCuttingSettings(net: Network): string {
  const file = path.join(net.paths.config, 'configtx', 'configtx.yaml');
  const profile = (
    JSON.parse(readFileSync(file, 'utf8')) as {
      Profiles: {
        ProcurementChannel: { Orderer: { BatchTimeout: string; BatchSize: Record<string, unknown> } };
      };
    }
  ).Profiles.ProcurementChannel.Orderer;
  return `BatchTimeout ${profile.BatchTimeout}, BatchSize ${JSON.stringify(profile.BatchSize)}`;
}

/** Every organisation's opening key and t, as a client reads them once before sealing. */
async function openingKeys(net: Network, conn: UserConnection): Promise<OpeningKeys> {
  const bytes = await contractOf(net, conn).evaluateTransaction('openingKey:List');
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as OpeningKeys;
}

/** A bid sealed by the client and put on the ledger in one transaction (bid:Seal). */
/** A bid as its vendor seals it on its own machine: `bid:Seal`'s arguments. */
async function sealedBidArgs(
  vendor: BenchVendor,
  tenderId: string,
  keys: OpeningKeys,
  i: number,
): Promise<string[]> {
  const sealed = await sealBidContent({
    tenderId,
    vendorId: vendor.vendorId,
    content: {
      price: { amount: String(90_000_000 + i), currency: 'EUR' },
      technicalProposal: { summary: 'benchmark' },
      documents: [],
    },
    openingKeys: keys.keys,
    threshold: keys.threshold,
  });
  return [tenderId, sealed.nonce, canonicalJson(sealed.envelope)];
}

/** How long the openers take to open `count` bids once the deadline has passed: bids opened per second. */
async function measureOpening(
  net: Network,
  conn: UserConnection,
  tenderId: string,
  deadline: number,
): Promise<string> {
  const wait = deadline - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  for (;;) {
    const bytes = await contractOf(net, conn).evaluateTransaction('bid:Opening', tenderId);
    const status = JSON.parse(Buffer.from(bytes).toString('utf8')) as OpeningStatus;
    if (status.complete) {
      const seconds = (Date.now() - deadline) / 1000;
      const opened = status.bids.opened;
      return `${opened} bids opened ${seconds.toFixed(1)} s after the deadline: ${(opened / seconds).toFixed(1)} bids/s (openers poll every ${process.env.OPENER_POLL_MS ?? '2000'} ms)`;
    }
    if (Date.now() - deadline > 600_000) return `opening not complete after 600 s: ${JSON.stringify(status)}`;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Public reads from the gateway's read model (no token, no peer): a page of 100 tenders, once the read
 * model has caught up with the benchmark's tender. Reported as items/s (no transaction).
 */
async function publicReads(baseUrl: string, tenderId: string): Promise<Figures> {
  const deadline = Date.now() + 120_000;
  while ((await fetch(`${baseUrl}/public/v1/tenders/${tenderId}`)).status !== 200) {
    if (Date.now() > deadline) throw new Error('the public read model did not catch up in 2 minutes');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return measure('public read, a page of 100 tenders', 0, PUBLIC_READS, async () => {
    const res = await fetch(`${baseUrl}/public/v1/tenders?pageSize=100`);
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    await res.arrayBuffer();
  });
}

/** `--burst N`: N distinct vendors bid at once (see lib/burst.ts); undefined without the flag. */
function burstSize(argv: readonly string[]): number | undefined {
  const at = argv.indexOf('--burst');
  if (at < 0) return undefined;
  const n = Number(argv[at + 1]);
  if (!Number.isInteger(n) || n < 1 || n > 20_000) throw new Error('--burst needs a count from 1 to 20000');
  return n;
}

/** The sealed and no-op rounds over the vendors' own connections, then the opening throughput. */
async function directFlows(
  net: Network,
  suppliers: Organisation,
  vendors: BenchVendor[],
  runId: string,
  rows: Figures[],
): Promise<string> {
  const connections = vendors.map((v) => connectAs(net.topology, net.paths, suppliers, v.username));
  try {
    // What every client does before sealing, untimed: read the opening keys on its own connection. It
    // also opens each vendor's connection, so neither flow below times a TLS handshake.
    step(`${connections.length} vendors read the opening keys`);
    const vendorKeys = await Promise.all(connections.map((conn) => openingKeys(net, conn)));
    // Each vendor seals on its own machine (about 15 ms of pure-JavaScript P-256 per bid here): done
    // before the clock starts, or one benchmark process would seal for all of them in series. What is
    // timed is the one transaction, `bid:Seal`, as for the no-op.
    const sealAll = async (tenderId: string) => {
      step(`${vendors.length} vendors seal their bids for ${tenderId} (untimed)`);
      const args = await Promise.all(
        vendors.map((vendor, i) => {
          const keys = vendorKeys[i];
          if (!keys) throw new Error('no keys');
          return sealedBidArgs(vendor, tenderId, keys, i);
        }),
      );
      return async (i: number) => {
        const conn = connections[i];
        const sealed = args[i];
        if (!conn || !sealed) throw new Error('no vendor');
        await contractOf(net, conn).submit('bid:Seal', { arguments: sealed });
      };
    };
    // Like for like: both flows are one transaction per vendor, from the same vendors' connections, in
    // alternating rounds (the first round pays for cold caches); each sealed round on a fresh tender.
    for (let round = 1; round <= ROUNDS; round += 1) {
      rows.push(
        await measure(
          `no-op write, round ${round}`,
          1,
          BIDS,
          async (i) => {
            const conn = connections[i];
            if (!conn) throw new Error('no vendor');
            await contractOf(net, conn).submit('policy:Get');
          },
          net.procs,
        ),
      );
      const tender = `bench-direct-${runId}-${round}`;
      await publishTender(net, tender);
      const sealed = await sealAll(tender);
      rows.push(await measure(`sealed bid direct, round ${round}`, 1, BIDS, sealed, net.procs));
    }
    // Opening: a tender whose deadline passes shortly after its bids are in.
    const openingTender = `bench-opening-${runId}`;
    const bidWindow = 30 + Math.ceil(BIDS / 10);
    await publishTender(net, openingTender, bidWindow);
    const deadline = Date.now() + bidWindow * 1000;
    await drive(BIDS, CONCURRENCY, await sealAll(openingTender));
    step(`opening: waiting for the deadline of ${openingTender}, then for the openers`);
    const first = connections[0];
    if (!first) throw new Error('no vendor');
    return await measureOpening(net, first, openingTender, deadline);
  } finally {
    for (const c of connections) c.close();
  }
}

/**
 * Each vendor logs in to a gateway (the first login enrols it in the gateway's wallet), then all bid
 * through HTTP; then public reads.
 * @returns why it failed, if it did (what was measured before stays in `rows`).
 */
async function httpFlows(
  net: Network,
  suppliers: Organisation,
  vendors: BenchVendor[],
  runId: string,
  rows: Figures[],
): Promise<string | undefined> {
  const httpTender = `bench-http-${runId}`;
  await publishTender(net, httpTender);
  const gateway = await startGatewayProcess(net, {
    PORT: String(net.topology.gateway.port + 90),
    LOG_LEVEL: 'warn',
    // The public reads below all come from this one address.
    PUBLIC_RATE_LIMIT_PER_MINUTE: String(PUBLIC_READS * 10),
  });
  try {
    // Logins are not what is measured: enrol the vendors a few at a time, so the Fabric CA (which
    // serialises enrolments) answers each well within the gateway's CA timeout.
    const tokens: string[] = [];
    for (let start = 0; start < vendors.length; start += 10) {
      const batch = vendors
        .slice(start, start + 10)
        .map((v) => signIn(gateway.baseUrl, suppliers.mspId, v.username, v.password));
      tokens.push(...(await Promise.all(batch)));
    }
    rows.push(
      await measure('sealed bid via gateway HTTP', 1, BIDS, async (i) => {
        const res = await fetch(`${gateway.baseUrl}/api/v1/tenders/${httpTender}/bids`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[i] ?? ''}` },
          body: JSON.stringify({
            price: { amount: String(90_000_000 + i), currency: 'EUR' },
            technicalProposal: { summary: 'benchmark' },
          }),
        });
        if (res.status !== 201) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
      }),
    );
    rows.push(await publicReads(gateway.baseUrl, httpTender));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await gateway.stop();
  }
}

async function main(): Promise<void> {
  const burst = burstSize(process.argv.slice(2));
  const net = openNetwork();
  await run('npm', ['run', 'build'], { cwd: ROOT, timeoutMs: 300_000 });
  await up(net);
  if (burst !== undefined) {
    await burstBench(net, burst, (id) => publishTender(net, id));
    return;
  }
  const vendors = await ensureBenchVendors(net, BIDS);
  const suppliers = net.topology.organisations.find((o) => o.kind === 'suppliers');
  const pw = net.topology.organisations.find((o) => o.mspId === 'PublicWorksMSP');
  if (!suppliers || !pw) throw new Error('Suppliers and PublicWorks organisations are needed');
  const runId = Date.now().toString(36);
  const rows: Figures[] = [];

  // Warm-up (not reported): the chaincode process and the peers' caches see traffic before timing.
  const warm = connectAs(net.topology, net.paths, pw, 'pw-officer');
  try {
    await drive(40, 20, async () => void (await contractOf(net, warm).submit('policy:Get')));
  } finally {
    warm.close();
  }
  const opening = await directFlows(net, suppliers, vendors, runId, rows);
  const failed = await httpFlows(net, suppliers, vendors, runId, rows);
  report(rows, blockCuttingSettings(net));
  console.log(`opening throughput: ${opening}`);
  if (failed) throw new Error(`the HTTP flow failed (figures above are what was measured): ${failed}`);
  detail('done');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
