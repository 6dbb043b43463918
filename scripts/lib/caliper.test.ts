import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CALIPER_DIR, type CaliperRun, writeCaliperConfig } from './caliper';
import type { Network } from './network';
import { NetworkPaths } from './paths';
import { ProcessRegistry } from './proc';
import { loadTopology, type Organisation } from './topology';

interface NetworkConfig {
  organizations: {
    mspid: string;
    identities: {
      certificates: {
        name: string;
        clientPrivateKey: { path: string };
        clientSignedCert: { path: string };
      }[];
    };
    connectionProfile: { path: string };
  }[];
}
interface Profile {
  organizations: Record<string, { mspid: string; peers: string[] }>;
  peers: Record<string, { url: string; tlsCACerts: { path: string } }>;
}
interface BenchmarkConfig {
  test: {
    workers: { number: number };
    rounds: {
      label: string;
      txDuration: number;
      rateControl: { type: string; opts: { transactionLoad: number } };
      workload: { module: string; arguments: { vendors: { name: string; mspId: string }[] } };
    }[];
  };
}

/** A user folder as the network scripts leave it: msp/signcerts/cert.pem and one key in keystore/. */
function enrol(net: Network, org: Organisation, username: string): void {
  const msp = path.join(net.paths.org(org).user(username), 'msp');
  mkdirSync(path.join(msp, 'signcerts'), { recursive: true });
  mkdirSync(path.join(msp, 'keystore'), { recursive: true });
  writeFileSync(path.join(msp, 'signcerts', 'cert.pem'), '-----BEGIN CERTIFICATE-----\n');
  writeFileSync(path.join(msp, 'keystore', `${username}_sk`), '-----BEGIN PRIVATE KEY-----\n');
}

describe('the Caliper configurations written from the network state', () => {
  let state = '';
  afterEach(() => {
    rmSync(state, { recursive: true, force: true });
  });

  it('names each identity’s own certificate and key, each organisation’s peer at the offset port with its TLS root, and four rounds sharing the load between workers', () => {
    state = mkdtempSync(path.join(os.tmpdir(), 'caliper-'));
    const topology = loadTopology(undefined, { NETWORK_STATE_DIR: state, NETWORK_PORT_OFFSET: '2400' });
    const paths = new NetworkPaths(topology);
    const net: Network = { topology, paths, procs: new ProcessRegistry(paths.pids, paths.logs) };
    const pw = topology.organisations.find((o) => o.name === 'PublicWorks') as Organisation;
    const suppliers = topology.organisations.find((o) => o.kind === 'suppliers') as Organisation;
    for (const [org, user] of [
      [pw, 'pw-officer'],
      [suppliers, 'bench-vendor-0'],
      [suppliers, 'bench-vendor-1'],
    ] as const)
      enrol(net, org, user);
    const run: CaliperRun = {
      runId: 'r1',
      officer: { org: pw, username: 'pw-officer', evaluators: ['pw-eval-1'] },
      vendors: [0, 1].map((i) => ({ org: suppliers, username: `bench-vendor-${i}`, vendorId: `BENCH${i}` })),
      sealTenders: ['t0'],
      readTender: 't0',
    };

    const files = writeCaliperConfig(net, run, { txDuration: 7, inFlight: 50, workers: 2 });

    expect(path.dirname(files.report)).toBe(path.join(state, 'caliper'));
    expect(statSync(files.dir).mode & 0o777).toBe(0o700);
    const network = JSON.parse(readFileSync(files.networkConfig, 'utf8')) as NetworkConfig;
    expect(network.organizations.map((o) => o.mspid)).toEqual([pw.mspId, suppliers.mspId]);
    const vendorOne = network.organizations[1]?.identities.certificates[1];
    expect(vendorOne?.name).toBe('bench-vendor-1');
    expect(vendorOne?.clientPrivateKey.path).toBe(
      path.join(paths.org(suppliers).user('bench-vendor-1'), 'msp', 'keystore', 'bench-vendor-1_sk'),
    );
    const profile = JSON.parse(
      readFileSync(network.organizations[0]?.connectionProfile.path ?? '', 'utf8'),
    ) as Profile;
    const peerName = profile.organizations.PublicWorks?.peers[0] ?? '';
    expect(profile.peers[peerName]).toEqual(
      expect.objectContaining({
        url: `grpcs://127.0.0.1:${7051 + 2400}`,
        tlsCACerts: { path: paths.org(pw).caCert },
      }),
    );
    const bench = JSON.parse(readFileSync(files.benchmarkConfig, 'utf8')) as BenchmarkConfig;
    expect(bench.test.workers.number).toBe(2);
    expect(bench.test.rounds.map((r) => r.label)).toEqual([
      'no-op write',
      'tender create',
      'sealed bid',
      'read',
    ]);
    for (const round of bench.test.rounds) {
      expect(round.txDuration).toBe(7);
      expect(round.rateControl).toEqual({
        type: 'fixed-load',
        opts: expect.objectContaining({ transactionLoad: 25 }),
      });
      expect(statSync(round.workload.module).isFile()).toBe(true);
      expect(path.dirname(round.workload.module)).toBe(path.join(CALIPER_DIR, 'workloads'));
      expect(round.workload.arguments.vendors).toEqual([
        { name: 'bench-vendor-0', mspId: suppliers.mspId, vendorId: 'BENCH0' },
        { name: 'bench-vendor-1', mspId: suppliers.mspId, vendorId: 'BENCH1' },
      ]);
    }
  });
});
