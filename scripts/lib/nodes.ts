/**
 * Peers and orderers as native processes: their configuration (Fabric's sampleconfig plus env
 * overrides), the channel's genesis configuration, and starting each node.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { NetworkPaths } from './paths';
import type { ProcessRegistry } from './proc';
import {
  addedPeerPorts,
  namespaceOf,
  ordererOrganisations,
  type Organisation,
  type OrdererOrganisation,
  type PeerPorts,
  type Topology,
} from './topology';
import { isHealthy, nodeOperationsEnv } from './operations';
import { waitFor } from './wait';

/** Peer config: sampleconfig's core.yaml with Docker switched off and our CCaaS builder in its place. */
export function writeNodeConfig(paths: NetworkPaths): void {
  const peerDir = path.join(paths.config, 'peer');
  const ordererDir = path.join(paths.config, 'orderer');
  mkdirSync(peerDir, { recursive: true });
  mkdirSync(ordererDir, { recursive: true });
  let core = readFileSync(path.join(paths.sampleConfig, 'core.yaml'), 'utf8');
  core = replaceOnce(core, /^(\s*)endpoint: unix:\/\/\/var\/run\/docker\.sock\s*$/m, '$1endpoint: ""');
  core = replaceOnce(
    core,
    /^(\s*)externalBuilders:\s*\n(?:\1\s+.*\n)+/m,
    `$1externalBuilders:\n$1  - name: ccaas\n$1    path: ${path.join(paths.builders, 'ccaas')}\n`,
  );
  writeFileSync(path.join(peerDir, 'core.yaml'), core);
  writeFileSync(
    path.join(ordererDir, 'orderer.yaml'),
    readFileSync(path.join(paths.sampleConfig, 'orderer.yaml')),
  );
}

function replaceOnce(text: string, pattern: RegExp, replacement: string): string {
  if (!pattern.test(text))
    throw new Error(`Fabric sampleconfig changed: pattern ${String(pattern)} not found`);
  return text.replace(pattern, replacement);
}

/** Environment shared by the peer process and the peer CLI acting as an organisation's admin. */
export function peerCliEnv(topology: Topology, paths: NetworkPaths, org: Organisation): NodeJS.ProcessEnv {
  const p = paths.org(org);
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    FABRIC_CFG_PATH: path.join(paths.config, 'peer'),
    FABRIC_LOGGING_SPEC: 'WARN',
    CORE_PEER_LOCALMSPID: org.mspId,
    CORE_PEER_MSPCONFIGPATH: path.join(p.admin, 'msp'),
    CORE_PEER_ADDRESS: `${org.host}:${org.peer.port}`,
    CORE_PEER_TLS_ENABLED: 'true',
    CORE_PEER_TLS_ROOTCERT_FILE: p.caCert,
  };
}

export function ordererEndpoint(topology: Topology, org: OrdererOrganisation): string {
  return `${org.host}:${org.orderer.port}`;
}

/**
 * One peer process of an organisation: its first peer (index 0, `peer.<Org>`, the one the topology
 * names) or a peer added later (`network:add-peer`: index 1.., `peer<N>.<Org>`, ports derived from the
 * first peer's by `addedPeerPorts`).
 */
export interface PeerNode {
  org: Organisation;
  index: number;
  /** Process name (its pid and log files are named after it). */
  name: string;
  /** CORE_PEER_ID, and the name its identity is registered under at the organisation's CA. */
  id: string;
  ports: PeerPorts;
  /** host:port where it serves clients and other peers. */
  address: string;
  /** Its `msp/` and `tls/` folders. */
  dir: string;
  /** Its ledger (CORE_PEER_FILESYSTEMPATH). */
  data: string;
  /** Where its gossip starts: the first peer bootstraps on itself, an added peer on the first peer. */
  gossipBootstrap: string;
}

/** The organisation's peer number `index`: 0 is the topology's peer, 1.. the added ones. */
export function peerNode(paths: NetworkPaths, org: Organisation, index = 0): PeerNode {
  const first = `${org.host}:${org.peer.port}`;
  if (index === 0) {
    const p = paths.org(org);
    return {
      org,
      index,
      name: `peer.${org.name}`,
      id: `peer0.${org.name.toLowerCase()}`,
      ports: org.peer,
      address: first,
      dir: p.peer,
      data: p.peerData,
      gossipBootstrap: first,
    };
  }
  const ports = addedPeerPorts(org, index);
  const added = paths.addedPeer(org, index);
  return {
    org,
    index,
    name: `peer${index}.${org.name}`,
    id: `peer${index}.${org.name.toLowerCase()}`,
    ports,
    address: `${org.host}:${ports.port}`,
    dir: added.node,
    data: added.data,
    gossipBootstrap: first,
  };
}

