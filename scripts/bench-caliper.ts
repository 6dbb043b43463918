/**
 * `npm run bench:caliper`: Hyperledger Caliper's rounds against the running network (brought up if
 * needed): a no-op write, a tender create, a sealed bid and a read, each `CALIPER_TX_DURATION` seconds
 * (default 20) with `CALIPER_IN_FLIGHT` transactions outstanding (default 50), over `CALIPER_WORKERS`
 * worker processes (default 1). Prepares the benchmark vendors and published tenders, writes Caliper's
 * configurations from the network's state, runs `caliper launch manager` from bench/caliper/ (installed
 * there on first use) and prints where the HTML report was written. Figures only, all on this machine.
 */
import { contractOf, publishTender } from './lib/bench-tender';
import { ensureBenchVendors } from './lib/bench-vendors';
import { type CaliperRun, ensureCaliperInstalled, launchCaliper, writeCaliperConfig } from './lib/caliper';
import { connectAs } from './lib/fabric-client';
import { loadDemoUsers } from './lib/identities';
import { detail, step } from './lib/log';
import { openNetwork, up, type Network } from './lib/network';
import { run } from './lib/proc';
import { ROOT } from './lib/topology';

/** A whole number from the environment, or `fallback`. */
function setting(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number ≥ 1`);
  return value;
}

const SETTINGS = {
  txDuration: setting('CALIPER_TX_DURATION', 20),
  inFlight: setting('CALIPER_IN_FLIGHT', 50),
  workers: setting('CALIPER_WORKERS', 1),
};
/** Vendors that take turns in the vendor rounds: twice the load, so none is ever in flight twice. */
const VENDORS = setting('CALIPER_VENDORS', 2 * SETTINGS.inFlight);
/** Published tenders the sealed-bid round spreads its bids over (a vendor has one bid per tender). */
const SEAL_TENDERS = setting('CALIPER_SEAL_TENDERS', 10);

/** Vendors registered, tenders published: what the rounds' transactions need on the ledger. */
async function prepare(net: Network, runId: string): Promise<CaliperRun> {
  const suppliers = net.topology.organisations.find((o) => o.kind === 'suppliers');
  const officer = loadDemoUsers().find((u) => u.role === 'officer' && u.mspId === 'PublicWorksMSP');
  const evaluator = loadDemoUsers().find((u) => u.role === 'evaluator' && u.org === officer?.org);
  const agency = net.topology.organisations.find((o) => o.name === officer?.org);
  if (!suppliers || !officer || !evaluator || !agency) {
    throw new Error('a suppliers organisation and an agency with an officer and an evaluator are needed');
  }
  const vendors = await ensureBenchVendors(net, VENDORS);
  const sealTenders = Array.from({ length: SEAL_TENDERS }, (_, i) => `caliper-bid-${runId}-${i}`);
  step(`Publishing ${sealTenders.length} tenders for the sealed-bid round`);
  for (const id of sealTenders) await publishTender(net, id, 2 * 60 * 60);
  await warmUp(net, agency, officer.username);
  return {
    runId,
    officer: { org: agency, username: officer.username, evaluators: [evaluator.username] },
    vendors: vendors.map((v) => ({ org: suppliers, username: v.username, vendorId: v.vendorId })),
    sealTenders,
    readTender: sealTenders[0] ?? '',
  };
}

/** A few untimed no-op writes, so the first round does not pay for cold chaincode and caches. */
async function warmUp(net: Network, agency: Network['topology']['organisations'][number], user: string) {
  const conn = connectAs(net.topology, net.paths, agency, user);
  try {
    const contract = contractOf(net, conn);
    await Promise.all(Array.from({ length: 20 }, () => contract.submit('policy:Get')));
  } finally {
    conn.close();
  }
}

async function main(): Promise<void> {
  step('Caliper (bench/caliper)');
  await ensureCaliperInstalled();
  await run('npm', ['run', 'build'], { cwd: ROOT, timeoutMs: 300_000 });
  const net = await up(openNetwork());
  const runId = Date.now().toString(36);
  const caliperRun = await prepare(net, runId);
  const files = writeCaliperConfig(net, caliperRun, SETTINGS);
  step(
    `caliper launch manager: 4 rounds of ${SETTINGS.txDuration} s, ${SETTINGS.inFlight} in flight, ` +
      `${SETTINGS.workers} worker(s), ${caliperRun.vendors.length} vendors`,
  );
  await launchCaliper(files);
  detail(`Caliper's HTML report: ${files.report}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
