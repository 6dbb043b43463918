/**
 * The network's definition, read from network/topology.json (the one place that names organisations,
 * ports and folders) and validated once. Everything else derives from it.
 *
 * A few settings can be overridden per run, so the same file drives every setup:
 * - `NETWORK_ORDERING` (`raft` | `bft`): the ordering service;
 * - `NETWORK_STATE_DIR`: another state folder (a second, independent network);
 * - `NETWORK_PORT_OFFSET`: added to every port, so a second network can run beside the first;
 * - hosts: `network:up -- --hosts` records one address per organisation (its own network namespace)
 *   in `<state>/hosts.json`, and every later command reads it from there.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Repository root: scripts/lib/ is two levels below it. */
export const ROOT = path.resolve(__dirname, '..', '..');

const port = z.number().int().min(1024).max(65535);
const goModule = z.object({
  module: z.string().min(1),
  version: z.string().min(1),
  commands: z.array(z.string().min(1)).min(1),
});
const fabricSpec = goModule.extend({
  release: z.string().regex(/^\d+\.\d+\.\d+$/),
  commit: z.string().regex(/^[0-9a-f]{40}$/),
  archive: z.object({ path: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
});
const ordering = z.enum(['raft', 'bft']);
const ipv4 = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}$/);

const organisationSchema = z.object({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/),
  mspId: z.string().regex(/^[A-Za-z][A-Za-z0-9]*MSP$/),
  kind: z.enum(['agency', 'oversight', 'suppliers']),
  /** Where everything this organisation runs listens; defaults to the top-level host. */
  host: z.string().min(1).optional(),
  ca: z.object({ port, operationsPort: port }),
  peer: z.object({ port, chaincodePort: port, operationsPort: port }),
  /** The organisation's own chaincode-as-a-service process, which only its own peer dials. */
  chaincodeServer: z.object({ port }),
  /** `bftOnly`: this ordering node joins only a BFT ordering service (BFT wants 3f+1 = 4 nodes). */
  orderer: z
    .object({ port, adminPort: port, operationsPort: port, bftOnly: z.boolean().optional() })
    .optional(),
});

const topologySchema = z.object({
  fabric: fabricSpec,
  fabricCa: goModule,
  binDir: z.string().min(1),
  stateDir: z.string().min(1),
  ordering,
  host: z.string().min(1),
  namespaces: z.object({
    bridge: z.string().regex(/^[a-z][a-z0-9]{1,14}$/),
    subnet: z.string().regex(/^\d{1,3}(\.\d{1,3}){2}\.0\/24$/),
    prefix: z.string().regex(/^[a-z][a-z0-9-]{0,8}$/),
  }),
  channel: z.string().regex(/^[a-z][a-z0-9.-]*$/),
  chaincode: z.object({
    name: z.string().min(1),
    version: z.string().min(1),
    endorsementPolicy: z.string().min(1),
  }),
  gateway: z.object({ port }),
  organisations: z.array(organisationSchema).min(1),
});

type RawOrganisation = z.infer<typeof organisationSchema>;
/** An organisation with its host resolved. */
export type Organisation = RawOrganisation & { host: string };
export type Topology = Omit<z.infer<typeof topologySchema>, 'organisations'> & {
  organisations: Organisation[];
  /** Set when the organisations run in their own network namespaces (`network:up -- --hosts`). */
  hostsMode?: HostsFile;
};
/** An organisation that runs an ordering node. */
export type OrdererOrganisation = Organisation & { orderer: NonNullable<Organisation['orderer']> };

/** `<state>/hosts.json`: each organisation's namespace and address, written by `network:up -- --hosts`. */
export const hostsFileSchema = z.object({
  bridge: z.string(),
  bridgeAddress: ipv4,
  organisations: z.record(z.string(), z.object({ namespace: z.string(), address: ipv4 })),
});
export type HostsFile = z.infer<typeof hostsFileSchema>;

export function hostsFilePath(stateDir: string): string {
  return path.join(path.resolve(ROOT, stateDir), 'hosts.json');
}

/** Reads and validates the topology; a broken file fails here, with the offending field named. */
export function loadTopology(
  file = path.join(ROOT, 'network', 'topology.json'),
  env: NodeJS.ProcessEnv = process.env,
): Topology {
  const parsed = topologySchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`network/topology.json is invalid: ${issues}`);
  }
  const topology = applyOverrides(parsed.data, env);
  assertUniquePorts(topology);
  if (ordererOrganisations(topology).length === 0)
    throw new Error('topology: no organisation runs an orderer');
  return topology;
}

function applyOverrides(data: z.infer<typeof topologySchema>, env: NodeJS.ProcessEnv): Topology {
  const offset = portOffset(env);
  const stateDir = env.NETWORK_STATE_DIR || data.stateDir;
  const hostsMode = readHostsFile(stateDir);
  const shift = <T extends object>(ports: T): T =>
    Object.fromEntries(
      Object.entries(ports).map(([k, v]) => [k, typeof v === 'number' ? v + offset : v]),
    ) as T;
  return {
    ...data,
    stateDir,
    ordering: orderingOf(env) ?? data.ordering,
    gateway: shift(data.gateway),
    hostsMode,
    organisations: data.organisations.map((org) => ({
      ...org,
      host: hostsMode?.organisations[org.name]?.address ?? org.host ?? data.host,
      ca: shift(org.ca),
      peer: shift(org.peer),
      chaincodeServer: shift(org.chaincodeServer),
      ...(org.orderer ? { orderer: shift(org.orderer) } : {}),
    })),
  };
}

