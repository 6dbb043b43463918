/**
 * `npm run bench -- --burst N`: the last minutes before a deadline. N distinct vendors, each signed in to
 * the gateway, send one sealed bid (plaintext body, sealed by the gateway) on the same tender at the same
 * moment. A client that gets 503 LEDGER_BUSY waits Retry-After (with jitter) and sends the same request
 * again with the same Idempotency-Key, so a retry can never make a second bid. Reports how many succeeded
 * at once, how many were refused cleanly and then completed, anything else, latency percentiles of the
 * completed bids, bids/s, the transactions of the burst's blocks by validation code (MVCC conflicts the
 * gateway retried included), and checks the ledger: as many live bids as vendors answered 201 (a vendor
 * has one live bid at most), so no orphaned and no lost bid. The vendors: lib/burst-vendors.ts.
 */

import { chainHeight, validationCodes } from './block-codes';
import { burstVendors, type SignedInVendor } from './burst-vendors';
import { signIn } from './gateway-login';
import { startMeasuringGateway } from './gateway-process';
import { loadDemoUsers } from './identities';
import { detail, step } from './log';
import type { Network } from './network';

/** How often one client sends its bid at most (the first time plus retries after LEDGER_BUSY). */
const MAX_ATTEMPTS = 30;

interface ClientOutcome {
  vendorId: string;
  /** Answers in order: HTTP status and error code (if any). */
  answers: { status: number; code?: string }[];
  ok: boolean;
  /** From the burst's start to the final answer. */
  ms: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Answers that mean "nothing was written, or the key resolves it": send the same keyed request again. */
function retryable(status: number, code: string | undefined): boolean {
  return status === 503 || status === 504 || code === 'LEDGER_BUSY';
}

interface Sent {
  status: number;
  code?: string;
  retryAfter: number;
}

/** One keyed bid request; a connection failure is status 0 with the cause as its code. */
async function sendBid(
  baseUrl: string,
  tenderId: string,
  token: string,
  key: string,
  index: number,
): Promise<Sent> {
  try {
    const res = await fetch(`${baseUrl}/api/v1/tenders/${tenderId}/bids`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'idempotency-key': key,
      },
      body: JSON.stringify({
        price: { amount: String(90_000_000 + index), currency: 'EUR' },
        technicalProposal: { summary: 'burst benchmark' },
      }),
    });
    const body = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
    const code = body.error?.code;
    return {
      status: res.status,
      ...(code === undefined ? {} : { code }),
      retryAfter: Number(res.headers.get('retry-after') ?? '1') || 1,
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { status: 0, code: `network: ${cause?.code ?? (error as Error).message}`, retryAfter: 1 };
  }
}

async function oneClient(
  baseUrl: string,
  tenderId: string,
  vendor: SignedInVendor,
  index: number,
  runId: string,
  started: number,
): Promise<ClientOutcome> {
  const answers: ClientOutcome['answers'] = [];
  const key = `burst-${runId}-${index}`;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const { status, code, retryAfter } = await sendBid(baseUrl, tenderId, vendor.token, key, index);
    answers.push({ status, ...(code === undefined ? {} : { code }) });
    if (status === 201) return { vendorId: vendor.vendorId, answers, ok: true, ms: Date.now() - started };
    if (!retryable(status, code) && status !== 0) break;
    await sleep(retryAfter * 1000 * (1 + Math.random()));
  }
  return { vendorId: vendor.vendorId, answers, ok: false, ms: Date.now() - started };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Counts of first answers and of every answer, by `status code`. */
function tally(outcomes: ClientOutcome[], pick: (o: ClientOutcome) => ClientOutcome['answers']): string {
  const counts = new Map<string, number>();
  for (const o of outcomes)
    for (const a of pick(o)) {
      const label = `${a.status}${a.code ? ` ${a.code}` : ''}`;
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([label, n]) => `${label}: ${n}`)
    .join(', ');
}

/**
 * The number of live bids on the tender, as an officer sees it before the opening deadline (the count
 * only). Listing scans every bid of the tender, so on a big tender it is asked again after a 504.
 */
