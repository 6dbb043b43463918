/**
 * Hyperledger Caliper against the running network (`npm run bench:caliper`): its own install under
 * bench/caliper/ (outside the workspaces), and the network and benchmark configurations it reads,
 * generated from the network's state into `<state>/caliper/` (they name key files: never committed).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { onlyFile } from './identities';
import type { Network } from './network';
import { type Organisation, ROOT } from './topology';

export const CALIPER_DIR = path.join(ROOT, 'bench', 'caliper');

/** An identity Caliper signs as: a user folder under the organisation's users/ in network state. */
export interface CaliperIdentity {
  org: Organisation;
  username: string;
}

/** What the rounds need: a name for this run, who sends, and the ledger objects prepared for them. */
export interface CaliperRun {
  runId: string;
  officer: CaliperIdentity & { evaluators: string[] };
  vendors: (CaliperIdentity & { vendorId: string })[];
  /** Published tenders with a far deadline, bid on in turn by the sealed-bid round. */
  sealTenders: string[];
  readTender: string;
}

export interface CaliperSettings {
  /** Seconds per round. */
  txDuration: number;
  /** Transactions kept in flight (Caliper's fixed-load rate controller), across all workers. */
  inFlight: number;
  workers: number;
}

export interface CaliperFiles {
  dir: string;
  networkConfig: string;
  benchmarkConfig: string;
  report: string;
}

/** Runs a command with its output shown as it comes (installs and Caliper report their progress). */
export function runShown(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: 'inherit', env: process.env });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${String(code)}`})`));
    });
  });
}

