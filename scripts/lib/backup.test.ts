import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  backupOrg,
  entryAllowed,
  identityOf,
  manifestRefusal,
  ordererDataToKeep,
  orgStatePaths,
  restoreOrg,
  type BackupManifest,
} from './backup';
import type { Network } from './network';
import { NetworkPaths } from './paths';
import { ProcessRegistry, run } from './proc';
import { loadTopology, type Organisation } from './topology';

const topology0 = loadTopology(undefined, {});
const byName = (name: string) => topology0.organisations.find((o) => o.name === name) as Organisation;
const health = byName('Health');
const suppliers = byName('Suppliers');

/** A state folder with a genesis block and every kind of folder an organisation owns, for two organisations. */
function fakeNetwork(): Network {
  const state = mkdtempSync(path.join(os.tmpdir(), 'backup-state-'));
  const topology = { ...topology0, stateDir: state };
  const paths = new NetworkPaths(topology);
  mkdirSync(path.dirname(paths.channelBlock), { recursive: true });
  writeFileSync(paths.channelBlock, 'genesis');
  const put = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(state, rel)), { recursive: true });
    writeFileSync(path.join(state, rel), text);
  };
  for (const org of ['Health', 'PublicWorks']) {
    put(`orgs/${org}/peer/tls/server.key`, `${org} peer key`);
    put(`orgs/${org}/ca/fabric-ca-server.db`, `${org} CA db`);
    put(`data/peer.${org}/ledgersData/x`, `${org} ledger`);
    put(`data/orderer.${org}/ledger/x`, `${org} orderer ledger v1`);
    put(`chaincode/${org}/server-package-id`, `${org} package`);
  }
  put('data/peer1.Health/ledgersData/x', 'Health added peer ledger');
  return { topology, paths, procs: new ProcessRegistry(paths.pids, paths.logs) };
}

const manifestOf = (net: Network, org: Organisation): BackupManifest => ({
  format: 1,
  ...identityOf(net.topology, net.paths, org),
  createdAt: '2026-11-28T10:00:00.000Z',
  paths: ['orgs/Health'],
});

