/**
 * Snapshots and recovery (issue 13, §3), against the real network:
 *
 * - `network:snapshot`: Health's admin has Fabric snapshot the channel on Health's peer;
 * - `network:add-peer --from-snapshot`: a second Health peer joins from that snapshot, holds the same
 *   state, height and block hash as the others, and endorses a write that commits VALID;
 * - `network:backup` / `network:restore`: Health's state is saved while its processes are stopped,
 *   restored after the network moved on, and Health's peer catches up to the others' height and hash.
 *
 * Everything this suite adds (the added peer, its data, the backups) is removed at the end, and Health
 * is running again whatever happens, so the suites after it find the network as before.
 */
import { StatusCode } from '@hyperledger/fabric-gateway';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  addedPeerStatus,
  addPeer,
  connectThrough,
  readAddedPeers,
  removePeer,
} from '../scripts/lib/added-peers';
import {
  backupOrg,
  manifestSchema,
  orgProcesses,
  readManifest,
  restoreOrg,
  type BackupResult,
} from '../scripts/lib/backup';
import { up } from '../scripts/lib/network';
import { peerNode, peerNodeCliEnv, type PeerNode } from '../scripts/lib/nodes';
import { run } from '../scripts/lib/proc';
import { chainInfo, takeSnapshot, type TakenSnapshot } from '../scripts/lib/snapshot';
import type { Organisation } from '../scripts/lib/topology';
import { endorsementsOf, net, sessionAs, type Session } from './support/network';

const byName = (name: string): Organisation => {
  const org = net.topology.organisations.find((o) => o.name === name);
  if (!org) throw new Error(`topology has no ${name} organisation`);
  return org;
};
const health = byName('Health');
const publicWorks = byName('PublicWorks');
const everyone = net.topology.organisations.map((o) => o.mspId);
const firstPeers = (): PeerNode[] => net.topology.organisations.map((o) => peerNode(net.paths, o));

const inDays = (d: number): string => new Date(Date.now() + d * 86_400_000).toISOString();
function tenderInput(id: string): string {
  return JSON.stringify({
    id,
    title: 'Hospital laundry services',
    description: 'Laundry and linen services for three hospitals, four years.',
    cpv: '98310000-9',
    estimatedValue: { amount: '120000000', currency: 'EUR' },
    procedure: 'open',
    submissionDeadline: inDays(40),
    openingDeadline: inDays(45),
    awardCriteria: { method: 'lowestPrice' },
    evaluators: ['health-eval-1'],
    documents: [],
  });
}

/** A read-only chaincode call answered by exactly this peer (the peer CLI, as its organisation's admin). */
async function queryOn(node: PeerNode, chaincode: string, args: string[]): Promise<string> {
  const { stdout } = await run(
    net.paths.binary('peer'),
    ['chaincode', 'query', '-C', net.topology.channel, '-n', chaincode, '-c', JSON.stringify({ Args: args })],
    { env: peerNodeCliEnv(net.topology, net.paths, node), timeoutMs: 20_000 },
  );
  return stdout.trim();
}

/** The subject CN of the certificate of the given organisation's endorser of a transaction. */
async function endorserNames(session: Session, txId: string): Promise<Record<string, string>> {
  const names: Record<string, string> = {};
  for (const { mspId, certificate } of await endorsementsOf(session.network, txId)) {
    names[mspId] = /CN=([^\n,]+)/.exec(new X509Certificate(Buffer.from(certificate)).subject)?.[1] ?? '';
  }
  return names;
}