async function liveBids(baseUrl: string, token: string, tenderId: string): Promise<number | string> {
  let status = 0;
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const res = await fetch(`${baseUrl}/api/v1/tenders/${tenderId}/bids?pageSize=1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    status = res.status;
    if (status === 200) return ((await res.json()) as { total: number }).total;
    await res.arrayBuffer();
    await sleep(5000);
  }
  return `not answered (HTTP ${status})`;
}

/**
 * The ledger against the answers: the live bids (one per vendor at most, by the chaincode's rule) must
 * be exactly the vendors answered 201, and the burst's blocks must hold one valid transaction per bid.
 */
async function checkLedger(
  baseUrl: string,
  officerToken: string,
  tenderId: string,
  outcomes: ClientOutcome[],
): Promise<void> {
  const total = await liveBids(baseUrl, officerToken, tenderId);
  const ok = outcomes.filter((o) => o.ok).length;
  const verdict =
    typeof total !== 'number'
      ? ''
      : total === ok
        ? ' (equal: no orphaned or lost bid)'
        : ` (${total > ok ? 'more: orphaned bids' : 'fewer: lost bids'})`;
  detail(`ledger: ${String(total)} live bids for ${ok} vendors answered 201${verdict}`);
}

function report(n: number, outcomes: ClientOutcome[], wallMs: number): void {
  const ok = outcomes.filter((o) => o.ok);
  const firstTry = ok.filter((o) => o.answers.length === 1).length;
  const afterBusy = ok.length - firstTry;
  const sorted = ok.map((o) => o.ms).sort((a, b) => a - b);
  const busyAnswers = outcomes.flatMap((o) => o.answers).filter((a) => a.code === 'LEDGER_BUSY').length;
  const conflicts = outcomes.flatMap((o) => o.answers).filter((a) => a.code === 'CONFLICT').length;
  console.log(`
burst of ${n} bids on one tender
  succeeded:                 ${ok.length}/${n} (${firstTry} at once, ${afterBusy} after LEDGER_BUSY and a keyed retry)
  failed:                    ${n - ok.length}
  LEDGER_BUSY answers:       ${busyAnswers} (clients refused before submit, then retried)
  CONFLICT answers:          ${conflicts}
  first answers:             ${tally(outcomes, (o) => o.answers.slice(0, 1))}
  all answers:               ${tally(outcomes, (o) => o.answers)}
  completion latency (ms):   p50 ${percentile(sorted, 50)}, p95 ${percentile(sorted, 95)}, p99 ${percentile(sorted, 99)}, max ${sorted.at(-1) ?? 0}
  throughput:                ${(ok.length / (wallMs / 1000)).toFixed(1)} bids/s over ${(wallMs / 1000).toFixed(1)} s`);
}

/** Transactions by validation code in the blocks the burst made (MVCC conflicts the gateway retried included). */
async function blockOutcomes(net: Network, from: number): Promise<string> {
  const suppliers = net.topology.organisations.find((o) => o.kind === 'suppliers');
  if (!suppliers) return 'no suppliers peer';
  const to = await chainHeight(net, suppliers, 'registrar');
  const codes = await validationCodes(net, suppliers, 'registrar', from, to);
  const list = [...codes.entries()].map(([code, n]) => `${code} ${n}`).join(', ');
  return `blocks ${from}..${to - 1}: ${list || 'no transactions'}`;
}

/** The gateway's admission and transaction counters, as /metrics shows them after the burst. */
async function admissionMetrics(baseUrl: string): Promise<void> {
  const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
  const lines = metrics
    .split('\n')
    .filter((l) =>
      /^gateway_fabric_(refusals_total|queue_wait_seconds_(sum|count)|transactions_total\{transaction="bid:Seal")/.test(
        l,
      ),
    );
  for (const line of lines) detail(line);
}

export async function burstBench(
  net: Network,
  n: number,
  publishTender: (id: string) => Promise<void>,
): Promise<void> {
  const suppliers = net.topology.organisations.find((o) => o.kind === 'suppliers');
  const demo = loadDemoUsers();
  const officer = demo.find((u) => u.username === 'pw-officer');
  const registrar = demo.find((u) => u.role === 'registrar');
  if (!suppliers || !officer || !registrar)
    throw new Error('a suppliers organisation, its registrar and pw-officer are needed');
  const runId = Date.now().toString(36);
  const tenderId = `bench-burst-${runId}`;
  await publishTender(tenderId);

  // The gateway keeps its wallet (the vendors' keys) between runs, with the list of burst vendors.
  // Logins come from one address: the login limiter is lifted too.
  const gateway = await startMeasuringGateway(net, 'bench-gateway', 91, {
    LOGIN_MAX_FAILURES_PER_ADDRESS: '100000',
  });
  const stateDir = gateway.stateDir;
  try {
    const onboardingStarted = Date.now();
    const registrarToken = await signIn(
      gateway.baseUrl,
      registrar.mspId,
      registrar.username,
      registrar.password,
    );
    const vendors = await burstVendors(gateway.baseUrl, stateDir, suppliers.mspId, registrarToken, n);
    detail(`${n} vendors ready in ${Math.round((Date.now() - onboardingStarted) / 1000)} s`);
    const height = await chainHeight(net, suppliers, 'registrar');
    step(`Burst: ${n} bids at once on ${tenderId}`);
    const started = Date.now();
    const outcomes = await Promise.all(
      vendors.map((v, i) => oneClient(gateway.baseUrl, tenderId, v, i, runId, started)),
    );
    const wallMs = Math.max(...outcomes.filter((o) => o.ok).map((o) => o.ms), 1);
    report(n, outcomes, wallMs);
    detail(await blockOutcomes(net, height));
    const officerToken = await signIn(gateway.baseUrl, officer.mspId, officer.username, officer.password);
    await checkLedger(gateway.baseUrl, officerToken, tenderId, outcomes);
    await admissionMetrics(gateway.baseUrl);
  } finally {
    await gateway.stop();
  }
}