describe('backup and restore of one organisation', () => {
  it("when the organisation's folders are listed, then they are exactly its own, added peers included", () => {
    const net = fakeNetwork();
    expect(orgStatePaths(net.paths, health)).toEqual([
      'chaincode/Health',
      'data/orderer.Health',
      'data/peer.Health',
      'data/peer1.Health',
      'orgs/Health',
    ]);
  });

  it('when a manifest is checked, then only a backup of this organisation, network, release and ordering passes', () => {
    const net = fakeNetwork();
    const here = identityOf(net.topology, net.paths, health);
    const ok = manifestOf(net, health);
    expect(manifestRefusal(ok, here)).toBeUndefined();
    expect(manifestRefusal({ hello: 'world' }, here)).toMatch(/no valid manifest\.json/);
    expect(manifestRefusal({ ...ok, org: 'PublicWorks', mspId: 'PublicWorksMSP' }, here)).toBe(
      'it is a backup of PublicWorks (PublicWorksMSP), not of Health (HealthMSP)',
    );
    expect(manifestRefusal({ ...ok, network: '0'.repeat(64) }, here)).toMatch(
      /^it is a backup of another network/,
    );
    expect(manifestRefusal({ ...ok, channel: 'other' }, here)).toMatch(/another network \(channel 'other'/);
    expect(manifestRefusal({ ...ok, fabricRelease: '2.5.9' }, here)).toBe(
      'it was made with Fabric 2.5.9, and this network runs Fabric 3.1.5',
    );
    expect(manifestRefusal({ ...ok, ordering: 'bft' }, here)).toMatch(/made with bft ordering/);
  });

  it("when an archive entry is checked, then only the organisation's own folders may be written", () => {
    for (const ok of [
      'manifest.json',
      'orgs/',
      'orgs/Health/',
      'orgs/Health/peer/tls/server.key',
      'data/peer.Health/x',
      'data/peer1.Health/',
      'data/orderer.Health/ledger',
      'chaincode/Health/x.tgz',
    ])
      expect({ ok, allowed: entryAllowed(ok, health) }).toEqual({ ok, allowed: true });
    for (const bad of [
      '/etc/passwd',
      '../outside',
      'orgs/Health/../PublicWorks/x',
      'orgs/PublicWorks/peer/tls/server.key',
      'data/peer.PublicWorks/x',
      'data/peer.HealthX/x',
      'chaincode/deployed.json',
      'connection.json',
      'pids/peer.Health.pid',
    ])
      expect({ bad, allowed: entryAllowed(bad, health) }).toEqual({ bad, allowed: false });
  });

  it("when a Raft orderer's current data exists, then a restore keeps it unless told to roll it back", () => {
    const present = ['data/orderer.Health', 'data/peer.Health', 'orgs/Health'];
    expect(ordererDataToKeep(health, present)).toBe('data/orderer.Health');
    expect(ordererDataToKeep(health, present, { rollBackOrderer: true })).toBeUndefined();
    expect(ordererDataToKeep(health, ['data/peer.Health', 'orgs/Health'])).toBeUndefined(); // lost disk
    const noOrderer = { ...suppliers, orderer: undefined };
    expect(ordererDataToKeep(noOrderer, ['data/orderer.Suppliers'])).toBeUndefined();
  });

  it('when an organisation is backed up and restored, then its folders come back as they were, the archive is 0600, and the others are untouched', async () => {
    const net = fakeNetwork();
    const state = net.paths.state;
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'backup-out-')), 'health.tar.gz');
    const backup = await backupOrg(net, health, file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(backup.manifest.paths).toHaveLength(5);
    await expect(backupOrg(net, health, file)).rejects.toThrow(/already exists/);

    // The organisation moves on; an added peer appears; PublicWorks changes too.
    writeFileSync(path.join(state, 'orgs/Health/peer/tls/server.key'), 'changed');
    writeFileSync(path.join(state, 'data/orderer.Health/ledger/x'), 'Health orderer ledger v2');
    mkdirSync(path.join(state, 'data/peer2.Health'), { recursive: true });
    rmSync(path.join(state, 'data/peer1.Health'), { recursive: true });
    writeFileSync(path.join(state, 'data/peer.PublicWorks/ledgersData/x'), 'PublicWorks moved on');

    const restored = await restoreOrg(net, health, file);
    const read = (rel: string) => readFileSync(path.join(state, rel), 'utf8');
    expect(read('orgs/Health/peer/tls/server.key')).toBe('Health peer key');
    expect(read('data/peer1.Health/ledgersData/x')).toBe('Health added peer ledger');
    expect(existsSync(path.join(state, 'data/peer2.Health'))).toBe(false);
    expect(restored.removed).toEqual(['data/peer2.Health']);
    // The orderer's data is newer than the backup's: kept (a rolled-back Raft log stops the node).
    expect(restored.kept).toBe('data/orderer.Health');
    expect(read('data/orderer.Health/ledger/x')).toBe('Health orderer ledger v2');
    expect(read('data/peer.PublicWorks/ledgersData/x')).toBe('PublicWorks moved on');
    expect(readFileSync(path.join(state, 'orgs/PublicWorks/peer/tls/server.key'), 'utf8')).toBe(
      'PublicWorks peer key',
    );
    expect(existsSync(path.join(state, 'data/orderer.Health/ledger/x'))).toBe(true);

    const rolled = await restoreOrg(net, health, file, { rollBackOrderer: true });
    expect(rolled.kept).toBeUndefined();
    expect(read('data/orderer.Health/ledger/x')).toBe('Health orderer ledger v1');
  });

  it('when a restore is refused, then it says why: missing file, another organisation, entries outside, running processes', async () => {
    const net = fakeNetwork();
    const out = mkdtempSync(path.join(os.tmpdir(), 'backup-out-'));
    const file = path.join(out, 'health.tar.gz');
    await backupOrg(net, health, file);
    const before = readFileSync(path.join(net.paths.state, 'orgs/PublicWorks/peer/tls/server.key'), 'utf8');

    await expect(restoreOrg(net, health, path.join(out, 'none.tar.gz'))).rejects.toThrow(/no backup at/);
    await expect(restoreOrg(net, byName('PublicWorks'), file)).rejects.toThrow(
      /refusing to restore .*: it is a backup of Health \(HealthMSP\), not of PublicWorks \(PublicWorksMSP\)/,
    );

    // A valid manifest, but an entry that would write into another organisation's folder.
    const evil = path.join(out, 'evil');
    mkdirSync(path.join(evil, 'orgs/PublicWorks/peer/tls'), { recursive: true });
    writeFileSync(path.join(evil, 'manifest.json'), JSON.stringify(manifestOf(net, health)));
    writeFileSync(path.join(evil, 'orgs/PublicWorks/peer/tls/server.key'), 'attacker key');
    await run('tar', [
      '-czf',
      path.join(out, 'evil.tar.gz'),
      '-C',
      evil,
      'manifest.json',
      'orgs/PublicWorks',
    ]);
    await expect(restoreOrg(net, health, path.join(out, 'evil.tar.gz'))).rejects.toThrow(
      /entries outside Health's folders: orgs\/PublicWorks/,
    );

    await run('tar', ['-czf', path.join(out, 'plain.tar.gz'), '-C', evil, 'orgs']);
    await expect(restoreOrg(net, health, path.join(out, 'plain.tar.gz'))).rejects.toThrow(
      /no manifest\.json inside/,
    );

    // One of Health's processes runs (a stand-in, started and stopped by this test's own registry).
    net.procs.start({ name: 'peer.Health', command: '/bin/sleep', args: ['30'], env: process.env });
    try {
      await expect(restoreOrg(net, health, file)).rejects.toThrow(
        /Health's processes are running \(peer\.Health\); restore replaces their files/,
      );
    } finally {
      await net.procs.stop('peer.Health');
    }
    expect(readFileSync(path.join(net.paths.state, 'orgs/PublicWorks/peer/tls/server.key'), 'utf8')).toBe(
      before,
    );
  });

  it('when the state folder holds no network, then a backup refuses to start', async () => {
    const net = fakeNetwork();
    rmSync(net.paths.channelBlock);
    await expect(backupOrg(net, health)).rejects.toThrow(/holds no network/);
  });
});
