/**
 * More peers for one organisation (`network:add-peer`). An added peer is a full peer of its
 * organisation: its own identity (type peer) and TLS certificate from the organisation's CA, its own
 * ports (the first peer's + N × ADDED_PEER_PORT_STEP), its own data folder, a recorded pid, gossip
 * that bootstraps on the organisation's first peer and an external endpoint so discovery offers it to
 * every gateway. It joins the channel from a ledger snapshot (`peer channel joinbysnapshot`) or from the
 * genesis block, and gets the organisation's own chaincode package installed: its package id is the
 * organisation's, so it dials the organisation's one chaincode server, which serves both peers.
 *
 * Added peers are recorded in `<state>/orgs/<Org>/added-peers.json`, so `network:up` restarts them,
 * `network:status` lists them and a backup of the organisation carries them.
 */
import * as grpc from '@grpc/grpc-js';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { readDeployed, waitPeerRunsChaincode } from './chaincode';
import { connectWithClient, type UserConnection } from './fabric-client';
import { ensureCa, CaClient } from './identities';
import { detail, step } from './log';
import type { Network } from './network';
import { peerNode, peerNodeCliEnv, startPeerNode, waitHealthy, type PeerNode } from './nodes';
import { type NetworkPaths, privatiseState } from './paths';
import { CommandError, run, sleep } from './proc';
import { chainInfo, completedSnapshots, readSnapshot, takeSnapshot, type Snapshot } from './snapshot';
import { assertPortsUnclaimed, namespaceOf, type Organisation, type Topology } from './topology';
import { waitFor } from './wait';

/** One added peer, as recorded. */
export interface AddedPeerRecord {
  index: number;
  /** How it joined the channel. */
  joinedFrom: 'snapshot' | 'genesis';
  /** The snapshot's last block, when it joined from one. */
  snapshotBlock?: number;
  addedAt: string;
}

export function readAddedPeers(paths: NetworkPaths, org: Organisation): AddedPeerRecord[] {
  const file = paths.addedPeersFile(org);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as AddedPeerRecord[]) : [];
}

function writeAddedPeers(paths: NetworkPaths, org: Organisation, records: AddedPeerRecord[]): void {
  writeFileSync(paths.addedPeersFile(org), JSON.stringify(records, null, 2), { mode: 0o600 });
}

/** Every added peer of every organisation, as nodes. */
export function addedPeerNodes({ topology, paths }: Network): PeerNode[] {
  return topology.organisations.flatMap((org) =>
    readAddedPeers(paths, org).map((r) => peerNode(paths, org, r.index)),
  );
}

/** Resolves when nothing listens on host:port (so a new process can), rejects naming the port otherwise. */
export function assertPortFree(host: string, port: number, owner: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `${owner} would listen on ${host}:${port}, but another process already does (see network:status, or free the port)`
            : `${owner} cannot listen on ${host}:${port}: ${error.message}`,
        ),
      );
    });
    server.listen({ host, port, exclusive: true }, () => {
      server.close(() => {
        resolve();
      });
    });
  });
}

export interface AddPeerOptions {
  /** Join from a snapshot: `true` for the newest of the first peer (taking one if there is none), or a folder. */
  fromSnapshot?: boolean | string;
  /** Which added peer (default 1: the organisation's second peer). */
  index?: number;
}

export interface AddedPeer {
  node: PeerNode;
  snapshot?: Snapshot;
  /** From `joinbysnapshot` (or `join`) until the peer has the channel at the snapshot's height. */
  joinMs: number;
  /** From the start of the command until the peer is level with the first peer and runs the chaincode. */
  totalMs: number;
  height: number;
}

