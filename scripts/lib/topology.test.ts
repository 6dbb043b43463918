import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTopology, ordererOrganisations, portTable, ROOT } from './topology';

const shipped = path.join(ROOT, 'network', 'topology.json');

function variant(edit: (t: Record<string, unknown>) => void): string {
  const data = JSON.parse(readFileSync(shipped, 'utf8')) as Record<string, unknown>;
  edit(data);
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'topology-')), 'topology.json');
  writeFileSync(file, JSON.stringify(data));
  return file;
}

describe('the network topology', () => {
  it('when the shipped topology is read, then it names four organisations and three ordering ones', () => {
    const topology = loadTopology();
    expect(topology.organisations.map((o) => o.mspId)).toEqual([
      'PublicWorksMSP',
      'HealthMSP',
      'AuditMSP',
      'SuppliersMSP',
    ]);
    expect(ordererOrganisations(topology).map((o) => o.name)).toEqual(['PublicWorks', 'Health', 'Audit']);
  });

  it('when every port is listed, then no two components share one', () => {
    const ports = portTable(loadTopology()).map((r) => r.port);
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('when two components are given the same port, then loading fails and names both', () => {
    const file = variant((t) => {
      const orgs = t.organisations as { peer: { port: number } }[];
      orgs[1]!.peer.port = orgs[0]!.peer.port;
    });
    expect(() => loadTopology(file)).toThrow(/port 7051 is used by both peer.PublicWorks and peer.Health/);
  });

  it('when a field is malformed, then loading fails and names the field', () => {
    const file = variant((t) => {
      (t.organisations as { mspId: string }[])[0]!.mspId = 'not an msp id';
    });
    expect(() => loadTopology(file)).toThrow(/organisations\.0\.mspId/);
  });

  it('when a fifth organisation is added as data, then it is part of the network without code changes', () => {
    const file = variant((t) => {
      (t.organisations as unknown[]).push({
        name: 'Education',
        mspId: 'EducationMSP',
        kind: 'agency',
        ca: { port: 11054, operationsPort: 11057 },
        peer: { port: 11051, chaincodePort: 11052, operationsPort: 11053 },
        chaincodeServer: { port: 11058 },
      });
    });
    const topology = loadTopology(file);
    expect(topology.organisations.map((o) => o.name)).toContain('Education');
    expect(portTable(topology).some((r) => r.owner === 'peer.Education' && r.port === 11051)).toBe(true);
  });

  it('when the shipped topology is read, then each organisation runs its own chaincode server on its own host', () => {
    const topology = loadTopology(shipped, {});
    expect(topology.ordering).toBe('raft');
    for (const org of topology.organisations) {
      expect(org.host).toBe('127.0.0.1');
      expect(portTable(topology).some((r) => r.owner === `chaincode.${org.name}`)).toBe(true);
    }
  });

  it('when BFT ordering is chosen, then all four organisations run a consenter (the Suppliers one only in BFT)', () => {
    const topology = loadTopology(shipped, { NETWORK_ORDERING: 'bft' });
    expect(ordererOrganisations(topology).map((o) => o.name)).toEqual([
      'PublicWorks',
      'Health',
      'Audit',
      'Suppliers',
    ]);
  });

  it('when an unknown ordering or a bad port offset is asked for, then loading fails and says which', () => {
    expect(() => loadTopology(shipped, { NETWORK_ORDERING: 'solo' })).toThrow(/NETWORK_ORDERING/);
    expect(() => loadTopology(shipped, { NETWORK_PORT_OFFSET: '-5' })).toThrow(/NETWORK_PORT_OFFSET/);
  });

  it('when a port offset and another state folder are set, then every port moves by the offset and the state moves', () => {
    const base = loadTopology(shipped, {});
    const moved = loadTopology(shipped, {
      NETWORK_PORT_OFFSET: '300',
      NETWORK_STATE_DIR: 'network/.state-x',
    });
    expect(moved.stateDir).toBe('network/.state-x');
    expect(portTable(moved).map((r) => r.port)).toEqual(portTable(base).map((r) => r.port + 300));
  });

  it('when an organisation names its own host, then everything it runs listens there', () => {
    const file = variant((t) => {
      (t.organisations as { host?: string }[])[1]!.host = '10.0.0.8';
    });
    const topology = loadTopology(file, {});
    expect(topology.organisations.map((o) => o.host)).toEqual([
      '127.0.0.1',
      '10.0.0.8',
      '127.0.0.1',
      '127.0.0.1',
    ]);
  });
});
