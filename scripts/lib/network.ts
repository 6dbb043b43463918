/**
 * The network's lifecycle: up (idempotent; also restarts an existing network after a reboot), down
 * (only the recorded pids; optionally wiping the state folder), status and logs.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureBinaries, fabricRuntimeVersion } from './binaries';
import { ensureChannel, peerHeight } from './channel';
import { readHosts, recordHosts, setUpHosts, tearDownHosts, planHosts } from './hosts';
import { chaincodeAddress, chaincodeProcess, ensureChaincode } from './chaincode';
import { connectAs } from './fabric-client';
import { type DemoUser, ensureCa, ensureOrgCrypto, ensureReaderIdentity, loadDemoUsers } from './identities';
import { detail, step } from './log';
import { startOrderer, startPeer, waitHealthy, writeNodeConfig } from './nodes';
import { NetworkPaths, privatiseState } from './paths';
import { ProcessRegistry } from './proc';
import { writeConnectionProfile } from './profile';
import { loadTopology, ordererOrganisations, type Organisation, type Topology } from './topology';
import {
  ensureOpenerIdentity,
  ensureOpenerProcess,
  ensureOpeningKey,
  openerProcess,
  registerOpeningKey,
} from './openers';
import { waitFor } from './wait';

export interface Network {
  topology: Topology;
  paths: NetworkPaths;
  procs: ProcessRegistry;
}

export function openNetwork(): Network {
  const topology = loadTopology();
  const paths = new NetworkPaths(topology);
  return { topology, paths, procs: new ProcessRegistry(paths.pids, paths.logs) };
}

export interface UpOptions {
  /** Run each organisation on its own host (a network namespace); recorded for this state folder. */
  hosts?: boolean;
  /**
   * Development mode (default): register the demo users of network/demo-users.json, whose passwords are
   * published. `network:up -- --no-demo-users` leaves them out; the gateway then may serve other hosts.
   */
  demoUsers?: boolean;
}

export async function up(given: Network = openNetwork(), options: UpOptions = {}): Promise<Network> {
  const started = Date.now();
  step('Fabric binaries');
  await ensureBinaries(given.topology, given.paths);
  detail(`Fabric ${await fabricRuntimeVersion(given.paths)}, ${given.topology.ordering} ordering`);
  assertStateMatches(given);
  const net = await ensureHosts(given, options);
  const { topology, paths, procs } = net;
  writeNodeConfig(paths);

  step('Certificate authorities and identities');
  const users = demoUsersFor(options);
  for (const org of topology.organisations) await ensureCa(topology, paths, procs, org);
  for (const org of topology.organisations) await ensureOrgCrypto(topology, paths, org, users);
  for (const org of topology.organisations) {
    await ensureOpenerIdentity(topology, paths, org);
    ensureOpeningKey(paths, org);
  }
  await ensureReaderIdentity(topology, paths);

  step('Orderers and peers');
  await startNodes(net);

  step(`Channel '${topology.channel}'`);
  await ensureChannel(topology, paths, procs);

  step(`Chaincode '${topology.chaincode.name}'`);
  // The openers poll the chaincode; while a new version is deployed their queries would pile up on
  // peers waiting for a chaincode server that has just been replaced. They start again below.
  for (const org of topology.organisations) await procs.stop(openerProcess(org));
  await ensureChaincode(topology, paths, procs);
  await waitForEndorsementPlans(net);
  writeConnectionProfile(topology, paths);
  if (users.length > 0) await seedDemoVendors(net);

  step('Openers: opening keys on the ledger, one opener duty per organisation');
  for (const org of topology.organisations) await registerOpeningKey(topology, paths, org);
  privatiseState(paths.state);
  for (const org of topology.organisations) ensureOpenerProcess(topology, paths, procs, org);
  detail(`network up in ${Math.round((Date.now() - started) / 1000)} s`);
  return net;
}

/** The demo users to register: all of network/demo-users.json in development mode, none otherwise. */
function demoUsersFor(options: UpOptions): DemoUser[] {
  if (options.demoUsers !== false) return loadDemoUsers();
  detail('no demo users (production mode): onboard real users through the registrar');
  return [];
}

