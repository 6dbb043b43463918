/**
 * Deploying the procurement chaincode as a service, one process per organisation: each organisation
 * runs the built TypeScript as its own `fabric-chaincode-node server`, on its own host and port, with
 * a TLS key issued by its own CA, and only its own peer dials it. Each organisation therefore has its
 * own package (its own connection.json, so its own package id), installed on its own peer and
 * approved by that organisation alone. Four processes compute four independent endorsements: no single
 * party's process decides an outcome.
 *
 * The package label names a digest of the built code, so a code change gives new packages, new
 * package ids and the next definition sequence, and the ledger records which code runs.
 */
import { createHash } from 'node:crypto';
import { CLOCK_OFFSET_ENV } from '@procurement/contract';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CaClient } from './identities';
import { detail, step } from './log';
import { peerCliEnv } from './nodes';
import type { NetworkPaths } from './paths';
import { CommandError, type ProcessRegistry, run } from './proc';
import { namespaceOf, ordererOrganisations, type Organisation, ROOT, type Topology } from './topology';
import { waitFor } from './wait';

const CHAINCODE_DIR = path.join(ROOT, 'chaincode');
/** The shared contract package the chaincode imports at run time. */
const CONTRACT_DIR = path.join(ROOT, 'contract');

/** The process name of an organisation's chaincode server (pid and log files are named after it). */
export function chaincodeProcess(org: Organisation): string {
  return `chaincode.${org.name}`;
}

/** What is deployed: the definition sequence, and the package each organisation approved. */
export interface DeployedChaincode {
  digest: string;
  sequence: number;
  packages: Record<string, string>;
}

/**
 * Digest of the built chaincode and of the contract package it runs (their dist/ and package.json):
 * the identity of the code that runs. A change to either gives new packages and a new sequence.
 */
export function codeDigest(moduleDir = CHAINCODE_DIR): string {
  if (!existsSync(path.join(moduleDir, 'dist', 'index.js'))) {
    throw new Error('chaincode/dist is missing: run `npm run build` first');
  }
  const hash = createHash('sha256');
  for (const dir of [moduleDir, CONTRACT_DIR]) {
    const dist = path.join(dir, 'dist');
    const files = existsSync(dist) ? listFiles(dist).filter((f) => f.endsWith('.js')) : [];
    for (const file of files) hash.update(path.relative(dist, file)).update('\0').update(readFileSync(file));
    hash.update(readFileSync(path.join(dir, 'package.json')));
  }
  return hash.digest('hex');
}

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? listFiles(full) : [full];
    });
}

/** Where an organisation's chaincode server keeps its TLS key pair (issued by the organisation's CA). */
function serverTlsDir(paths: NetworkPaths, org: Organisation): string {
  return path.join(paths.org(org).base, 'chaincode', 'tls');
}

export function chaincodeAddress(org: Organisation): string {
  return `${org.host}:${org.chaincodeServer.port}`;
}

/** The server's TLS certificate, from the organisation's CA, valid for the host it listens on. */
async function ensureServerTls(topology: Topology, paths: NetworkPaths, org: Organisation): Promise<void> {
  const dir = path.dirname(serverTlsDir(paths, org));
  if (existsSync(path.join(serverTlsDir(paths, org), 'server.key'))) return;
  await new CaClient(topology, paths, org).registerAndEnrol(
    dir,
    { name: `chaincode0.${org.name.toLowerCase()}`, type: 'client' },
    true,
  );
  detail(`${org.name}: chaincode server TLS key issued by its CA`);
}

