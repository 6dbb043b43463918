/**
 * Backing up and restoring one organisation's state folder while its processes are stopped.
 *
 * An organisation's state is everything `NetworkPaths` puts under its name: `orgs/<Org>` (its CA's
 * database and keys, every identity it issued, its peers' and orderer's MSP and TLS keys, the chaincode
 * server's TLS key, its added peers' record), `data/*.<Org>` (its peers' and its orderer's ledgers,
 * Raft WAL and snapshots included) and `chaincode/<Org>` (its chaincode package and the package id its
 * server runs). A backup is one tar.gz of those folders plus a `manifest.json` naming the organisation,
 * its MSP ID, the channel, the Fabric release, the ordering type and the network (the SHA-256 of the
 * channel's genesis block), so a restore refuses an archive of another organisation or another network.
 *
 * The archive holds private keys: it is written with mode 0600.
 */
import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { peerHeight } from './channel';
import { detail, step } from './log';
import type { Network } from './network';
import { type NetworkPaths, privatiseState } from './paths';
import { run } from './proc';
import type { Organisation, Topology } from './topology';

export const MANIFEST_FILE = 'manifest.json';
const FORMAT = 1;

export const manifestSchema = z.object({
  format: z.literal(FORMAT),
  org: z.string(),
  mspId: z.string(),
  channel: z.string(),
  fabricRelease: z.string(),
  ordering: z.string(),
  /** SHA-256 (hex) of the channel's genesis block: which network this organisation belongs to. */
  network: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
  /** The archived folders, relative to the state folder. */
  paths: z.array(z.string()).min(1),
  /** The first peer's height when the backup was taken, if it answered. */
  peerHeight: z.number().int().optional(),
});
export type BackupManifest = z.infer<typeof manifestSchema>;

/** What identifies the running network and organisation that a manifest must match. */
export type Identity = Pick<
  BackupManifest,
  'org' | 'mspId' | 'channel' | 'fabricRelease' | 'ordering' | 'network'
>;

/** The network's identity: the SHA-256 of its channel's genesis block. */
export function networkId(paths: NetworkPaths): string {
  if (!existsSync(paths.channelBlock))
    throw new Error(`${paths.state} holds no network (no genesis block at ${paths.channelBlock})`);
  return createHash('sha256').update(readFileSync(paths.channelBlock)).digest('hex');
}

export function identityOf(topology: Topology, paths: NetworkPaths, org: Organisation): Identity {
  return {
    org: org.name,
    mspId: org.mspId,
    channel: topology.channel,
    fabricRelease: topology.fabric.release,
    ordering: topology.ordering,
    network: networkId(paths),
  };
}

/**
 * Why a backup's manifest cannot be restored here, or undefined when it can: it must be a backup of
 * this organisation, of this network, made with the Fabric release and ordering that run here.
 */
export function manifestRefusal(raw: unknown, here: Identity): string | undefined {
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) return `it has no valid ${MANIFEST_FILE} (not a backup made by network:backup)`;
  const m = parsed.data;
  if (m.org !== here.org || m.mspId !== here.mspId)
    return `it is a backup of ${m.org} (${m.mspId}), not of ${here.org} (${here.mspId})`;
  if (m.channel !== here.channel || m.network !== here.network)
    return (
      `it is a backup of another network (channel '${m.channel}', genesis block ${m.network.slice(0, 12)}…; ` +
      `this one: '${here.channel}', ${here.network.slice(0, 12)}…)`
    );
  if (m.fabricRelease !== here.fabricRelease)
    return `it was made with Fabric ${m.fabricRelease}, and this network runs Fabric ${here.fabricRelease}`;
  if (m.ordering !== here.ordering)
    return `it was made with ${m.ordering} ordering, and this network runs ${here.ordering} ordering`;
  return undefined;
}

