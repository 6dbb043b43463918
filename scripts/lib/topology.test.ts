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
      });
    });
    const topology = loadTopology(file);
    expect(topology.organisations.map((o) => o.name)).toContain('Education');
    expect(portTable(topology).some((r) => r.owner === 'peer.Education' && r.port === 11051)).toBe(true);
  });
});