/** Builds the organisation's CCaaS package once per label (so its package id is stable). */
async function ensurePackage(paths: NetworkPaths, org: Organisation, label: string): Promise<string> {
  const dir = path.join(paths.chaincode, org.name);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${label}.tgz`);
  if (existsSync(file)) return file;
  const work = await mkdtemp(path.join(os.tmpdir(), 'ccaas-'));
  try {
    const connection = {
      address: chaincodeAddress(org),
      dial_timeout: '10s',
      tls_required: true,
      client_auth_required: false,
      root_cert: readFileSync(paths.org(org).caCert, 'utf8'),
    };
    writeFileSync(path.join(work, 'connection.json'), JSON.stringify(connection));
    writeFileSync(path.join(work, 'metadata.json'), JSON.stringify({ type: 'ccaas', label }));
    await run('tar', ['-C', work, '-czf', path.join(work, 'code.tar.gz'), 'connection.json']);
    await run('tar', ['-C', work, '-czf', file, 'metadata.json', 'code.tar.gz']);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return file;
}

export function packageIdOf(label: string, file: string): string {
  return `${label}:${createHash('sha256').update(readFileSync(file)).digest('hex')}`;
}

function deployedFile(paths: NetworkPaths): string {
  return path.join(paths.chaincode, 'deployed.json');
}

export function readDeployed(paths: NetworkPaths): DeployedChaincode | undefined {
  const file = deployedFile(paths);
  if (!existsSync(file)) return undefined;
  const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<DeployedChaincode>;
  return data.packages ? (data as DeployedChaincode) : undefined;
}

async function committedSequence(topology: Topology, paths: NetworkPaths): Promise<number> {
  const [org] = topology.organisations;
  if (!org) return 0;
  try {
    const { stdout } = await run(
      paths.binary('peer'),
      [
        'lifecycle',
        'chaincode',
        'querycommitted',
        '-C',
        topology.channel,
        '-n',
        topology.chaincode.name,
        '-O',
        'json',
      ],
      { env: peerCliEnv(topology, paths, org) },
    );
    return (JSON.parse(stdout) as { sequence?: number }).sequence ?? 0;
  } catch {
    return 0; // not committed yet
  }
}

/**
 * Makes the current code run everywhere: each organisation's server runs (restarted if it died or
 * serves an older package), and a new definition is approved and committed only when the code changed.
 */
export async function ensureChaincode(
  topology: Topology,
  paths: NetworkPaths,
  procs: ProcessRegistry,
  moduleDir = CHAINCODE_DIR,
): Promise<DeployedChaincode> {
  const digest = codeDigest(moduleDir);
  const packages: Record<string, string> = {};
  const files: Record<string, string> = {};
  for (const org of topology.organisations) {
    await ensureServerTls(topology, paths, org);
    const label = `${topology.chaincode.name}_${digest.slice(0, 16)}_${org.name.toLowerCase()}`;
    const file = await ensurePackage(paths, org, label);
    const packageId = packageIdOf(label, file);
    files[org.name] = file;
    packages[org.name] = packageId;
    // Servers run first, so each peer can connect as soon as the definition is committed.
    await ensureChaincodeServer(topology, paths, procs, org, packageId, moduleDir);
  }
  const committed = await committedSequence(topology, paths);
  const deployed = readDeployed(paths);
  const current =
    deployed !== undefined &&
    committed > 0 &&
    deployed.sequence === committed &&
    topology.organisations.every((o) => deployed.packages[o.name] === packages[o.name]);
  let result = deployed;
  if (!current || result === undefined) {
    step(
      `Deploying chaincode ${digest.slice(0, 16)} (sequence ${committed + 1}), one package per organisation`,
    );
    await deploy(topology, paths, files, packages, committed + 1);
    result = { digest, sequence: committed + 1, packages };
    writeFileSync(deployedFile(paths), JSON.stringify(result, null, 2));
  }
  await waitChaincodeReady(topology, paths, procs);
  return result;
}

/** Every peer answers a read-only call to the chaincode: the real sign that it is deployed and served. */
async function waitChaincodeReady(
  topology: Topology,
  paths: NetworkPaths,
  procs: ProcessRegistry,
): Promise<void> {
  for (const org of topology.organisations) {
    await waitPeerRunsChaincode(topology, paths, `peer.${org.name}`, peerCliEnv(topology, paths, org), () =>
      procs.tail(chaincodeProcess(org)),
    );
  }
}

/** A peer answers a read-only call to the chaincode: the real sign that it is deployed and served. */
export async function waitPeerRunsChaincode(
  topology: Topology,
  paths: NetworkPaths,
  peerName: string,
  env: NodeJS.ProcessEnv,
  diagnose: () => string,
): Promise<void> {
  const query = ['chaincode', 'query', '-C', topology.channel, '-n', topology.chaincode.name];
  await waitFor(
    `${peerName} to run the chaincode`,
    async () => {
      await run(paths.binary('peer'), [...query, '-c', '{"Args":["policy:Get"]}'], {
        env,
        timeoutMs: 20_000,
      });
      return true;
    },
    { timeoutMs: 90_000, intervalMs: 1_000, diagnose },
  );
}

/** An ordering service that has just started may refuse the first submissions for a few seconds. */
async function submitWithRetry(label: string, fn: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await fn();
      return;
    } catch (error) {
      // An earlier attempt that timed out waiting for its commit may have committed after all.
      if (error instanceof CommandError && /unchanged content/.test(error.output)) return;
      if (!(error instanceof CommandError) || Date.now() > deadline) throw error;
      detail(`${label}: retrying (${error.output.trim().split('\n').slice(-1)[0] ?? ''})`);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  }
}

async function deploy(
  topology: Topology,
  paths: NetworkPaths,
  files: Record<string, string>,
  packages: Record<string, string>,
  sequence: number,
): Promise<void> {
  const [ordererOrg] = ordererOrganisations(topology);
  if (!ordererOrg) throw new Error('no orderer');
  const ordererArgs = [
    '-o',
    `${ordererOrg.host}:${ordererOrg.orderer.port}`,
    '--tls',
    '--cafile',
    paths.org(ordererOrg).caCert,
  ];
  const common = [
    '--channelID',
    topology.channel,
    '--name',
    topology.chaincode.name,
    '--version',
    topology.chaincode.version,
    '--sequence',
    String(sequence),
  ];
  for (const org of topology.organisations) {
    const env = peerCliEnv(topology, paths, org);
    const packageId = packages[org.name] ?? '';
    const { stdout } = await run(
      paths.binary('peer'),
      ['lifecycle', 'chaincode', 'queryinstalled', '-O', 'json'],
      {
        env,
      },
    );
    const installed = (JSON.parse(stdout || '{}') as { installed_chaincodes?: { package_id: string }[] })
      .installed_chaincodes;
    if (!installed?.some((c) => c.package_id === packageId)) {
      await run(paths.binary('peer'), ['lifecycle', 'chaincode', 'install', files[org.name] ?? ''], {
        env,
        timeoutMs: 300_000,
      });
      detail(`installed ${org.name}'s own package on peer.${org.name}`);
    }
    await submitWithRetry(`approve by ${org.mspId}`, () =>
      run(
        paths.binary('peer'),
        ['lifecycle', 'chaincode', 'approveformyorg', ...ordererArgs, ...common, '--package-id', packageId],
        { env },
      ),
    );
    detail(`approved by ${org.mspId} (its package ${packageId.slice(0, 48)}…)`);
  }
  const peers = topology.organisations.flatMap((org) => [
    '--peerAddresses',
    `${org.host}:${org.peer.port}`,
    '--tlsRootCertFiles',
    paths.org(org).caCert,
  ]);
  const [first] = topology.organisations;
  if (!first) throw new Error('no organisation');
  await submitWithRetry('commit', () =>
    run(paths.binary('peer'), ['lifecycle', 'chaincode', 'commit', ...ordererArgs, ...common, ...peers], {
      env: peerCliEnv(topology, paths, first),
    }),
  );
  await waitFor(
    'the chaincode definition to be committed',
    async () => (await committedSequence(topology, paths)) === sequence,
    { timeoutMs: 30_000 },
  );
  detail(`committed '${topology.chaincode.name}' sequence ${sequence}`);
}