/** The folders (relative to the state folder) that hold the organisation's state and exist now. */
export function orgStatePaths(paths: NetworkPaths, org: Organisation): string[] {
  const rel = (p: string) => path.relative(paths.state, p);
  const data = path.join(paths.state, 'data');
  const dataDirs = existsSync(data)
    ? readdirSync(data)
        .filter((name) => isOrgEntry(name, org))
        .map((name) => path.join(data, name))
    : [];
  return [paths.org(org).base, ...dataDirs, paths.orgChaincode(org)]
    .filter((p) => existsSync(p))
    .map(rel)
    .sort();
}

/** `peer.Health`, `peer1.Health`, `orderer.Health`…: a process or data folder of this organisation. */
function isOrgEntry(name: string, org: Organisation): boolean {
  return (
    /^[a-z]+\d*$/.test(name.slice(0, name.indexOf('.'))) && name.slice(name.indexOf('.') + 1) === org.name
  );
}

/** Peers before their chaincode server, before the orderer, before the CA. */
function stopOrder(name: string): number {
  return ['peer', 'chaincode', 'orderer', 'ca'].findIndex((kind) => new RegExp(`^${kind}\\d*\\.`).test(name));
}

/** The recorded processes of an organisation (CA, orderer, peers, chaincode server). */
export function orgProcesses({ procs }: Network, org: Organisation): string[] {
  return procs.names().filter((name) => isOrgEntry(name, org));
}

