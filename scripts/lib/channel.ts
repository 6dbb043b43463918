/**
 * The `procurement` channel, without a system channel: configtxgen writes the genesis block, each
 * orderer joins through its admin endpoint (osnadmin), then each peer joins as its organisation's admin.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { detail } from './log';
import { peerCliEnv, writeConfigtx } from './nodes';
import type { NetworkPaths } from './paths';
import { CommandError, type ProcessRegistry, run } from './proc';
import { ordererOrganisations, type Organisation, type OrdererOrganisation, type Topology } from './topology';
import { operationsGet, osnadminTlsArgs } from './operations';
import { waitFor } from './wait';

export async function ensureChannel(
  topology: Topology,
  paths: NetworkPaths,
  procs: ProcessRegistry,
): Promise<void> {
  await ensureGenesisBlock(topology, paths);
  for (const org of ordererOrganisations(topology)) await joinOrderer(topology, paths, org);
  await waitForOrderingLeader(topology, paths, procs);
  for (const org of topology.organisations) await joinPeer(topology, paths, org);
}

async function ensureGenesisBlock(topology: Topology, paths: NetworkPaths): Promise<void> {
  const configDir = writeConfigtx(topology, paths);
  mkdirSync(path.dirname(paths.channelBlock), { recursive: true });
  // The block is made once: orderers that rejoin after a wipe of one node must see the same genesis.
  if (existsSync(paths.channelBlock)) return;
  await run(paths.binary('configtxgen'), [
    '-configPath',
    configDir,
    '-profile',
    'ProcurementChannel',
    '-channelID',
    topology.channel,
    '-outputBlock',
    paths.channelBlock,
  ]);
  detail(`genesis block of '${topology.channel}' written`);
}

interface ChannelListEntry {
  name: string;
  status?: string;
  consensusRelation?: string;
  height?: number;
}

async function ordererChannels(topology: Topology, paths: NetworkPaths, org: OrdererOrganisation) {
  const { stdout } = await run(paths.binary('osnadmin'), [
    'channel',
    'list',
    '-o',
    `${org.host}:${org.orderer.adminPort}`,
    ...osnadminTlsArgs(paths, org),
  ]);
  // osnadmin prints "Status: 200" and then the JSON body.
  const json = stdout.slice(stdout.indexOf('{'));
  const body = JSON.parse(json) as { channels?: ChannelListEntry[] | null };
  return body.channels ?? [];
}

async function joinOrderer(topology: Topology, paths: NetworkPaths, org: OrdererOrganisation): Promise<void> {
  const channels = await ordererChannels(topology, paths, org);
  if (channels.some((c) => c.name === topology.channel)) return;
  await run(paths.binary('osnadmin'), [
    'channel',
    'join',
    '--channelID',
    topology.channel,
    '--config-block',
    paths.channelBlock,
    '-o',
    `${org.host}:${org.orderer.adminPort}`,
    ...osnadminTlsArgs(paths, org),
  ]);
  detail(`orderer.${org.name} joined '${topology.channel}'`);
}

/** The ordering node that leads consensus on the channel now (Raft leader or BFT leader), if any. */
export async function orderingLeader(
  topology: Topology,
  paths: NetworkPaths,
): Promise<OrdererOrganisation | undefined> {
  const metric = topology.ordering === 'bft' ? 'consensus_BFT_is_leader' : 'consensus_etcdraft_is_leader';
  const leader = new RegExp(`${metric}\\{channel="${topology.channel}"\\} 1`);
  for (const org of ordererOrganisations(topology)) {
    try {
      const res = await operationsGet(paths, org, org.orderer.operationsPort, '/metrics');
      if (leader.test(res.body)) return org;
    } catch {
      // a node that does not answer is not the leader
    }
  }
  return undefined;
}

/** Consensus must have a leader before the channel can order anything. */
async function waitForOrderingLeader(
  topology: Topology,
  paths: NetworkPaths,
  procs: ProcessRegistry,
): Promise<void> {
  const orderers = ordererOrganisations(topology);
  await waitFor(
    `a ${topology.ordering === 'bft' ? 'SmartBFT' : 'Raft'} leader on '${topology.channel}'`,
    async () => (await orderingLeader(topology, paths)) !== undefined,
    { timeoutMs: 90_000, diagnose: () => orderers.map((o) => procs.tail(`orderer.${o.name}`, 8)).join('\n') },
  );
}

async function joinPeer(topology: Topology, paths: NetworkPaths, org: Organisation): Promise<void> {
  const env = peerCliEnv(topology, paths, org);
  const { stdout } = await run(paths.binary('peer'), ['channel', 'list'], { env });
  if (stdout.split('\n').some((line) => line.trim() === topology.channel)) return;
  try {
    await run(paths.binary('peer'), ['channel', 'join', '-b', paths.channelBlock], { env });
  } catch (error) {
    if (!(error instanceof CommandError && error.output.includes('already exists'))) throw error;
  }
  detail(`peer.${org.name} joined '${topology.channel}'`);
}

/** Block height of the channel on one peer (for `network:status`), or undefined if it cannot say. */
export async function peerHeight(
  topology: Topology,
  paths: NetworkPaths,
  org: Organisation,
): Promise<number | undefined> {
  try {
    const { stdout } = await run(paths.binary('peer'), ['channel', 'getinfo', '-c', topology.channel], {
      env: peerCliEnv(topology, paths, org),
      timeoutMs: 10_000,
    });
    const json = stdout.slice(stdout.indexOf('{'));
    return (JSON.parse(json) as { height?: number }).height;
  } catch {
    return undefined;
  }
}