/** Hosts mode: (re)creates the namespaces, recording them the first time; returns the network to use. */
async function ensureHosts(net: Network, options: UpOptions): Promise<Network> {
  if (!options.hosts && !net.topology.hostsMode) return net;
  step('Hosts: one network namespace per organisation');
  const plan = await setUpHosts(net.topology, net.topology.hostsMode ?? planHosts(net.topology));
  if (net.topology.hostsMode) return net;
  recordHosts(net.topology.stateDir, plan);
  return openNetwork();
}

/** Starts every orderer and peer that is not running, and waits until each reports healthy. */
async function startNodes({ topology, paths, procs }: Network): Promise<void> {
  for (const org of ordererOrganisations(topology)) startOrderer(topology, paths, procs, org);
  for (const org of topology.organisations) startPeer(topology, paths, procs, org);
  for (const org of ordererOrganisations(topology)) {
    await waitHealthy(paths, procs, `orderer.${org.name}`, org, org.orderer.operationsPort);
  }
  for (const org of topology.organisations) {
    await waitHealthy(paths, procs, `peer.${org.name}`, org, org.peer.operationsPort);
  }
}

/** What a state folder was created with: a ledger made by another release or ordering cannot be reused. */
interface StateStamp {
  fabric: string;
  ordering: string;
}