/** `NETWORK_ORDERING`, if set. */
function orderingOf(env: NodeJS.ProcessEnv): Topology['ordering'] | undefined {
  const value = env.NETWORK_ORDERING;
  if (value === undefined || value === '') return undefined;
  const parsed = ordering.safeParse(value);
  if (!parsed.success) throw new Error(`NETWORK_ORDERING must be "raft" or "bft", not "${value}"`);
  return parsed.data;
}

/** `NETWORK_PORT_OFFSET`, or 0. */
function portOffset(env: NodeJS.ProcessEnv): number {
  const offset = env.NETWORK_PORT_OFFSET ? Number(env.NETWORK_PORT_OFFSET) : 0;
  if (!Number.isInteger(offset) || offset < 0 || offset > 20_000)
    throw new Error(
      `NETWORK_PORT_OFFSET must be an integer 0..20000, not "${env.NETWORK_PORT_OFFSET ?? ''}"`,
    );
  return offset;
}

function readHostsFile(stateDir: string): HostsFile | undefined {
  const file = hostsFilePath(stateDir);
  return existsSync(file) ? hostsFileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))) : undefined;
}

/** The organisations whose ordering nodes take part in the topology's ordering service. */
export function ordererOrganisations(topology: Topology): OrdererOrganisation[] {
  return topology.organisations.filter(
    (o): o is OrdererOrganisation =>
      o.orderer !== undefined && (topology.ordering === 'bft' || o.orderer.bftOnly !== true),
  );
}

/** Every port in the topology, with who owns it (for clash checks and the README table). */
export function portTable(topology: Topology): { owner: string; port: number; host: string }[] {
  const rows: { owner: string; port: number; host: string }[] = [];
  for (const org of topology.organisations) {
    const add = (owner: string, p: number): void => {
      rows.push({ owner, port: p, host: org.host });
    };
    add(`ca.${org.name}`, org.ca.port);
    add(`ca.${org.name} ops`, org.ca.operationsPort);
    add(`peer.${org.name}`, org.peer.port);
    add(`peer.${org.name} chaincode`, org.peer.chaincodePort);
    add(`peer.${org.name} ops`, org.peer.operationsPort);
    add(`chaincode.${org.name}`, org.chaincodeServer.port);
    if (org.orderer) {
      add(`orderer.${org.name}`, org.orderer.port);
      add(`orderer.${org.name} admin`, org.orderer.adminPort);
      add(`orderer.${org.name} ops`, org.orderer.operationsPort);
    }
  }
  rows.push({ owner: 'gateway (HTTP)', port: topology.gateway.port, host: topology.host });
  return rows;
}

function assertUniquePorts(topology: Topology): void {
  const seen = new Map<string, string>();
  for (const { owner, port: p, host } of portTable(topology)) {
    // Separate hosts may reuse a port; the shipped topology keeps them unique so it runs on one host.
    const key = `${host}:${p}`;
    const other = seen.get(key);
    if (other !== undefined) throw new Error(`topology: port ${p} is used by both ${other} and ${owner}`);
    seen.set(key, owner);
  }
}

/** The network namespace an organisation's processes run in, when the network runs in hosts mode. */
export function namespaceOf(topology: Topology, org: Organisation): string | undefined {
  return topology.hostsMode?.organisations[org.name]?.namespace;
}

/** The ports of one peer: where it listens for clients and peers, for its chaincode, and for operations. */
export type PeerPorts = Organisation['peer'];

/**
 * How far an organisation's added peers sit from its first peer: peer N listens on the first peer's
 * ports + N × this step (Health's peer1: 8061, 8062, 8063). A step of 10 keeps every added port clear
 * of the ports the topology assigns (each organisation's block ends at x058) and of the port offsets
 * the test suites use (multiples of 100), so an added peer of one network never lands on a port of
 * another network run beside it.
 */
export const ADDED_PEER_PORT_STEP = 10;
/** The most added peers one organisation may have (the port step leaves room for this many). */
export const MAX_ADDED_PEERS = 3;

/** The ports of an organisation's peer number `index` (1 = its second peer), derived from its first. */
export function addedPeerPorts(org: Organisation, index: number): PeerPorts {
  if (!Number.isInteger(index) || index < 1 || index > MAX_ADDED_PEERS)
    throw new Error(`an added peer's index must be 1..${MAX_ADDED_PEERS}, not ${index}`);
  const shift = index * ADDED_PEER_PORT_STEP;
  return {
    port: org.peer.port + shift,
    chaincodePort: org.peer.chaincodePort + shift,
    operationsPort: org.peer.operationsPort + shift,
  };
}

/** Refuses ports that another component of the topology (on the same host) already owns. */
export function assertPortsUnclaimed(
  topology: Topology,
  host: string,
  owner: string,
  ports: PeerPorts,
): void {
  const claimed = portTable(topology).filter((row) => row.host === host);
  for (const p of Object.values(ports)) {
    const other = claimed.find((row) => row.port === p);
    if (other !== undefined)
      throw new Error(`${owner} would listen on ${host}:${p}, which the topology gives to ${other.owner}`);
  }
}
