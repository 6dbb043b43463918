import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { peerNode, peerNodeEnv, peerProfileEnv, writeConfigtx, writeNodeConfig } from './nodes';
import { NetworkPaths } from './paths';
import { loadTopology } from './topology';

function pathsInTemp(): NetworkPaths {
  const topology = loadTopology();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nodes-'));
  return new NetworkPaths({ ...topology, binDir: path.join(dir, 'bin'), stateDir: path.join(dir, 'state') });
}

const sampleCore = [
  'vm:',
  '    endpoint: unix:///var/run/docker.sock',
  'chaincode:',
  '    externalBuilders:',
  '       - name: ccaas_builder',
  '         path: /opt/hyperledger/ccaas_builder',
  '         propagateEnvironment:',
  '           - CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG',
  '',
  '    installTimeout: 300s',
  '',
].join('\n');

describe('node configuration', () => {
  it("when the peer config is written, then Docker is off and the project's CCaaS builder replaces the default", () => {
    const paths = pathsInTemp();
    mkdirSync(paths.sampleConfig, { recursive: true });
    writeFileSync(path.join(paths.sampleConfig, 'core.yaml'), sampleCore);
    writeFileSync(path.join(paths.sampleConfig, 'orderer.yaml'), 'General: {}\n');
    writeNodeConfig(paths);
    const core = readFileSync(path.join(paths.config, 'peer', 'core.yaml'), 'utf8');
    expect(core).toContain('    endpoint: ""');
    expect(core).not.toContain('ccaas_builder');
    expect(core).toContain(`path: ${path.join(paths.builders, 'ccaas')}`);
    expect(core).toContain('installTimeout: 300s');
  });

  it('when the sample config no longer has the Docker endpoint, then writing fails loudly', () => {
    const paths = pathsInTemp();
    mkdirSync(paths.sampleConfig, { recursive: true });
    writeFileSync(path.join(paths.sampleConfig, 'core.yaml'), 'vm: {}\n');
    expect(() => {
      writeNodeConfig(paths);
    }).toThrow(/sampleconfig changed/);
  });

  it('when the channel config is written, then a majority of all organisations must endorse and only orderers sign blocks', () => {
    const topology = loadTopology();
    const paths = pathsInTemp();
    const dir = writeConfigtx(topology, paths);
    const config = JSON.parse(readFileSync(path.join(dir, 'configtx.yaml'), 'utf8')) as {
      Profiles: { ProcurementChannel: Record<string, Record<string, unknown>> };
    };
    const profile = config.Profiles.ProcurementChannel;
    const app = profile.Application as {
      Organizations: { ID: string }[];
      Policies: Record<string, { Rule: string }>;
    };
    expect(app.Organizations.map((o) => o.ID)).toHaveLength(4);
    expect(app.Policies.Endorsement?.Rule).toBe('MAJORITY Endorsement');
    expect(app.Policies.LifecycleEndorsement?.Rule).toBe('MAJORITY Endorsement');
    const orderer = profile.Orderer as {
      EtcdRaft: { Consenters: unknown[] };
      Policies: Record<string, { Rule: string }>;
    };
    expect(orderer.EtcdRaft.Consenters).toHaveLength(3);
    expect(orderer.Policies.BlockValidation?.Rule).toBe(
      "OR('PublicWorksMSP.orderer','HealthMSP.orderer','AuditMSP.orderer')",
    );
  });

  it('when BFT ordering is chosen, then the channel uses SmartBFT with four consenters and Fabric v3 capabilities', () => {
    const topology = loadTopology(undefined, { NETWORK_ORDERING: 'bft' });
    const dir = writeConfigtx(topology, pathsInTemp());
    const config = JSON.parse(readFileSync(path.join(dir, 'configtx.yaml'), 'utf8')) as {
      Profiles: {
        ProcurementChannel: { Capabilities: Record<string, boolean>; Orderer: Record<string, unknown> };
      };
    };
    const profile = config.Profiles.ProcurementChannel;
    expect(profile.Capabilities).toEqual({ V3_0: true });
    const orderer = profile.Orderer as {
      OrdererType: string;
      ConsenterMapping: { ID: number; MSPID: string; Identity: string }[];
      Organizations: { ID: string; OrdererEndpoints?: string[] }[];
    };
    expect(orderer.OrdererType).toBe('BFT');
    expect(orderer.ConsenterMapping.map((c) => [c.ID, c.MSPID])).toEqual([
      [1, 'PublicWorksMSP'],
      [2, 'HealthMSP'],
      [3, 'AuditMSP'],
      [4, 'SuppliersMSP'],
    ]);
    expect(orderer.ConsenterMapping.every((c) => c.Identity.endsWith('signcerts/cert.pem'))).toBe(true);
    expect(orderer.Organizations.every((o) => o.OrdererEndpoints?.length === 1)).toBe(true);
  });

  it("when the first peer's environment is built, then it is the single-peer configuration it always was", () => {
    const topology = loadTopology(undefined, {});
    const paths = pathsInTemp();
    const health = topology.organisations.find((o) => o.name === 'Health')!;
    const node = peerNode(paths, health);
    const p = paths.org(health);
    expect(node).toMatchObject({ name: 'peer.Health', id: 'peer0.health', address: '127.0.0.1:8051' });
    expect(peerNodeEnv(paths, node)).toMatchObject({
      CORE_PEER_ID: 'peer0.health',
      CORE_PEER_LISTENADDRESS: '127.0.0.1:8051',
      CORE_PEER_ADDRESS: '127.0.0.1:8051',
      CORE_PEER_CHAINCODELISTENADDRESS: '127.0.0.1:8052',
      CORE_PEER_GOSSIP_BOOTSTRAP: '127.0.0.1:8051',
      CORE_PEER_GOSSIP_EXTERNALENDPOINT: '127.0.0.1:8051',
      CORE_PEER_MSPCONFIGPATH: path.join(p.peer, 'msp'),
      CORE_PEER_TLS_CERT_FILE: path.join(p.peer, 'tls', 'server.crt'),
      CORE_PEER_FILESYSTEMPATH: p.peerData,
      CORE_LEDGER_SNAPSHOTS_ROOTDIR: path.join(p.peerData, 'snapshots'),
      CORE_OPERATIONS_LISTENADDRESS: '127.0.0.1:8053',
      CORE_OPERATIONS_TLS_CERT_FILE: path.join(p.peer, 'tls', 'server.crt'),
      CORE_OPERATIONS_TLS_CLIENTAUTHREQUIRED: 'true',
    });
  });

  it("when an added peer's environment is built, then it has its own id, ports, identity and ledger, and gossips through the first peer", () => {
    const topology = loadTopology(undefined, {});
    const paths = pathsInTemp();
    const health = topology.organisations.find((o) => o.name === 'Health')!;
    const node = peerNode(paths, health, 1);
    expect(node).toMatchObject({ name: 'peer1.Health', id: 'peer1.health', address: '127.0.0.1:8061' });
    expect(node.data).toBe(path.join(paths.state, 'data', 'peer1.Health'));
    expect(node.dir).toBe(path.join(paths.org(health).base, 'peer1'));
    expect(peerNodeEnv(paths, node)).toMatchObject({
      CORE_PEER_ID: 'peer1.health',
      CORE_PEER_ADDRESS: '127.0.0.1:8061',
      CORE_PEER_CHAINCODEADDRESS: '127.0.0.1:8062',
      CORE_OPERATIONS_LISTENADDRESS: '127.0.0.1:8063',
      CORE_PEER_GOSSIP_BOOTSTRAP: '127.0.0.1:8051',
      CORE_PEER_GOSSIP_EXTERNALENDPOINT: '127.0.0.1:8061',
      CORE_PEER_LOCALMSPID: 'HealthMSP',
      CORE_PEER_MSPCONFIGPATH: path.join(node.dir, 'msp'),
      CORE_PEER_FILESYSTEMPATH: node.data,
      CORE_OPERATIONS_TLS_CERT_FILE: path.join(node.dir, 'tls', 'server.crt'),
      CORE_OPERATIONS_TLS_CLIENTROOTCAS_FILES: paths.org(health).caCert,
    });
  });
});

describe("a peer's pprof endpoint for profiling", () => {
  it('when PEER_PROFILE=1, then the peer serves pprof on its port + 9; otherwise not at all', () => {
    const topology = loadTopology(undefined, {});
    const health = topology.organisations.find((o) => o.name === 'Health')!;
    const node = peerNode(pathsInTemp(), health);
    expect(peerProfileEnv(node, { PEER_PROFILE: '1' })).toEqual({
      CORE_PEER_PROFILE_ENABLED: 'true',
      CORE_PEER_PROFILE_LISTENADDRESS: '127.0.0.1:8060',
    });
    expect(peerProfileEnv(node, {})).toEqual({});
    expect(peerProfileEnv(node, { PEER_PROFILE: 'yes' })).toEqual({});
  });
});