/** Adds a peer to an organisation, joined from a snapshot or the genesis block, and ready to endorse. */
/** Refuses an added peer that exists already, a network that is not running, or ports in use. */
async function assertCanAdd(
  network: Network,
  org: Organisation,
  node: PeerNode,
  first: PeerNode,
): Promise<void> {
  const { topology, paths, procs } = network;
  if (readAddedPeers(paths, org).some((r) => r.index === node.index) || existsSync(node.data))
    throw new Error(
      `${node.name} already exists (${node.data}); remove it first with npm run network:remove-peer -- --org ${org.name}`,
    );
  if (procs.alivePid(first.name) === undefined)
    throw new Error(`${first.name} is not running: start the network first (npm run network:up)`);
  assertPortsUnclaimed(topology, org.host, node.name, node.ports);
  if (namespaceOf(topology, org) === undefined)
    for (const port of Object.values(node.ports)) await assertPortFree(org.host, port, node.name);
}

/** The snapshot the new peer joins from, if asked for one. */
async function snapshotToJoin(
  network: Network,
  org: Organisation,
  options: AddPeerOptions,
): Promise<Snapshot | undefined> {
  if (options.fromSnapshot === undefined || options.fromSnapshot === false) return undefined;
  const snapshot = await chooseSnapshot(network, org, options.fromSnapshot);
  if (snapshot.channel !== network.topology.channel)
    throw new Error(
      `${snapshot.dir} is a snapshot of channel '${snapshot.channel}', not '${network.topology.channel}'`,
    );
  detail(`from the snapshot of block ${snapshot.blockNumber} (height ${snapshot.height}): ${snapshot.dir}`);
  return snapshot;
}

/** Joins the channel (from the snapshot, else the genesis block); returns how long joining took. */
async function joinChannel(
  network: Network,
  node: PeerNode,
  snapshot: Snapshot | undefined,
): Promise<number> {
  const { topology, paths, procs } = network;
  const joinStarted = Date.now();
  const env = peerNodeCliEnv(topology, paths, node);
  if (snapshot) {
    await run(paths.binary('peer'), ['channel', 'joinbysnapshot', '--snapshotpath', snapshot.dir], { env });
    await waitJoinBySnapshot(topology, paths, node);
  } else {
    await run(paths.binary('peer'), ['channel', 'join', '-b', paths.channelBlock], { env });
  }
  await waitFor(
    `${node.name} to hold the channel`,
    async () => (await chainInfo(topology, paths, node)).height >= (snapshot?.height ?? 1),
    { timeoutMs: 120_000, intervalMs: 250, diagnose: () => procs.tail(node.name, 15) },
  );
  return Date.now() - joinStarted;
}

export async function addPeer(
  network: Network,
  org: Organisation,
  options: AddPeerOptions = {},
): Promise<AddedPeer> {
  const { topology, paths, procs } = network;
  const started = Date.now();
  const node = peerNode(paths, org, options.index ?? 1);
  const first = peerNode(paths, org);
  await assertCanAdd(network, org, node, first);
  const snapshot = await snapshotToJoin(network, org, options);

  step(`${node.name}: identity from ${org.name}'s CA, ports ${Object.values(node.ports).join(', ')}`);
  await ensureCa(topology, paths, procs, org);
  await new CaClient(topology, paths, org).registerAndEnrol(node.dir, { name: node.id, type: 'peer' }, true);
  privatiseState(node.dir);
  mkdirSync(node.data, { recursive: true, mode: 0o700 });
  startPeerNode(topology, paths, procs, node);
  await waitHealthy(paths, procs, node.name, org, node.ports.operationsPort);
  await installOrgPackage(topology, paths, node);

  step(
    `${node.name}: joining '${topology.channel}' ${snapshot ? 'from the snapshot' : 'from the genesis block'}`,
  );
  const joinMs = await joinChannel(network, node, snapshot);
  detail(`${node.name} joined in ${(joinMs / 1000).toFixed(1)} s`);

  writeAddedPeers(paths, org, [
    ...readAddedPeers(paths, org).filter((r) => r.index !== node.index),
    {
      index: node.index,
      joinedFrom: snapshot ? 'snapshot' : 'genesis',
      ...(snapshot ? { snapshotBlock: snapshot.blockNumber } : {}),
      addedAt: new Date().toISOString(),
    },
  ]);
  const height = await catchUp(network, node);
  await waitChaincode(network, node);
  await waitEndorsementPlan(network, node);
  privatiseState(node.data);
  return { node, snapshot, joinMs, totalMs: Date.now() - started, height };
}

