/**
 * Deploying the procurement chaincode as a service: the built TypeScript runs as one
 * `fabric-chaincode-node server` process that every peer dials. The package carries only
 * connection.json, so its label names a digest of the built code: a code change gives a new package,
 * a new package id and the next definition sequence, and the ledger records which code runs.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { detail, step } from './log';
import { peerCliEnv } from './nodes';
import type { NetworkPaths } from './paths';
import { type ProcessRegistry, run } from './proc';
import { ordererOrganisations, ROOT, type Topology } from './topology';
import { waitFor } from './wait';

const CHAINCODE_DIR = path.join(ROOT, 'chaincode');
export const CHAINCODE_PROCESS = 'chaincode';

export interface DeployedChaincode {
  label: string;
  packageId: string;
  sequence: number;
}

/** Digest of the built chaincode (dist/ and package.json): the identity of the code that runs. */
export function codeDigest(moduleDir = CHAINCODE_DIR): string {
  const dist = path.join(moduleDir, 'dist');
  if (!existsSync(path.join(dist, 'index.js'))) {
    throw new Error('chaincode/dist is missing: run `npm run build` first');
  }
  const hash = createHash('sha256');
  const files = listFiles(dist).filter((f) => f.endsWith('.js'));
  for (const file of files) hash.update(path.relative(dist, file)).update('\0').update(readFileSync(file));
  hash.update(readFileSync(path.join(moduleDir, 'package.json')));
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

/** Builds the CCaaS package once per label; the same file is installed everywhere (same package id). */
async function ensurePackage(topology: Topology, paths: NetworkPaths, label: string): Promise<string> {
  mkdirSync(paths.chaincode, { recursive: true });
  const file = path.join(paths.chaincode, `${label}.tgz`);
  if (existsSync(file)) return file;
  const work = await mkdtemp(path.join(os.tmpdir(), 'ccaas-'));
  try {
    const connection = { address: topology.chaincode.address, dial_timeout: '10s', tls_required: false };
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
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DeployedChaincode) : undefined;
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

/** Installs, approves (every organisation) and commits the current code if it is not what runs. */
export async function ensureChaincode(
  topology: Topology,
  paths: NetworkPaths,
  procs: ProcessRegistry,
  moduleDir = CHAINCODE_DIR,
) {
  const label = `${topology.chaincode.name}_${codeDigest(moduleDir).slice(0, 16)}`;
  const file = await ensurePackage(topology, paths, label);
  const packageId = packageIdOf(label, file);
  // The server runs first, so peers can connect as soon as the definition is committed.
  await ensureChaincodeServer(topology, paths, procs, packageId, moduleDir);
  const committed = await committedSequence(topology, paths);
  const deployed = readDeployed(paths);
  if (!(deployed && deployed.packageId === packageId && deployed.sequence === committed && committed > 0)) {
    step(`Deploying chaincode ${label} (sequence ${committed + 1})`);
    await deploy(topology, paths, file, packageId, committed + 1);
    writeFileSync(
      deployedFile(paths),
      JSON.stringify({ label, packageId, sequence: committed + 1 }, null, 2),
    );
  }
  await waitChaincodeReady(topology, paths, procs);
  return { label, packageId };
}

/** Every peer answers a read-only call to the chaincode: the real sign that it is deployed and served. */
async function waitChaincodeReady(
  topology: Topology,
  paths: NetworkPaths,
  procs: ProcessRegistry,
): Promise<void> {
  for (const org of topology.organisations) {
    await waitFor(
      `peer.${org.name} to run the chaincode`,
      async () => {
        await run(
          paths.binary('peer'),
          [
            'chaincode',
            'query',
            '-C',
            topology.channel,
            '-n',
            topology.chaincode.name,
            '-c',
            '{"Args":["policy:Get"]}',
          ],
          { env: peerCliEnv(topology, paths, org), timeoutMs: 20_000 },
        );
        return true;
      },
      { timeoutMs: 90_000, intervalMs: 1_000, diagnose: () => procs.tail(CHAINCODE_PROCESS) },
    );
  }
}

async function deploy(
  topology: Topology,
  paths: NetworkPaths,
  file: string,
  packageId: string,
  sequence: number,
) {
  const [ordererOrg] = ordererOrganisations(topology);
  if (!ordererOrg) throw new Error('no orderer');
  const ordererArgs = [
    '-o',
    `${topology.host}:${ordererOrg.orderer.port}`,
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
    const { stdout } = await run(
      paths.binary('peer'),
      ['lifecycle', 'chaincode', 'queryinstalled', '-O', 'json'],
      { env },
    );
    const installed = (JSON.parse(stdout || '{}') as { installed_chaincodes?: { package_id: string }[] })
      .installed_chaincodes;
    if (!installed?.some((c) => c.package_id === packageId)) {
      await run(paths.binary('peer'), ['lifecycle', 'chaincode', 'install', file], {
        env,
        timeoutMs: 300_000,
      });
      detail(`installed on peer.${org.name}`);
    }
    await run(
      paths.binary('peer'),
      ['lifecycle', 'chaincode', 'approveformyorg', ...ordererArgs, ...common, '--package-id', packageId],
      { env },
    );
    detail(`approved by ${org.mspId}`);
  }
  const peers = topology.organisations.flatMap((org) => [
    '--peerAddresses',
    `${topology.host}:${org.peer.port}`,
    '--tlsRootCertFiles',
    paths.org(org).caCert,
  ]);
  const [first] = topology.organisations;
  if (!first) throw new Error('no organisation');
  await run(paths.binary('peer'), ['lifecycle', 'chaincode', 'commit', ...ordererArgs, ...common, ...peers], {
    env: peerCliEnv(topology, paths, first),
  });
  await waitFor(
    'the chaincode definition to be committed',
    async () => (await committedSequence(topology, paths)) === sequence,
    {
      timeoutMs: 30_000,
    },
  );
  detail(`committed '${topology.chaincode.name}' sequence ${sequence}`);
}

/** Runs the chaincode server for this package id, restarting it if it died or serves another package. */
async function ensureChaincodeServer(
  topology: Topology,
  paths: NetworkPaths,
  procs: ProcessRegistry,
  packageId: string,
  moduleDir: string,
): Promise<void> {
  const idFile = path.join(paths.chaincode, 'server-package-id');
  const running = procs.alivePid(CHAINCODE_PROCESS) !== undefined;
  const servedId = existsSync(idFile) ? readFileSync(idFile, 'utf8').trim() : '';
  if (running && servedId === packageId) return;
  if (running) await procs.stop(CHAINCODE_PROCESS);
  procs.start({
    name: CHAINCODE_PROCESS,
    command: process.execPath,
    args: [
      path.join(ROOT, 'node_modules', 'fabric-shim', 'cli.js'),
      'server',
      '--chaincode-address',
      topology.chaincode.address,
      '--chaincode-id',
      packageId,
      '--module-path',
      moduleDir,
    ],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' },
    cwd: moduleDir,
  });
  writeFileSync(idFile, packageId);
  detail(`chaincode server for ${packageId.slice(0, 40)}… listening on ${topology.chaincode.address}`);
}