/** The peer CLI as the organisation's admin, talking to one given peer of it. */
export function peerNodeCliEnv(topology: Topology, paths: NetworkPaths, node: PeerNode): NodeJS.ProcessEnv {
  return { ...peerCliEnv(topology, paths, node.org), CORE_PEER_ADDRESS: node.address };
}

export function startPeer(
  topology: Topology,
  paths: NetworkPaths,
  procs: ProcessRegistry,
  org: Organisation,
): void {
  startPeerNode(topology, paths, procs, peerNode(paths, org));
}

/** Starts one peer of an organisation (unless its recorded process is alive). */
export function startPeerNode(
  topology: Topology,
  paths: NetworkPaths,
  procs: ProcessRegistry,
  node: PeerNode,
): void {
  if (procs.alivePid(node.name) !== undefined) return;
  procs.start({
    name: node.name,
    command: paths.binary('peer'),
    args: ['node', 'start'],
    namespace: namespaceOf(topology, node.org),
    env: peerNodeEnv(paths, node),
  });
}

/** The environment a peer process runs with: Fabric's sampleconfig, overridden for this node. */
export function peerNodeEnv(paths: NetworkPaths, node: PeerNode): NodeJS.ProcessEnv {
  const { org, address } = node;
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    FABRIC_CFG_PATH: path.join(paths.config, 'peer'),
    FABRIC_LOGGING_SPEC: 'INFO:gossip,msp,comm.grpc,discovery=WARN',
    CORE_PEER_ID: node.id,
    CORE_PEER_LISTENADDRESS: address,
    CORE_PEER_ADDRESS: address,
    CORE_PEER_CHAINCODELISTENADDRESS: `${org.host}:${node.ports.chaincodePort}`,
    CORE_PEER_CHAINCODEADDRESS: `${org.host}:${node.ports.chaincodePort}`,
    // Gossip: the first peer bootstraps on itself, an added peer on the first peer; each advertises an
    // endpoint so other organisations (and discovery, which the gateway uses to collect endorsements)
    // can see it.
    CORE_PEER_GOSSIP_BOOTSTRAP: node.gossipBootstrap,
    CORE_PEER_GOSSIP_EXTERNALENDPOINT: address,
    CORE_PEER_LOCALMSPID: org.mspId,
    CORE_PEER_MSPCONFIGPATH: path.join(node.dir, 'msp'),
    CORE_PEER_TLS_ENABLED: 'true',
    CORE_PEER_TLS_CERT_FILE: path.join(node.dir, 'tls', 'server.crt'),
    CORE_PEER_TLS_KEY_FILE: path.join(node.dir, 'tls', 'server.key'),
    CORE_PEER_TLS_ROOTCERT_FILE: path.join(node.dir, 'tls', 'ca.crt'),
    CORE_PEER_FILESYSTEMPATH: node.data,
    CORE_LEDGER_SNAPSHOTS_ROOTDIR: path.join(node.data, 'snapshots'),
    CORE_OPERATIONS_LISTENADDRESS: `${org.host}:${node.ports.operationsPort}`,
    // /healthz, /metrics and /logspec only for clients with a certificate from this organisation's CA.
    ...nodeOperationsEnv('CORE_OPERATIONS_TLS', path.join(node.dir, 'tls'), paths.org(org).caCert),
    CORE_METRICS_PROVIDER: 'prometheus',
    // A block whose private data no other peer can supply (a seal endorsed outside the Suppliers
    // collection, committed as invalid) must not hold up this peer for the 60 s default: commit it
    // after 5 s and let reconciliation fetch anything still missing later.
    CORE_PEER_GOSSIP_PVTDATA_PULLRETRYTHRESHOLD: '5s',
    // The 2.5 Node shim exits on a KEEPALIVE message: keep the peer from sending any.
    CORE_CHAINCODE_KEEPALIVE: '0',
    CORE_CHAINCODE_EXECUTETIMEOUT: '60s',
    ...peerProfileEnv(node),
  };
}

/**
 * With `PEER_PROFILE=1` in the scripts' environment, a peer serves Go's pprof endpoints (plain HTTP, for
 * profiling on one machine only) on its port + 9, e.g. `go tool pprof -top
 * http://127.0.0.1:7060/debug/pprof/profile?seconds=30` (docs/performance.md). Off otherwise.
 */
export function peerProfileEnv(node: PeerNode, env = process.env): Record<string, string> {
  if (env.PEER_PROFILE !== '1') return {};
  const port = Number(node.address.slice(node.address.lastIndexOf(':') + 1)) + 9;
  return {
    CORE_PEER_PROFILE_ENABLED: 'true',
    CORE_PEER_PROFILE_LISTENADDRESS: `${node.org.host}:${port}`,
  };
}