/** The command line of an organisation's chaincode server (also used by tests that swap in another build). */
export function chaincodeServerSpec(
  paths: NetworkPaths,
  org: Organisation,
  packageId: string,
  moduleDir: string,
  topology: Topology,
) {
  const tls = serverTlsDir(paths, org);
  return {
    name: chaincodeProcess(org),
    command: process.execPath,
    args: [
      ...chaincodeNodeArgs(),
      path.join(ROOT, 'node_modules', 'fabric-shim', 'cli.js'),
      'server',
      '--chaincode-address',
      chaincodeAddress(org),
      '--chaincode-id',
      packageId,
      '--module-path',
      moduleDir,
      '--chaincode-tls-cert-file',
      path.join(tls, 'server.crt'),
      '--chaincode-tls-key-file',
      path.join(tls, 'server.key'),
    ],
    // The shim reads the peer's organisation from here: `stub.getMspID()` names this organisation.
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      CORE_PEER_LOCALMSPID: org.mspId,
      // The shim logs a coloured line per transaction at INFO; formatting them was a tenth of the
      // process's CPU under load (docs/performance.md). Warnings and errors are still logged.
      CORE_CHAINCODE_LOGGING_LEVEL: process.env.CHAINCODE_LOGGING_LEVEL ?? 'WARNING',
      // Where cpu-profile-on-signal.mjs writes, when CHAINCODE_NODE_ARGS loads it.
      ...(process.env.CPU_PROFILE_DIR ? { CPU_PROFILE_DIR: process.env.CPU_PROFILE_DIR } : {}),
      ...clockOffsetEnv(org),
    },
    cwd: moduleDir,
    namespace: namespaceOf(topology, org),
  };
}