async function chooseSnapshot(network: Network, org: Organisation, from: true | string): Promise<Snapshot> {
  if (typeof from === 'string') return readSnapshot(path.resolve(from));
  const existing = completedSnapshots(network.topology, network.paths, org);
  const newest = existing[existing.length - 1];
  if (newest) return newest;
  step(`No snapshot of '${network.topology.channel}' on peer.${org.name} yet: taking one`);
  return takeSnapshot(network, org);
}

/** `joinbysnapshot` returns at once; the peer imports the snapshot in the background. */
async function waitJoinBySnapshot(topology: Topology, paths: NetworkPaths, node: PeerNode): Promise<void> {
  const started = Date.now();
  let lastReport = 0;
  for (;;) {
    const { stdout } = await run(paths.binary('peer'), ['channel', 'joinbysnapshotstatus'], {
      env: peerNodeCliEnv(topology, paths, node),
    });
    if (/No joinbysnapshot operation is in progress/.test(stdout)) return;
    const elapsed = Date.now() - started;
    if (elapsed - lastReport >= 2_000) {
      detail(`${node.name}: importing the snapshot (${(elapsed / 1000).toFixed(1)} s)`);
      lastReport = elapsed;
    }
    if (elapsed > 300_000) throw new Error(`${node.name} is still importing the snapshot after 5 minutes`);
    await sleep(250);
  }
}

/** Waits until the node is level with the organisation's first peer (which keeps moving), showing progress. */
async function catchUp({ topology, paths, procs }: Network, node: PeerNode): Promise<number> {
  const first = peerNode(paths, node.org);
  const started = Date.now();
  let lastReport = 0;
  for (;;) {
    const [mine, theirs] = await Promise.all([
      chainInfo(topology, paths, node),
      chainInfo(topology, paths, first),
    ]);
    if (mine.height >= theirs.height) return mine.height;
    const elapsed = Date.now() - started;
    if (elapsed - lastReport >= 2_000) {
      detail(
        `${node.name} at height ${mine.height}, ${first.name} at ${theirs.height} (${(elapsed / 1000).toFixed(1)} s)`,
      );
      lastReport = elapsed;
    }
    if (elapsed > 180_000)
      throw new Error(
        `${node.name} did not catch up with ${first.name} in 3 minutes\n${procs.tail(node.name, 15)}`,
      );
    await sleep(300);
  }
}

/** Installs the organisation's current package (the one its chaincode server runs) on the node. */
export async function installOrgPackage(
  topology: Topology,
  paths: NetworkPaths,
  node: PeerNode,
): Promise<void> {
  const packageId = readDeployed(paths)?.packages[node.org.name];
  if (!packageId)
    throw new Error(`no chaincode is deployed for ${node.org.name} yet: run npm run network:up`);
  const label = packageId.slice(0, packageId.indexOf(':'));
  const file = path.join(paths.orgChaincode(node.org), `${label}.tgz`);
  if (!existsSync(file)) throw new Error(`${node.org.name}'s chaincode package ${file} is missing`);
  const env = peerNodeCliEnv(topology, paths, node);
  const { stdout } = await run(
    paths.binary('peer'),
    ['lifecycle', 'chaincode', 'queryinstalled', '-O', 'json'],
    {
      env,
    },
  );
  const installed = (JSON.parse(stdout || '{}') as { installed_chaincodes?: { package_id: string }[] })
    .installed_chaincodes;
  if (installed?.some((c) => c.package_id === packageId)) return;
  try {
    await run(paths.binary('peer'), ['lifecycle', 'chaincode', 'install', file], { env, timeoutMs: 300_000 });
  } catch (error) {
    if (!(error instanceof CommandError && error.output.includes('already successfully installed')))
      throw error;
  }
  detail(`installed ${node.org.name}'s package on ${node.name} (${packageId.slice(0, 48)}…)`);
}