export function startOrderer(
  topology: Topology,
  paths: NetworkPaths,
  procs: ProcessRegistry,
  org: OrdererOrganisation,
): void {
  const name = `orderer.${org.name}`;
  if (procs.alivePid(name) !== undefined) return;
  const p = paths.org(org);
  const tls = path.join(p.orderer, 'tls');
  const allCas = ordererOrganisations(topology).map((o) => paths.org(o).caCert);
  procs.start({
    name,
    command: paths.binary('orderer'),
    args: [],
    namespace: namespaceOf(topology, org),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      FABRIC_CFG_PATH: path.join(paths.config, 'orderer'),
      FABRIC_LOGGING_SPEC: process.env.ORDERER_LOGGING_SPEC ?? 'INFO:comm.grpc,orderer.common.broadcast=WARN',
      ORDERER_GENERAL_LISTENADDRESS: org.host,
      ORDERER_GENERAL_LISTENPORT: String(org.orderer.port),
      ORDERER_GENERAL_LOCALMSPID: org.mspId,
      ORDERER_GENERAL_LOCALMSPDIR: path.join(p.orderer, 'msp'),
      ORDERER_GENERAL_TLS_ENABLED: 'true',
      ORDERER_GENERAL_TLS_CERTIFICATE: path.join(tls, 'server.crt'),
      ORDERER_GENERAL_TLS_PRIVATEKEY: path.join(tls, 'server.key'),
      ORDERER_GENERAL_TLS_ROOTCAS: `[${allCas.join(',')}]`,
      ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE: path.join(tls, 'server.crt'),
      ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY: path.join(tls, 'server.key'),
      ORDERER_GENERAL_CLUSTER_ROOTCAS: `[${allCas.join(',')}]`,
      // No system channel: channels are joined through the channel participation API.
      ORDERER_GENERAL_BOOTSTRAPMETHOD: 'none',
      ORDERER_CHANNELPARTICIPATION_ENABLED: 'true',
      // Channel participation (join, remove) and operations (/healthz, /metrics, /logspec) only for
      // clients with a certificate from this organisation's CA: mutual TLS on both endpoints.
      ORDERER_ADMIN_LISTENADDRESS: `${org.host}:${org.orderer.adminPort}`,
      ...nodeOperationsEnv('ORDERER_ADMIN_TLS', tls, p.caCert),
      ORDERER_OPERATIONS_LISTENADDRESS: `${org.host}:${org.orderer.operationsPort}`,
      ...nodeOperationsEnv('ORDERER_OPERATIONS_TLS', tls, p.caCert),
      ORDERER_METRICS_PROVIDER: 'prometheus',
      ORDERER_FILELEDGER_LOCATION: path.join(p.ordererData, 'ledger'),
      ORDERER_CONSENSUS_WALDIR: path.join(p.ordererData, topology.ordering, 'wal'),
      ORDERER_CONSENSUS_SNAPDIR: path.join(p.ordererData, topology.ordering, 'snapshot'),
    },
  });
}

export async function waitHealthy(
  paths: NetworkPaths,
  procs: ProcessRegistry,
  name: string,
  org: Organisation,
  operationsPort: number,
): Promise<void> {
  await waitFor(`${name} to report healthy`, () => isHealthy(paths, org, operationsPort), {
    timeoutMs: 90_000,
    diagnose: () => {
      const alive = procs.alivePid(name) !== undefined ? 'running' : 'NOT running';
      return `${name} is ${alive}; log ${procs.logFile(name)}:\n${procs.tail(name)}`;
    },
  });
}

/**
 * The channel's genesis configuration. Written as JSON, which is valid YAML, so configtxgen reads it
 * without the project needing a YAML library. The ordering service is Raft or SmartBFT, as the
 * topology says; channel capability V3_0 (Fabric v3) either way, which BFT requires.
 */
