/**
 * Ledger snapshots with Fabric's own snapshot feature: the organisation's admin asks its first peer for
 * a snapshot of the channel at the last committed block (`peer snapshot submitrequest -b 0`), waits
 * until the peer has no pending request left, and finds the result under the peer's
 * `CORE_LEDGER_SNAPSHOTS_ROOTDIR/completed/<channel>/<last block number>`. A snapshot holds the world
 * state, the private-data hashes, the transaction ids and the collection-config history at that block,
 * not the blocks: a peer joined from it (`peer channel joinbysnapshot`) starts at that height.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { detail } from './log';
import type { Network } from './network';
import { peerCliEnv, peerNode, peerNodeCliEnv, type PeerNode } from './nodes';
import { type NetworkPaths, privatiseState } from './paths';
import { run, sleep } from './proc';
import type { Organisation, Topology } from './topology';

/** A completed snapshot, as its signable metadata file describes it. */
export interface Snapshot {
  /** The snapshot's folder (what `peer channel joinbysnapshot --snapshotpath` takes). */
  dir: string;
  channel: string;
  /** The last block the snapshot covers; a peer joined from it has height `blockNumber + 1`. */
  blockNumber: number;
  height: number;
  /** Hex hash of that block. */
  lastBlockHash: string;
}

/** The file Fabric writes into every completed snapshot, naming its channel, block and hashes. */
export const SNAPSHOT_METADATA_FILE = '_snapshot_signable_metadata.json';

/** Reads a snapshot folder's metadata; refuses a folder that is not a completed Fabric snapshot. */
export function readSnapshot(dir: string): Snapshot {
  const file = path.join(dir, SNAPSHOT_METADATA_FILE);
  if (!existsSync(file))
    throw new Error(`${dir} is not a completed ledger snapshot (it has no ${SNAPSHOT_METADATA_FILE})`);
  const meta = JSON.parse(readFileSync(file, 'utf8')) as {
    channel_name?: unknown;
    last_block_number?: unknown;
    last_block_hash?: unknown;
  };
  if (
    typeof meta.channel_name !== 'string' ||
    typeof meta.last_block_number !== 'number' ||
    typeof meta.last_block_hash !== 'string'
  )
    throw new Error(
      `${file} does not describe a snapshot (channel_name, last_block_number, last_block_hash)`,
    );
  return {
    dir,
    channel: meta.channel_name,
    blockNumber: meta.last_block_number,
    height: meta.last_block_number + 1,
    lastBlockHash: meta.last_block_hash,
  };
}

/** The completed snapshots of the channel on the organisation's first peer, oldest first. */
export function completedSnapshots(topology: Topology, paths: NetworkPaths, org: Organisation): Snapshot[] {
  const dir = path.join(paths.snapshots(org), 'completed', topology.channel);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /^\d+$/.test(name) && existsSync(path.join(dir, name, SNAPSHOT_METADATA_FILE)))
    .map((name) => readSnapshot(path.join(dir, name)))
    .sort((a, b) => a.blockNumber - b.blockNumber);
}

/** Height and current block hash (base64, as the peer prints it) of the channel on one peer. */
export interface ChainInfo {
  height: number;
  currentBlockHash: string;
}

/** `peer channel getinfo` on one peer of an organisation, as its admin. */
export async function chainInfo(topology: Topology, paths: NetworkPaths, node: PeerNode): Promise<ChainInfo> {
  const { stdout } = await run(paths.binary('peer'), ['channel', 'getinfo', '-c', topology.channel], {
    env: peerNodeCliEnv(topology, paths, node),
    timeoutMs: 15_000,
  });
  const info = JSON.parse(stdout.slice(stdout.indexOf('{'))) as Partial<ChainInfo>;
  if (typeof info.height !== 'number' || typeof info.currentBlockHash !== 'string')
    throw new Error(`${node.name} answered getinfo without a height and block hash: ${stdout.trim()}`);
  return { height: info.height, currentBlockHash: info.currentBlockHash };
}

/** The block numbers of the snapshot requests a peer still has pending (`peer snapshot listpending`). */
export function parsePending(stdout: string): number[] {
  const match = /pending snapshot requests:\s*\[([\d\s]*)\]/.exec(stdout);
  if (!match) throw new Error(`unexpected answer from 'peer snapshot listpending': ${stdout.trim()}`);
  return (match[1] ?? '')
    .trim()
    .split(/\s+/)
    .filter((s) => s !== '')
    .map(Number);
}

export interface SnapshotOptions {
  /** How long to wait for the peer to finish (default 5 minutes). */
  timeoutMs?: number;
}

export interface TakenSnapshot extends Snapshot {
  /** Wall time from the request to the completed snapshot. */
  ms: number;
  /** True when a snapshot of the current block already existed, so none was requested. */
  reused: boolean;
}

/**
 * Takes a snapshot of the channel at the last committed block on the organisation's first peer, as
 * its admin, and waits until it is complete. If a snapshot of that very block already exists, it is
 * returned instead (Fabric would fail to write a second one into the same folder).
 */
export async function takeSnapshot(
  { topology, paths, procs }: Network,
  org: Organisation,
  options: SnapshotOptions = {},
): Promise<TakenSnapshot> {
  const node = peerNode(paths, org);
  if (procs.alivePid(node.name) === undefined)
    throw new Error(`${node.name} is not running: start the network first (npm run network:up)`);
  const started = Date.now();
  const before = await chainInfo(topology, paths, node);
  const existing = completedSnapshots(topology, paths, org).find((s) => s.height === before.height);
  if (existing) return { ...existing, ms: Date.now() - started, reused: true };

  const env = peerCliEnv(topology, paths, org);
  const target = [
    '-c',
    topology.channel,
    '--peerAddress',
    node.address,
    '--tlsRootCertFile',
    paths.org(org).caCert,
  ];
  await run(paths.binary('peer'), ['snapshot', 'submitrequest', ...target, '-b', '0'], { env });
  detail(`snapshot requested on ${node.name} at height ${before.height} (block ${before.height - 1})`);

  const deadline = started + (options.timeoutMs ?? 300_000);
  let lastReport = 0;
  for (;;) {
    const { stdout } = await run(paths.binary('peer'), ['snapshot', 'listpending', ...target], { env });
    const pending = parsePending(stdout);
    if (pending.length === 0) break;
    const elapsed = Date.now() - started;
    if (elapsed - lastReport >= 2_000) {
      detail(
        `waiting for ${node.name}: pending snapshot of block ${pending.join(', ')} (${(elapsed / 1000).toFixed(1)} s)`,
      );
      lastReport = elapsed;
    }
    if (Date.now() > deadline)
      throw new Error(
        `${node.name} still has pending snapshot requests ${pending.join(', ')}; log: ${procs.logFile(node.name)}`,
      );
    await sleep(250);
  }
  // Fabric writes snapshots world-readable (0755 folders, 0444 files): the state stays private.
  privatiseState(paths.snapshots(org));
  const done = completedSnapshots(topology, paths, org).filter((s) => s.height >= before.height);
  const newest = done[done.length - 1];
  if (!newest)
    throw new Error(
      `${node.name} finished no snapshot at height ≥ ${before.height} (is ${paths.snapshots(org)} writable?)\n` +
        procs.tail(node.name, 15),
    );
  return { ...newest, ms: Date.now() - started, reused: false };
}