/** The node answers a read through its own chaincode connection. */
async function waitChaincode({ topology, paths, procs }: Network, node: PeerNode): Promise<void> {
  await waitPeerRunsChaincode(topology, paths, node.name, peerNodeCliEnv(topology, paths, node), () =>
    procs.tail(node.name, 15),
  );
}

/**
 * A Fabric Gateway connection signed by `username` of the node's organisation (a folder under its
 * users/, e.g. `admin` or a demo user), through this very peer.
 */
export function connectThrough(
  topology: Topology,
  paths: NetworkPaths,
  node: PeerNode,
  username: string,
): UserConnection {
  const client = new grpc.Client(
    node.address,
    grpc.credentials.createSsl(readFileSync(paths.org(node.org).caCert)),
    // Certificates name localhost as well as the host; naming a host avoids Node's IP-as-SNI warning.
    { 'grpc.ssl_target_name_override': 'localhost' },
  );
  return connectWithClient(client, node.org.mspId, path.join(paths.org(node.org).user(username), 'msp'));
}

/**
 * The new peer's gateway can collect an endorsement from every organisation: its discovery has learnt,
 * through gossip, every other organisation's peer and that they run the chaincode (a few seconds after
 * it joins). A read-only proposal is endorsed, never submitted, so nothing is written.
 */
async function waitEndorsementPlan({ topology, paths, procs }: Network, node: PeerNode): Promise<void> {
  const conn = connectThrough(topology, paths, node, 'admin');
  try {
    const contract = conn.gateway.getNetwork(topology.channel).getContract(topology.chaincode.name);
    const everyone = topology.organisations.map((o) => o.mspId);
    await waitFor(
      `${node.name} to find every organisation's endorser through discovery`,
      async () => {
        await contract.newProposal('policy:Get', { endorsingOrganizations: everyone }).endorse();
        return true;
      },
      { timeoutMs: 120_000, intervalMs: 500, diagnose: () => procs.tail(node.name, 15) },
    );
  } finally {
    conn.close();
  }
}

/** Stops an added peer by its recorded pid and removes its ledger, identity folder and record. */
export async function removePeer({ paths, procs }: Network, org: Organisation, index = 1): Promise<boolean> {
  const node = peerNode(paths, org, index);
  const recorded = readAddedPeers(paths, org);
  const known = recorded.some((r) => r.index === index) || existsSync(node.data) || existsSync(node.dir);
  if (await procs.stop(node.name)) detail(`stopped ${node.name}`);
  rmSync(node.data, { recursive: true, force: true });
  rmSync(node.dir, { recursive: true, force: true });
  if (recorded.length > 0)
    writeAddedPeers(
      paths,
      org,
      recorded.filter((r) => r.index !== index),
    );
  if (known) detail(`removed ${node.name} (${node.data})`);
  return known;
}

/**
 * Restarts every recorded added peer that is not running (after `network:up`) and makes sure it has
 * its organisation's current chaincode package (a redeploy installs new packages on first peers only).
 */
export async function ensureAddedPeers(network: Network): Promise<void> {
  const { topology, paths, procs } = network;
  const nodes = addedPeerNodes(network);
  if (nodes.length === 0) return;
  step(`Added peers: ${nodes.map((n) => n.name).join(', ')}`);
  for (const node of nodes) startPeerNode(topology, paths, procs, node);
  for (const node of nodes) {
    await waitHealthy(paths, procs, node.name, node.org, node.ports.operationsPort);
    await installOrgPackage(topology, paths, node);
  }
}

/** Rows for `network:status`: each added peer, its address, whether it runs, and its height. */
export async function addedPeerStatus(network: Network): Promise<string[]> {
  const { topology, paths, procs } = network;
  const rows: string[] = [];
  for (const node of addedPeerNodes(network)) {
    const pid = procs.alivePid(node.name);
    let height = '-';
    if (pid !== undefined) {
      try {
        height = String((await chainInfo(topology, paths, node)).height);
      } catch {
        height = '?';
      }
    }
    rows.push(
      `${node.name}  ${node.address}  ${pid === undefined ? 'stopped' : `running (pid ${pid})`}  height ${height}`,
    );
  }
  return rows;
}