/**
 * Extra Node options for every chaincode server, from `CHAINCODE_NODE_ARGS` (space-separated), read when
 * a server starts: e.g. `--import <repository>/scripts/lib/cpu-profile-on-signal.mjs` to take CPU profiles of a
 * window of its life (docs/performance.md). Unset in normal runs.
 */
export function chaincodeNodeArgs(env = process.env): string[] {
  return (env.CHAINCODE_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
}

/**
 * The fault-test clock offset for one organisation's chaincode process: PROCUREMENT_CLOCK_OFFSET_MS_<ORG>
 * (organisation name in capitals) of the scripts' environment, passed on as PROCUREMENT_CLOCK_OFFSET_MS.
 */
export function clockOffsetEnv(org: Pick<Organisation, 'name'>, env = process.env): Record<string, string> {
  const value = env[`${CLOCK_OFFSET_ENV}_${org.name.toUpperCase()}`];
  return value === undefined ? {} : { [CLOCK_OFFSET_ENV]: value };
}

/** Runs the organisation's chaincode server for its package id, restarting it if it died or serves another. */
async function ensureChaincodeServer(
  topology: Topology,
  paths: NetworkPaths,
  procs: ProcessRegistry,
  org: Organisation,
  packageId: string,
  moduleDir: string,
): Promise<void> {
  const name = chaincodeProcess(org);
  const idFile = path.join(paths.chaincode, org.name, 'server-package-id');
  const running = procs.alivePid(name) !== undefined;
  const servedId = existsSync(idFile) ? readFileSync(idFile, 'utf8').trim() : '';
  if (running && servedId === packageId) return;
  if (running) await procs.stop(name);
  procs.start(chaincodeServerSpec(paths, org, packageId, moduleDir, topology));
  writeFileSync(idFile, packageId);
  detail(`${name} serving ${packageId.slice(0, 40)}… on ${chaincodeAddress(org)} (TLS)`);
}