function assertStateMatches({ topology, paths }: Network): void {
  const file = path.join(paths.state, 'network.json');
  const wanted: StateStamp = { fabric: topology.fabric.release, ordering: topology.ordering };
  if (existsSync(file)) {
    chmodSync(paths.state, 0o700);
    const found = JSON.parse(readFileSync(file, 'utf8')) as StateStamp;
    if (found.fabric !== wanted.fabric || found.ordering !== wanted.ordering) {
      throw new Error(
        `${paths.state} holds a network made with Fabric ${found.fabric} and ${found.ordering} ordering, ` +
          `but the topology now asks for Fabric ${wanted.fabric} and ${wanted.ordering} ordering. ` +
          'Start afresh with `npm run network:down -- --clean` (this wipes the ledger), or use another NETWORK_STATE_DIR.',
      );
    }
    return;
  }
  if (existsSync(paths.channelBlock)) {
    throw new Error(
      `${paths.state} holds a network made before Fabric ${wanted.fabric}. Start afresh with \`npm run network:down -- --clean\`.`,
    );
  }
  mkdirSync(paths.state, { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(wanted, null, 2), { mode: 0o600 });
}

/**
 * Discovery must know every organisation's peer, and that it runs the chaincode (through gossip, which
 * takes a few seconds after a start), before transactions can be endorsed across organisations. Each
 * organisation's admin endorses a read-only proposal through its own peer, asking every organisation
 * for an endorsement, until that works; the proposal is never submitted, so nothing is written.
 */
async function waitForEndorsementPlans({ topology, paths, procs }: Network): Promise<void> {
  const everyone = topology.organisations.map((o) => o.mspId);
  for (const org of topology.organisations) {
    const conn = connectAs(topology, paths, org, 'admin');
    try {
      const contract = conn.gateway.getNetwork(topology.channel).getContract(topology.chaincode.name);
      await waitFor(
        `peer.${org.name} to find every organisation's endorser for '${topology.chaincode.name}' through discovery`,
        async () => {
          await contract.newProposal('policy:Get', { endorsingOrganizations: everyone }).endorse();
          return true;
        },
        { timeoutMs: 120_000, intervalMs: 1_000, diagnose: () => procs.tail(`peer.${org.name}`, 15) },
      );
    } finally {
      conn.close();
    }
  }
}

/** Demo vendors are on the ledger's register, as if the registrar had onboarded them. */
async function seedDemoVendors({ topology, paths }: Network): Promise<void> {
  const suppliers = topology.organisations.find((o) => o.kind === 'suppliers');
  const registrar = loadDemoUsers().find((u) => u.role === 'registrar');
  if (!suppliers || !registrar) return;
  const conn = connectAs(topology, paths, suppliers, registrar.username);
  try {
    const contract = conn.gateway.getNetwork(topology.channel).getContract(topology.chaincode.name);
    for (const vendor of loadDemoUsers().filter((u) => u.role === 'vendor' && u.vendorId)) {
      const vendorId = vendor.vendorId ?? '';
      try {
        await contract.evaluateTransaction('vendor:Get', vendorId);
        continue; // already registered
      } catch {
        // not registered yet
      }
      await contract.submitTransaction(
        'vendor:Register',
        JSON.stringify({ vendorId, legalName: vendor.legalName ?? vendorId, username: vendor.username }),
      );
      detail(`vendor ${vendorId} registered on the ledger`);
    }
  } finally {
    conn.close();
  }
}

export interface DownOptions {
  /** Also wipe the state folder. */
  clean?: boolean;
  /** Leave a gateway served by `npm start` running (it reconnects once the network is back). */
  keepGateway?: boolean;
}

export async function down(net: Network = openNetwork(), options: DownOptions = {}): Promise<void> {
  const { procs, paths } = net;
  // Stop in reverse dependency order: chaincode and peers before orderers before CAs.
  const order = (name: string): number =>
    name === 'gateway' || name.startsWith('opener.')
      ? 0
      : name.startsWith('chaincode.')
        ? 1
        : name.startsWith('peer.')
          ? 2
          : name.startsWith('orderer.')
            ? 3
            : 4;
  const names = procs
    .names()
    .filter((name) => !(options.keepGateway && name === 'gateway'))
    .sort((a, b) => order(a) - order(b));
  for (const name of names) {
    if (await procs.stop(name)) detail(`stopped ${name}`);
  }
  const hosts = readHosts(net.topology.stateDir);
  if (hosts) await tearDownHosts(hosts);
  if (options.clean && existsSync(paths.state)) {
    rmSync(paths.state, { recursive: true, force: true });
    detail(`removed ${paths.state}`);
  }
}

export async function status(net: Network = openNetwork()): Promise<string> {
  const { topology, paths, procs } = net;
  const hosts = topology.hostsMode ? ', one host (network namespace) per organisation' : '';
  const header = `Fabric ${await fabricRuntimeVersion(paths)}, ${topology.ordering} ordering${hosts}`;
  const rows: string[][] = [['process', 'address', 'state', 'RSS MiB', `height(${topology.channel})`]];
  let totalKib = 0;
  const add = (name: string, address: string, height = ''): void => {
    const pid = procs.alivePid(name);
    const kib = pid === undefined ? 0 : residentKib(pid);
    totalKib += kib;
    const state = pid === undefined ? 'stopped' : `running (pid ${pid})`;
    rows.push([name, address, state, pid === undefined ? '' : (kib / 1024).toFixed(0), height]);
  };
  for (const org of topology.organisations) add(`ca.${org.name}`, `${org.host}:${org.ca.port}`);
  for (const org of ordererOrganisations(topology))
    add(`orderer.${org.name}`, `${org.host}:${org.orderer.port}`);
  for (const org of topology.organisations) {
    const name = `peer.${org.name}`;
    add(name, `${org.host}:${org.peer.port}`, await heightText(net, org, name));
  }
  for (const org of topology.organisations) add(chaincodeProcess(org), chaincodeAddress(org));
  for (const org of topology.organisations) add(openerProcess(org), `duty of ${org.mspId}`);
  add('gateway', `http://${topology.host}:${topology.gateway.port}`);
  rows.push(['total', '', '', (totalKib / 1024).toFixed(0), '']);
  return [header, ...alignColumns(rows)].join('\n');
}

/** A running peer's channel height, or '-'. */
async function heightText(
  { topology, paths, procs }: Network,
  org: Organisation,
  name: string,
): Promise<string> {
  if (procs.alivePid(name) === undefined) return '-';
  return String((await peerHeight(topology, paths, org)) ?? '-');
}

function alignColumns(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));
}

/** Resident set size of a process, from /proc (Linux). */
function residentKib(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}