/** Where an archive entry may go on restore: only inside this organisation's own folders. */
export function entryAllowed(entry: string, org: Organisation): boolean {
  const clean = entry.replace(/^\.\//, '').replace(/\/$/, '');
  if (clean === MANIFEST_FILE) return true;
  if (!isPlainRelative(clean)) return false;
  const [top, second] = clean.split('/');
  if (second === undefined) return top === 'orgs' || top === 'data' || top === 'chaincode';
  if (top === 'orgs' || top === 'chaincode') return second === org.name;
  return top === 'data' && isOrgEntry(second, org);
}

/** A relative path with no `.` or `..` step. */
function isPlainRelative(entry: string): boolean {
  return entry !== '' && !path.isAbsolute(entry) && !entry.split('/').some((s) => s === '..' || s === '.');
}

/** The default archive: `<state>/backups/<Org>-<time>.tar.gz` (removed by `network:down -- --clean`). */
export function defaultBackupFile(paths: NetworkPaths, org: Organisation, now = new Date()): string {
  return path.join(paths.state, 'backups', `${org.name}-${now.toISOString().replace(/[:.]/g, '-')}.tar.gz`);
}

export interface BackupResult {
  file: string;
  bytes: number;
  manifest: BackupManifest;
  stopped: string[];
  ms: number;
}

/**
 * Stops the organisation's processes (by recorded pid), then writes its state to a tar.gz (0600). The
 * processes stay stopped: `network:up` brings them back.
 */
export async function backupOrg(network: Network, org: Organisation, out?: string): Promise<BackupResult> {
  const { topology, paths, procs } = network;
  const started = Date.now();
  const file = path.resolve(out ?? defaultBackupFile(paths, org));
  if (existsSync(file)) throw new Error(`${file} already exists: name another file with --out`);
  const identity = identityOf(topology, paths, org);
  const height =
    procs.alivePid(`peer.${org.name}`) === undefined ? undefined : await peerHeight(topology, paths, org);

  step(`Stopping ${org.name}'s processes`);
  const stopped: string[] = [];
  for (const name of orgProcesses(network, org).sort((a, b) => stopOrder(a) - stopOrder(b))) {
    const t = Date.now();
    if (await procs.stop(name)) {
      stopped.push(name);
      detail(`stopped ${name} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
    }
  }
  if (stopped.length === 0) detail('none was running');

  const manifest: BackupManifest = {
    format: FORMAT,
    ...identity,
    createdAt: new Date().toISOString(),
    paths: orgStatePaths(paths, org),
    ...(height === undefined ? {} : { peerHeight: height }),
  };
  step(`Writing ${org.name}'s state (${manifest.paths.join(', ')})`);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const work = mkdtempSync(path.join(paths.state, '.backup-'));
  // Created empty with mode 0600 first, so the private keys are never readable by others.
  closeSync(openSync(file, 'wx', 0o600));
  try {
    writeFileSync(path.join(work, MANIFEST_FILE), JSON.stringify(manifest, null, 2), { mode: 0o600 });
    await run('tar', ['-czf', file, '-C', work, MANIFEST_FILE, '-C', paths.state, ...manifest.paths], {
      timeoutMs: 600_000,
    });
    chmodSync(file, 0o600);
  } catch (error) {
    rmSync(file, { force: true });
    throw error;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return { file, bytes: statSync(file).size, manifest, stopped, ms: Date.now() - started };
}

/** Reads an archive's manifest without extracting anything else. */
export async function readManifest(file: string): Promise<unknown> {
  const { stdout } = await run('tar', ['-xzOf', file, MANIFEST_FILE]).catch(() => {
    throw new Error(`${file} is not a backup made by network:backup (no ${MANIFEST_FILE} inside)`);
  });
  try {
    return JSON.parse(stdout) as unknown;
  } catch {
    throw new Error(`${file}: its ${MANIFEST_FILE} is not JSON`);
  }
}

export interface RestoreResult {
  manifest: BackupManifest;
  restored: string[];
  removed: string[];
  /** The orderer's data folder, when its current one was kept rather than rolled back. */
  kept?: string;
  ms: number;
}

export interface RestoreOptions {
  /**
   * Roll the orderer's data (Raft WAL and block ledger) back to the backup's even though a current one
   * exists. Off by default: see `ordererDataToKeep`.
   */
  rollBackOrderer?: boolean;
}

/**
 * The orderer data folder a restore keeps (relative to the state folder), if any. A Raft node must
 * never lose log entries it has acknowledged: the leader remembers how far each follower got, and a
 * follower that comes back with a shorter log stops with "tocommit(N) is out of range [lastIndex(M)].
 * Was the raft log corrupted, truncated, or lost?" (seen on this network). An orderer's data only ever
 * grows with the channel and the other orderers hold the same blocks, so its current folder is kept
 * unless it is missing (lost disk: the backup's is the only one) or the operator asks otherwise.
 */
export function ordererDataToKeep(
  org: Organisation,
  present: string[],
  options: RestoreOptions = {},
): string | undefined {
  const rel = path.join('data', `orderer.${org.name}`);
  return org.orderer !== undefined && present.includes(rel) && options.rollBackOrderer !== true
    ? rel
    : undefined;
}

/**
 * Replaces the organisation's state with a backup's. Refuses while any of its processes runs, and an
 * archive of another organisation or network, or one with entries outside the organisation's folders.
 * The folders are swapped in place (the current ones are moved aside first and put back if anything
 * fails), then the current ones are deleted.
 */
export async function restoreOrg(
  network: Network,
  org: Organisation,
  from: string,
  options: RestoreOptions = {},
): Promise<RestoreResult> {
  const { paths } = network;
  const started = Date.now();
  const file = path.resolve(from);
  const manifest = await checkRestorable(network, org, file);

  step(`Restoring ${org.name} from the backup of ${manifest.createdAt}`);
  const work = mkdtempSync(path.join(paths.state, '.restore-'));
  try {
    const extracted = path.join(work, 'backup');
    mkdirSync(extracted, { mode: 0o700 });
    await run('tar', ['-xzf', file, '-C', extracted, '--no-same-owner'], { timeoutMs: 600_000 });
    assertNoLinks(extracted);
    const present = orgStatePaths(paths, org);
    const kept = ordererDataToKeep(org, present, options);
    const current = present.filter((rel) => rel !== kept);
    const wanted = manifest.paths.filter((rel) => rel !== kept);
    if (kept) detail(`kept the current ${kept}: a Raft orderer must not be rolled back (see README)`);
    else if (manifest.paths.includes(path.join('data', `orderer.${org.name}`)))
      detail(
        `rolling data/orderer.${org.name} back to the backup: if this orderer ran after the backup, Raft stops it ` +
          "('tocommit … out of range') until the ordering leader changes",
      );
    swapIn(paths.state, extracted, path.join(work, 'previous'), current, wanted);
    for (const rel of wanted) privatiseState(path.join(paths.state, rel));
    const removed = current.filter((rel) => !manifest.paths.includes(rel));
    for (const rel of removed) detail(`removed ${rel} (not in the backup)`);
    return { manifest, restored: wanted, removed, ...(kept ? { kept } : {}), ms: Date.now() - started };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Everything a restore checks before it touches a file: the archive exists, its manifest is of this
 * organisation and network, none of the organisation's processes runs, and every entry stays inside
 * the organisation's own folders.
 */
async function checkRestorable(network: Network, org: Organisation, file: string): Promise<BackupManifest> {
  const { topology, paths, procs } = network;
  if (!existsSync(file)) throw new Error(`no backup at ${file}`);
  const raw = await readManifest(file);
  const refusal = manifestRefusal(raw, identityOf(topology, paths, org));
  if (refusal) throw new Error(`refusing to restore ${file}: ${refusal}`);
  const manifest = manifestSchema.parse(raw);
  const running = orgProcesses(network, org).filter((name) => procs.alivePid(name) !== undefined);
  if (running.length > 0)
    throw new Error(
      `${org.name}'s processes are running (${running.join(', ')}); restore replaces their files, so stop them ` +
        `first: npm run network:backup -- --org ${org.name} stops them and saves the current state.`,
    );
  const { stdout } = await run('tar', ['-tzf', file], { timeoutMs: 300_000 });
  const outside = [...stdout.split('\n'), ...manifest.paths].filter((e) => e !== '' && !entryAllowed(e, org));
  if (outside.length > 0)
    throw new Error(
      `refusing to restore ${file}: entries outside ${org.name}'s folders: ${outside.slice(0, 5).join(', ')}`,
    );
  return manifest;
}

/**
 * Moves the `current` folders of the state aside, then the `wanted` ones from the extracted archive
 * into place; if anything fails, puts everything back as it was.
 */
function swapIn(state: string, extracted: string, aside: string, current: string[], wanted: string[]): void {
  const moved: string[] = [];
  const placed: string[] = [];
  try {
    for (const rel of current) {
      mkdirSync(path.dirname(path.join(aside, rel)), { recursive: true });
      renameSync(path.join(state, rel), path.join(aside, rel));
      moved.push(rel);
    }
    for (const rel of wanted) {
      const source = path.join(extracted, rel);
      if (!existsSync(source)) throw new Error(`the archive lacks ${rel}, which its manifest names`);
      mkdirSync(path.dirname(path.join(state, rel)), { recursive: true, mode: 0o700 });
      renameSync(source, path.join(state, rel));
      placed.push(rel);
      detail(`restored ${rel}`);
    }
  } catch (error) {
    for (const rel of placed) rmSync(path.join(state, rel), { recursive: true, force: true });
    for (const rel of moved) renameSync(path.join(aside, rel), path.join(state, rel));
    throw error;
  }
}

/** Refuses symbolic and hard links in an extracted archive: a restore writes plain files only. */
function assertNoLinks(dir: string): void {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const stat = lstatSync(full);
    if (stat.isSymbolicLink()) throw new Error(`refusing to restore: the archive holds a link (${name})`);
    if (stat.isDirectory()) assertNoLinks(full);
    else if (stat.nlink > 1) throw new Error(`refusing to restore: the archive holds a hard link (${name})`);
  }
}