/** Waits until every given peer has the same height and current block hash; returns them. */
async function levelled(nodes: PeerNode[], timeoutMs = 60_000): Promise<{ height: number; hash: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const infos = await Promise.all(nodes.map((n) => chainInfo(net.topology, net.paths, n)));
    const [first] = infos;
    if (
      first &&
      infos.every((i) => i.height === first.height && i.currentBlockHash === first.currentBlockHash)
    )
      return { height: first.height, hash: first.currentBlockHash };
    if (Date.now() > deadline)
      throw new Error(
        `peers not level after ${timeoutMs} ms: ${nodes.map((n, i) => `${n.name}=${infos[i]?.height ?? '?'}`).join(', ')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Every entry under a folder whose mode lets the group or others in (the state must stay private). */
function openToOthers(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if ((statSync(full).mode & 0o077) !== 0) out.push(path.relative(net.paths.state, full));
    if (entry.isDirectory()) openToOthers(full, out);
  }
  return out;
}

const figures: string[] = [];

describe('snapshots, an added peer, and backup and restore of one organisation', () => {
  const tenderId = `snap-${Date.now()}`;
  const added = peerNode(net.paths, health, 1);
  const backups: string[] = [];
  let officer: Session;
  let pwOfficer: Session;
  let snapshot: TakenSnapshot | undefined;

  beforeAll(async () => {
    officer = sessionAs('health-officer');
    pwOfficer = sessionAs('pw-officer');
    await officer.contract.submitTransaction('tender:Create', tenderInput(tenderId));
  });

  afterAll(async () => {
    officer.close();
    pwOfficer.close();
    await removePeer(net, health);
    for (const file of backups) rmSync(file, { force: true });
    // The snapshot this suite took (Health's peer data was restored with it, too).
    if (snapshot !== undefined && !snapshot.reused) rmSync(snapshot.dir, { recursive: true, force: true });
    // Whatever failed above, Health runs again before the next suite.
    if (
      orgProcesses(net, health).length < 4 ||
      orgProcesses(net, health).some((n) => net.procs.alivePid(n) === undefined)
    )
      await up(net);
    console.log(`snapshots.e2e figures:\n  ${figures.join('\n  ')}`);
  });

  it("when Health's admin asks for a snapshot, then Fabric writes one of the current block on Health's peer", async () => {
    const before = await chainInfo(net.topology, net.paths, peerNode(net.paths, health));
    const taken = await takeSnapshot(net, health);
    snapshot = taken;
    figures.push(
      `snapshot of block ${snapshot.blockNumber} (height ${snapshot.height}) in ${snapshot.ms} ms`,
    );

    expect(snapshot.channel).toBe(net.topology.channel);
    expect(snapshot.height).toBeGreaterThanOrEqual(before.height);
    expect(snapshot.dir).toBe(
      path.join(net.paths.snapshots(health), 'completed', net.topology.channel, String(snapshot.blockNumber)),
    );
    expect(existsSync(path.join(snapshot.dir, 'public_state.data'))).toBe(true);
    expect(openToOthers(net.paths.snapshots(health))).toEqual([]);
    if (snapshot.height === before.height)
      expect(snapshot.lastBlockHash).toBe(Buffer.from(before.currentBlockHash, 'base64').toString('hex'));
  });

  it('when a second Health peer joins from the snapshot, then it has its own identity and ports and serves the same state', async () => {
    if (!snapshot) throw new Error('no snapshot was taken');
    const result = await addPeer(net, health, { fromSnapshot: snapshot.dir });
    figures.push(
      `peer1.Health joined from the snapshot in ${result.joinMs} ms, endorsement-ready at height ${result.height} after ${result.totalMs} ms`,
    );

    expect(net.procs.alivePid(added.name)).toBeDefined();
    expect(readAddedPeers(net.paths, health)).toEqual([
      expect.objectContaining({ index: 1, joinedFrom: 'snapshot', snapshotBlock: snapshot.blockNumber }),
    ]);
    expect(added.ports.port).not.toBe(health.peer.port);
    const cert = new X509Certificate(readFileSync(path.join(added.dir, 'msp', 'signcerts', 'cert.pem')));
    expect(cert.subject).toMatch(/OU=peer/);
    expect(cert.subject).toMatch(/CN=peer1\.health/);
    expect(cert.checkIssued(new X509Certificate(readFileSync(net.paths.org(health).caCert)))).toBe(true);
    expect([...openToOthers(added.dir), ...openToOthers(added.data)]).toEqual([]);
    expect((await addedPeerStatus(net)).join('\n')).toMatch(
      /peer1\.Health .* running \(pid \d+\) {2}height \d+/,
    );

    // It really started from the snapshot: it has no block before it.
    await expect(
      queryOn(added, 'qscc', ['GetBlockByNumber', net.topology.channel, String(snapshot.blockNumber - 1)]),
    ).rejects.toThrow();

    const first = peerNode(net.paths, health);
    for (const args of [
      ['tender:Get', tenderId],
      ['tender:List', JSON.stringify({ agency: 'HealthMSP', pageSize: 100 })],
      ['policy:Get'],
    ]) {
      const [mine, theirs] = [
        await queryOn(added, 'procurement', args),
        await queryOn(first, 'procurement', args),
      ];
      expect({ args, state: mine }).toEqual({ args, state: theirs });
    }
    expect(JSON.parse(await queryOn(added, 'procurement', ['tender:Get', tenderId]))).toMatchObject({
      id: tenderId,
    });
  });

  it('when a write is endorsed through the added peer, then the added peer itself endorses it, it commits VALID, and every peer has the same height and block hash', async () => {
    const conn = connectThrough(net.topology, net.paths, added, 'health-officer');
    const id = `${tenderId}-via-peer1`;
    try {
      const contract = conn.gateway.getNetwork(net.topology.channel).getContract(net.topology.chaincode.name);
      const commit = await contract.submitAsync('tender:Create', { arguments: [tenderInput(id)] });
      const status = await commit.getStatus();
      expect(status.code).toBe(StatusCode.VALID);
      const names = await endorserNames(officer, commit.getTransactionId());
      expect(names.HealthMSP).toBe('peer1.health');
      expect(Object.keys(names).length).toBeGreaterThanOrEqual(3);
    } finally {
      conn.close();
    }
    const level = await levelled([...firstPeers(), added]);
    figures.push(`after the write through peer1.Health: 5 peers at height ${level.height}, same block hash`);
    expect(JSON.parse(await queryOn(added, 'procurement', ['tender:Get', id]))).toMatchObject({ id });

    // network:remove-peer: the suites after this one see the network as it was.
    expect(await removePeer(net, health)).toBe(true);
    expect(net.procs.names()).not.toContain(added.name);
    expect(existsSync(added.data)).toBe(false);
  });

  let backup: BackupResult;

  it('when Health is backed up, then its processes stop and its whole state is in a private archive with a manifest', async () => {
    backup = await backupOrg(net, health);
    backups.push(backup.file);
    figures.push(
      `backup of Health: ${backup.bytes} bytes in ${backup.ms} ms, peer height ${backup.manifest.peerHeight ?? '?'}`,
    );

    expect(statSync(backup.file).mode & 0o777).toBe(0o600);
    expect(backup.stopped.sort()).toEqual([
      'ca.Health',
      'chaincode.Health',
      'opener.Health',
      'orderer.Health',
      'peer.Health',
    ]);
    expect(orgProcesses(net, health).filter((n) => net.procs.alivePid(n) !== undefined)).toEqual([]);
    const manifest = manifestSchema.parse(await readManifest(backup.file));
    expect(manifest).toMatchObject({ org: 'Health', mspId: 'HealthMSP', channel: net.topology.channel });
    expect(manifest.paths).toEqual(
      expect.arrayContaining(['orgs/Health', 'data/peer.Health', 'data/orderer.Health', 'chaincode/Health']),
    );
    const { stdout } = await run('tar', ['-tzf', backup.file]);
    expect(stdout).toMatch(/^orgs\/Health\/peer\/tls\/server\.key$/m);
    expect(stdout).toMatch(/^orgs\/Health\/ca\//m);
    expect(stdout).not.toMatch(/^(orgs|data|chaincode)\/(?!Health\/|[a-z]+\d*\.Health\/)/m);
  });

  it('when a restore names another organisation, another network, or a running organisation, then it is refused and changes nothing', async () => {
    await expect(restoreOrg(net, publicWorks, backup.file)).rejects.toThrow(
      /backup of Health \(HealthMSP\), not of PublicWorks/,
    );
    // The same archive, claiming another network.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'other-network-'));
    try {
      const manifest = manifestSchema.parse(await readManifest(backup.file));
      writeFileSync(
        path.join(dir, 'manifest.json'),
        JSON.stringify({ ...manifest, network: 'f'.repeat(64) }),
      );
      const other = path.join(dir, 'other.tar.gz');
      await run('tar', ['-czf', other, '-C', dir, 'manifest.json']);
      await expect(restoreOrg(net, health, other)).rejects.toThrow(/backup of another network/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    await up(net);
    await expect(restoreOrg(net, health, backup.file)).rejects.toThrow(
      /Health's processes are running \(.*peer\.Health/,
    );
  });

  it("when Health is restored from the backup after the network moved on, then its peer catches up to the others' height and block hash", async () => {
    // The network moves on with Health running...
    await pwOfficer.contract.submit('tender:Create', {
      arguments: [tenderInput(`${tenderId}-after-backup`)],
      endorsingOrganizations: everyone,
    });
    // ...and without it: stop it (a second backup, as an operator would before a restore).
    const second = await backupOrg(net, health);
    backups.push(second.file);
    const whileDown = `${tenderId}-while-down`;
    await pwOfficer.contract.submit('tender:Create', {
      arguments: [tenderInput(whileDown)],
      endorsingOrganizations: everyone.filter((m) => m !== health.mspId),
    });
    // Published, so that Health (another agency) may read it once its peer is back (drafts are private).
    await pwOfficer.contract.submit('tender:Publish', {
      arguments: [whileDown],
      endorsingOrganizations: everyone.filter((m) => m !== health.mspId),
    });
    const others = firstPeers().filter((n) => n.org.name !== health.name);
    const ahead = await levelled(others);

    const restored = await restoreOrg(net, health, backup.file);
    expect(restored.kept).toBe(path.join('data', 'orderer.Health'));
    expect(restored.restored).toEqual(
      expect.arrayContaining(['orgs/Health', 'data/peer.Health', 'chaincode/Health']),
    );

    const started = Date.now();
    await up(net);
    const level = await levelled(firstPeers(), 120_000);
    figures.push(
      `restore: Health's peer back from height ${backup.manifest.peerHeight ?? '?'} to ${level.height} (others were at ${ahead.height}) ` +
        `within ${Date.now() - started} ms of network up`,
    );
    expect(level.height).toBeGreaterThanOrEqual(ahead.height);
    expect(
      JSON.parse(await queryOn(peerNode(net.paths, health), 'procurement', ['tender:Get', whileDown])),
    ).toMatchObject({
      id: whileDown,
    });

    // Health endorses again.
    const commit = await officer.contract.submitAsync('tender:Create', {
      arguments: [tenderInput(`${tenderId}-after-restore`)],
      endorsingOrganizations: everyone,
    });
    expect((await commit.getStatus()).code).toBe(StatusCode.VALID);
    await levelled(firstPeers());
  });
});
