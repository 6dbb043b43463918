/**
 * Peers and orderers as native processes: their configuration (Fabric's sampleconfig plus env
 * overrides), the channel's genesis configuration, and starting each node.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { NetworkPaths } from './paths';
import type { ProcessRegistry } from './proc';
import { ordererOrganisations, type Organisation, type OrdererOrganisation, type Topology } from './topology';
import { isHealthy, waitFor } from './wait';

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
    CORE_PEER_ADDRESS: `${topology.host}:${org.peer.port}`,
    CORE_PEER_TLS_ENABLED: 'true',
    CORE_PEER_TLS_ROOTCERT_FILE: p.caCert,
  };
}

export function ordererEndpoint(topology: Topology, org: OrdererOrganisation): string {
  return `${topology.host}:${org.orderer.port}`;
}

export function startPeer(
  topology: Topology,
  paths: NetworkPaths,
  procs: ProcessRegistry,
  org: Organisation,
): void {
  const name = `peer.${org.name}`;
  if (procs.alivePid(name) !== undefined) return;
  const p = paths.org(org);
  const address = `${topology.host}:${org.peer.port}`;
  procs.start({
    name,
    command: paths.binary('peer'),
    args: ['node', 'start'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TMPDIR: process.env.TMPDIR,
      FABRIC_CFG_PATH: path.join(paths.config, 'peer'),
      FABRIC_LOGGING_SPEC: 'INFO:gossip,msp,comm.grpc,discovery=WARN',
      CORE_PEER_ID: `peer0.${org.name.toLowerCase()}`,
      CORE_PEER_LISTENADDRESS: address,
      CORE_PEER_ADDRESS: address,
      CORE_PEER_CHAINCODELISTENADDRESS: `${topology.host}:${org.peer.chaincodePort}`,
      CORE_PEER_CHAINCODEADDRESS: `${topology.host}:${org.peer.chaincodePort}`,
      // Gossip: bootstrap on itself, and advertise an endpoint so other organisations (and discovery,
      // which the gateway uses to collect endorsements) can see this peer.
      CORE_PEER_GOSSIP_BOOTSTRAP: address,
      CORE_PEER_GOSSIP_EXTERNALENDPOINT: address,
      CORE_PEER_LOCALMSPID: org.mspId,
      CORE_PEER_MSPCONFIGPATH: path.join(p.peer, 'msp'),
      CORE_PEER_TLS_ENABLED: 'true',
      CORE_PEER_TLS_CERT_FILE: path.join(p.peer, 'tls', 'server.crt'),
      CORE_PEER_TLS_KEY_FILE: path.join(p.peer, 'tls', 'server.key'),
      CORE_PEER_TLS_ROOTCERT_FILE: path.join(p.peer, 'tls', 'ca.crt'),
      CORE_PEER_FILESYSTEMPATH: p.peerData,
      CORE_LEDGER_SNAPSHOTS_ROOTDIR: path.join(p.peerData, 'snapshots'),
      CORE_OPERATIONS_LISTENADDRESS: `${topology.host}:${org.peer.operationsPort}`,
      CORE_METRICS_PROVIDER: 'prometheus',
      // The 2.5 Node shim exits on a KEEPALIVE message: keep the peer from sending any.
      CORE_CHAINCODE_KEEPALIVE: '0',
      CORE_CHAINCODE_EXECUTETIMEOUT: '60s',
    },
  });
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
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      FABRIC_CFG_PATH: path.join(paths.config, 'orderer'),
      FABRIC_LOGGING_SPEC: process.env.ORDERER_LOGGING_SPEC ?? 'INFO:comm.grpc,orderer.common.broadcast=WARN',
      ORDERER_GENERAL_LISTENADDRESS: topology.host,
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
      // The admin endpoint listens on loopback only; TLS off keeps osnadmin simple on one machine.
      ORDERER_ADMIN_LISTENADDRESS: `${topology.host}:${org.orderer.adminPort}`,
      ORDERER_ADMIN_TLS_ENABLED: 'false',
      ORDERER_OPERATIONS_LISTENADDRESS: `${topology.host}:${org.orderer.operationsPort}`,
      ORDERER_METRICS_PROVIDER: 'prometheus',
      ORDERER_FILELEDGER_LOCATION: path.join(p.ordererData, 'ledger'),
      ORDERER_CONSENSUS_WALDIR: path.join(p.ordererData, 'etcdraft', 'wal'),
      ORDERER_CONSENSUS_SNAPDIR: path.join(p.ordererData, 'etcdraft', 'snapshot'),
    },
  });
}

export async function waitHealthy(
  procs: ProcessRegistry,
  name: string,
  operationsAddress: string,
): Promise<void> {
  await waitFor(`${name} to report healthy`, () => isHealthy(operationsAddress), {
    timeoutMs: 90_000,
    diagnose: () => {
      const alive = procs.alivePid(name) !== undefined ? 'running' : 'NOT running';
      return `${name} is ${alive}; log ${procs.logFile(name)}:\n${procs.tail(name)}`;
    },
  });
}

/**
 * The channel's genesis configuration. Written as JSON, which is valid YAML, so configtxgen reads it
 * without the project needing a YAML library.
 */