/** `npm ci` in bench/caliper when its node_modules is missing or older than its lock file. */
export async function ensureCaliperInstalled(): Promise<void> {
  const marker = path.join(CALIPER_DIR, 'node_modules', '.package-lock.json');
  const lock = path.join(CALIPER_DIR, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  await runShown('npm', ['ci', '--no-audit', '--no-fund', '--progress=true'], CALIPER_DIR);
}

function certificateOf(net: Network, who: CaliperIdentity): object {
  const msp = path.join(net.paths.org(who.org).user(who.username), 'msp');
  return {
    name: who.username,
    clientPrivateKey: { path: onlyFile(path.join(msp, 'keystore')) },
    clientSignedCert: { path: path.join(msp, 'signcerts', 'cert.pem') },
  };
}

/** A common connection profile naming the organisation's own peer and its TLS root. */
function connectionProfile(org: Organisation, net: Network): object {
  const peer = `peer.${org.name}`;
  return {
    name: `procurement-${org.name}`,
    version: '1.0.0',
    client: { organization: org.name },
    organizations: { [org.name]: { mspid: org.mspId, peers: [peer] } },
    peers: {
      [peer]: {
        url: `grpcs://${org.host}:${org.peer.port}`,
        tlsCACerts: { path: net.paths.org(org).caCert },
        // The peers' TLS certificates name localhost as well as 127.0.0.1.
        grpcOptions: { 'ssl-target-name-override': 'localhost' },
      },
    },
  };
}

/** Caliper's network configuration (version 2.0.0) for the organisations of `identities`. */
function networkConfig(net: Network, dir: string, identities: CaliperIdentity[]): object {
  const orgs = [...new Set(identities.map((i) => i.org))];
  return {
    name: 'procurement',
    version: '2.0.0',
    caliper: { blockchain: 'fabric' },
    channels: [{ channelName: net.topology.channel, contracts: [{ id: net.topology.chaincode.name }] }],
    organizations: orgs.map((org) => {
      const profile = path.join(dir, `connection-${org.name}.json`);
      writeFileSync(profile, JSON.stringify(connectionProfile(org, net), null, 2));
      return {
        mspid: org.mspId,
        identities: {
          certificates: identities.filter((i) => i.org === org).map((i) => certificateOf(net, i)),
        },
        connectionProfile: { path: profile, discover: true },
      };
    }),
  };
}

/** The four rounds, each `txDuration` seconds with `inFlight` transactions outstanding. */
function benchmarkConfig(net: Network, caliperRun: CaliperRun, settings: CaliperSettings): object {
  const who = (i: CaliperIdentity): { name: string; mspId: string } => ({
    name: i.username,
    mspId: i.org.mspId,
  });
  const args = {
    contractId: net.topology.chaincode.name,
    runId: caliperRun.runId,
    officer: { ...who(caliperRun.officer), evaluators: caliperRun.officer.evaluators },
    vendors: caliperRun.vendors.map((v) => ({ ...who(v), vendorId: v.vendorId })),
    tenders: caliperRun.sealTenders,
    readTender: caliperRun.readTender,
  };
  const round = (label: string, module: string, description: string): object => ({
    label,
    description,
    txDuration: settings.txDuration,
    rateControl: {
      type: 'fixed-load',
      opts: { transactionLoad: Math.ceil(settings.inFlight / settings.workers), startTps: 50 },
    },
    workload: { module: path.join(CALIPER_DIR, 'workloads', module), arguments: args },
  });
  return {
    test: {
      name: 'procurement',
      description: 'The procurement chaincode through the Fabric Gateway (npm run bench:caliper)',
      workers: { number: settings.workers },
      rounds: [
        round('no-op write', 'noop-write.cjs', 'policy:Get submitted: the floor of a transaction'),
        round('tender create', 'tender-create.cjs', 'tender:Create by an agency officer'),
        round('sealed bid', 'sealed-bid.cjs', 'bid:Seal with an envelope sealed by the worker'),
        round('read', 'read.cjs', 'tender:Get evaluated on the peer'),
      ],
    },
  };
}

/** Writes both configurations under `<state>/caliper/` (JSON, which Caliper's YAML reader accepts). */
export function writeCaliperConfig(
  net: Network,
  caliperRun: CaliperRun,
  settings: CaliperSettings,
): CaliperFiles {
  const dir = path.join(net.paths.state, 'caliper');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const identities = [caliperRun.officer, ...caliperRun.vendors];
  const files: CaliperFiles = {
    dir,
    networkConfig: path.join(dir, 'network.yaml'),
    benchmarkConfig: path.join(dir, 'benchmark.yaml'),
    report: path.join(dir, `report-${caliperRun.runId}.html`),
  };
  writeFileSync(files.networkConfig, JSON.stringify(networkConfig(net, dir, identities), null, 2));
  writeFileSync(files.benchmarkConfig, JSON.stringify(benchmarkConfig(net, caliperRun, settings), null, 2));
  return files;
}

/**
 * `caliper launch manager` on the generated configurations; its HTML report goes to `files.report`.
 * Caliper's output is shown as it comes; Caliper exits 0 even when rounds failed, so its closing
 * "Failed rounds: N" line is read and a failed round is an error.
 */
export async function launchCaliper(files: CaliperFiles): Promise<void> {
  const args = [
    'launch',
    'manager',
    '--caliper-workspace',
    CALIPER_DIR,
    '--caliper-networkconfig',
    files.networkConfig,
    '--caliper-benchconfig',
    files.benchmarkConfig,
    '--caliper-report-path',
    files.report,
    '--caliper-flow-only-test',
  ];
  const caliper = path.join(CALIPER_DIR, 'node_modules', '.bin', 'caliper');
  const failed = await new Promise<number>((resolve, reject) => {
    const child = spawn(caliper, args, { cwd: CALIPER_DIR, stdio: ['ignore', 'pipe', 'inherit'] });
    let tail = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      tail = (tail + chunk.toString('utf8')).slice(-4096);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const rounds = /Failed rounds: (\d+)/.exec(tail);
      if (code !== 0 || !rounds) reject(new Error(`caliper failed (exit ${String(code)})`));
      else resolve(Number(rounds[1]));
    });
  });
  if (failed > 0) throw new Error(`${failed} Caliper round(s) failed: see the errors above`);
}