export function writeConfigtx(topology: Topology, paths: NetworkPaths): string {
  const dir = path.join(paths.config, 'configtx');
  mkdirSync(dir, { recursive: true });
  const ordererOrgs = ordererOrganisations(topology);
  // An organisation lists its orderer endpoint only if that node is a consenter of this service. In the
  // orderer group its ordering node is a writer too: SmartBFT checks consenters' votes against Writers.
  const orgDef = (org: Organisation, ordererGroup = false) => ({
    Name: org.mspId,
    ID: org.mspId,
    MSPDir: paths.org(org).msp,
    Policies: {
      Readers: sig(`OR('${org.mspId}.member')`),
      Writers: sig(
        ordererGroup
          ? `OR('${org.mspId}.admin','${org.mspId}.client','${org.mspId}.orderer')`
          : `OR('${org.mspId}.admin','${org.mspId}.client')`,
      ),
      Admins: sig(`OR('${org.mspId}.admin')`),
      Endorsement: sig(`OR('${org.mspId}.peer')`),
    },
    ...(ordererOrgs.some((o) => o.name === org.name) && org.orderer
      ? { OrdererEndpoints: [`${org.host}:${org.orderer.port}`] }
      : {}),
    AnchorPeers: [{ Host: org.host, Port: org.peer.port }],
  });
  const profile = {
    Policies: { Readers: meta('ANY Readers'), Writers: meta('ANY Writers'), Admins: meta('MAJORITY Admins') },
    Capabilities: { V3_0: true },
    Orderer: {
      ...orderingService(topology, paths, ordererOrgs),
      BatchTimeout: '500ms',
      BatchSize: { MaxMessageCount: 100, AbsoluteMaxBytes: '10 MB', PreferredMaxBytes: '2 MB' },
      Organizations: ordererOrgs.map((o) => orgDef(o, true)),
      Policies: {
        Readers: meta('ANY Readers'),
        Writers: meta('ANY Writers'),
        Admins: meta('MAJORITY Admins'),
        // Raft: a block signed by an ordering node of one of the ordering organisations. BFT replaces this
        // with its own rule (a quorum of consenters must sign each block).
        BlockValidation: sig(`OR(${ordererOrgs.map((o) => `'${o.mspId}.orderer'`).join(',')})`),
      },
      Capabilities: { V2_0: true },
    },
    Application: {
      Organizations: topology.organisations.map((o) => orgDef(o)),
      Policies: {
        Readers: meta('ANY Readers'),
        Writers: meta('ANY Writers'),
        Admins: meta('MAJORITY Admins'),
        LifecycleEndorsement: meta(topology.chaincode.endorsementPolicy),
        Endorsement: meta(topology.chaincode.endorsementPolicy),
      },
      Capabilities: { V2_5: true },
    },
  };
  writeFileSync(
    path.join(dir, 'configtx.yaml'),
    JSON.stringify({ Profiles: { ProcurementChannel: profile } }, null, 2),
  );
  return dir;
}

function sig(rule: string) {
  return { Type: 'Signature', Rule: rule };
}

function meta(rule: string) {
  return { Type: 'ImplicitMeta', Rule: rule };
}

/** The consensus part of the orderer section: Raft consenters, or the SmartBFT consenter mapping. */
function orderingService(topology: Topology, paths: NetworkPaths, ordererOrgs: OrdererOrganisation[]) {
  const tlsCert = (o: OrdererOrganisation) => path.join(paths.org(o).orderer, 'tls', 'server.crt');
  if (topology.ordering === 'bft') {
    return {
      OrdererType: 'BFT',
      ConsenterMapping: ordererOrgs.map((o, i) => ({
        ID: i + 1,
        Host: o.host,
        Port: o.orderer.port,
        MSPID: o.mspId,
        Identity: path.join(paths.org(o).orderer, 'msp', 'signcerts', 'cert.pem'),
        ClientTLSCert: tlsCert(o),
        ServerTLSCert: tlsCert(o),
      })),
      // Fabric's sample values, with shorter leader-failure detection so that losing the leader costs
      // seconds, not a minute.
      SmartBFT: {
        RequestBatchMaxCount: 100,
        RequestBatchMaxBytes: 10 * 1024 * 1024,
        RequestBatchMaxInterval: '200ms',
        IncomingMessageBufferSize: 200,
        RequestPoolSize: 100000,
        RequestForwardTimeout: '2s',
        RequestComplainTimeout: '10s',
        RequestAutoRemoveTimeout: '3m',
        ViewChangeResendInterval: '5s',
        ViewChangeTimeout: '20s',
        LeaderHeartbeatTimeout: '10s',
        LeaderHeartbeatCount: 10,
        CollectTimeout: '1s',
      },
    };
  }
  return {
    OrdererType: 'etcdraft',
    EtcdRaft: {
      Consenters: ordererOrgs.map((o) => ({
        Host: o.host,
        Port: o.orderer.port,
        ClientTLSCert: tlsCert(o),
        ServerTLSCert: tlsCert(o),
      })),
      Options: {
        TickInterval: '200ms',
        ElectionTick: 10,
        HeartbeatTick: 1,
        MaxInflightBlocks: 5,
        SnapshotIntervalSize: '16 MB',
      },
    },
  };
}

export function channelBlockExists(paths: NetworkPaths): boolean {
  return existsSync(paths.channelBlock);
}