export function writeConfigtx(topology: Topology, paths: NetworkPaths): string {
  const dir = path.join(paths.config, 'configtx');
  mkdirSync(dir, { recursive: true });
  const sig = (rule: string) => ({ Type: 'Signature', Rule: rule });
  const meta = (rule: string) => ({ Type: 'ImplicitMeta', Rule: rule });
  const orgDef = (org: Organisation) => ({
    Name: org.mspId,
    ID: org.mspId,
    MSPDir: paths.org(org).msp,
    Policies: {
      Readers: sig(`OR('${org.mspId}.member')`),
      Writers: sig(`OR('${org.mspId}.admin','${org.mspId}.client')`),
      Admins: sig(`OR('${org.mspId}.admin')`),
      Endorsement: sig(`OR('${org.mspId}.peer')`),
    },
    ...(org.orderer ? { OrdererEndpoints: [`${topology.host}:${org.orderer.port}`] } : {}),
    AnchorPeers: [{ Host: topology.host, Port: org.peer.port }],
  });
  const ordererOrgs = ordererOrganisations(topology);
  const profile = {
    Policies: { Readers: meta('ANY Readers'), Writers: meta('ANY Writers'), Admins: meta('MAJORITY Admins') },
    Capabilities: { V2_0: true },
    Orderer: {
      OrdererType: 'etcdraft',
      BatchTimeout: '500ms',
      BatchSize: { MaxMessageCount: 100, AbsoluteMaxBytes: '10 MB', PreferredMaxBytes: '2 MB' },
      EtcdRaft: {
        Consenters: ordererOrgs.map((o) => ({
          Host: topology.host,
          Port: o.orderer.port,
          ClientTLSCert: path.join(paths.org(o).orderer, 'tls', 'server.crt'),
          ServerTLSCert: path.join(paths.org(o).orderer, 'tls', 'server.crt'),
        })),
        Options: {
          TickInterval: '500ms',
          ElectionTick: 10,
          HeartbeatTick: 1,
          MaxInflightBlocks: 5,
          // Small on purpose. The pinned Fabric commit's etcdraft can deadlock on restart when it replays
          // the channel's first (membership) entries across more than one batch: chain.apply waits on
          // WALSyncC, which only node.run reads, while node.run waits to hand over the next batch.
          // A snapshot every 256 KB means a restart replays from a snapshot past those entries.
          SnapshotIntervalSize: '256 KB',
        },
      },
      Organizations: ordererOrgs.map(orgDef),
      Policies: {
        Readers: meta('ANY Readers'),
        Writers: meta('ANY Writers'),
        Admins: meta('MAJORITY Admins'),
        // Blocks must be signed by an ordering node of one of the ordering organisations.
        BlockValidation: sig(`OR(${ordererOrgs.map((o) => `'${o.mspId}.orderer'`).join(',')})`),
      },
      Capabilities: { V2_0: true },
    },
    Application: {
      Organizations: topology.organisations.map(orgDef),
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

export function channelBlockExists(paths: NetworkPaths): boolean {
  return existsSync(paths.channelBlock);
}
