/**
 * The project's command line: `start`, `network up|down|status|logs`, the recovery commands
 * `network snapshot|add-peer|remove-peer|backup|restore`, `network revoke` and `network rotate-key`.
 * Run through npm scripts (see package.json), e.g. `npm run network:down -- --clean`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { addPeer, addedPeerStatus, ensureAddedPeers, removePeer } from './lib/added-peers';
import { backupOrg, restoreOrg } from './lib/backup';
import { detail, step } from './lib/log';
import { down, type Network, openNetwork, status, up } from './lib/network';
import { run } from './lib/proc';
import { takeSnapshot } from './lib/snapshot';
import { type Organisation, ROOT } from './lib/topology';

async function buildWorkspaces(): Promise<void> {
  step('Compiling TypeScript (chaincode, gateway) and building the portal (web/dist)');
  await run('npm', ['run', 'build'], { cwd: ROOT, timeoutMs: 300_000 });
}

function usage(): never {
  console.error(
    [
      'usage: cli.ts start [--hosts] [--no-demo-users] | network up [--hosts] [--no-demo-users] | network down [--clean]',
      '       network status | network logs NAME',
      '       network revoke --org ORG --user NAME [--reason REASON] | network rotate-key --org ORG',
      '       network snapshot [--org ORG] | network add-peer --org ORG [--from-snapshot [DIR]] | network remove-peer --org ORG',
      '       network backup --org ORG [--out FILE] | network restore --org ORG --from FILE [--roll-back-orderer]',
    ].join('\n'),
  );
  process.exit(2);
}

/** The value after `--name`, if given (`undefined` when the flag is absent). */
function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

/** The organisation named by `--org` (or the first one when it is optional and absent). */
function organisation(net: Network, args: string[], required: boolean): Organisation {
  const name = option(args, '--org');
  const names = net.topology.organisations.map((o) => o.name);
  if (name === undefined) {
    const [first] = net.topology.organisations;
    if (required || !first) throw new Error(`--org is required (one of: ${names.join(', ')})`);
    return first;
  }
  const org = net.topology.organisations.find((o) => o.name.toLowerCase() === name.toLowerCase());
  if (!org) throw new Error(`no organisation '${name}' (one of: ${names.join(', ')})`);
  return org;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

async function snapshotCommand(rest: string[]): Promise<void> {
  const net = openNetwork();
  const org = organisation(net, rest, false);
  step(`Snapshot of '${net.topology.channel}' on peer.${org.name}`);
  const s = await takeSnapshot(net, org);
  detail(
    `${s.reused ? 'already taken' : `done in ${seconds(s.ms)}`}: block ${s.blockNumber} (height ${s.height}), ` +
      `block hash ${s.lastBlockHash.slice(0, 16)}…`,
  );
  console.log(s.dir);
}

async function addPeerCommand(rest: string[]): Promise<void> {
  const net = openNetwork();
  const org = organisation(net, rest, true);
  const i = rest.indexOf('--from-snapshot');
  const dir = i === -1 ? undefined : rest[i + 1];
  const fromSnapshot = i === -1 ? false : dir !== undefined && !dir.startsWith('--') ? dir : true;
  const added = await addPeer(net, org, { fromSnapshot });
  const how = added.snapshot
    ? ` (joined from the snapshot of block ${added.snapshot.blockNumber} in ${seconds(added.joinMs)})`
    : ` (joined from the genesis block in ${seconds(added.joinMs)})`;
  detail(
    `${added.node.name} serves ${added.node.address} at height ${added.height}${how}, ` +
      `ready to endorse after ${seconds(added.totalMs)}`,
  );
}

async function removePeerCommand(rest: string[]): Promise<void> {
  const net = openNetwork();
  const org = organisation(net, rest, true);
  if (!(await removePeer(net, org))) detail(`${org.name} has no added peer`);
}

async function backupCommand(rest: string[]): Promise<void> {
  const net = openNetwork();
  const org = organisation(net, rest, true);
  const b = await backupOrg(net, org, option(rest, '--out'));
  detail(`${b.file}: ${(b.bytes / 1024 / 1024).toFixed(1)} MiB in ${seconds(b.ms)}`);
  detail('it holds private keys (mode 0600): keep it as safe as the keys themselves');
  detail(`${org.name}'s processes are stopped; npm run network:up brings them back`);
}

async function restoreCommand(rest: string[]): Promise<void> {
  const net = openNetwork();
  const org = organisation(net, rest, true);
  const from = option(rest, '--from');
  if (from === undefined) throw new Error('--from FILE is required');
  const r = await restoreOrg(net, org, from, { rollBackOrderer: rest.includes('--roll-back-orderer') });
  detail(`restored ${r.restored.length} folders in ${seconds(r.ms)} (backup of ${r.manifest.createdAt})`);
  detail(`start ${org.name} again with npm run network:up; its peer catches up from the others`);
}

/** `network:status`, with any added peers after the table. */
async function statusWithAddedPeers(net: Network): Promise<string> {
  const added = await addedPeerStatus(net);
  return [
    await status(net),
    ...(added.length > 0 ? ['added peers:', ...added.map((r) => `  ${r}`)] : []),
  ].join('\n');
}

async function start(rest: string[]): Promise<void> {
  await buildWorkspaces();
  const demoUsers = !rest.includes('--no-demo-users');
  const net = await up(openNetwork(), { hosts: rest.includes('--hosts'), demoUsers });
  await ensureAddedPeers(net);
  const { startGateway } = await import('./lib/gateway-process');
  await startGateway(net, { demoUsers });
}

async function revoke(rest: string[]): Promise<void> {
  const net = openNetwork();
  const org = organisation(net, rest, true);
  const user = option(rest, '--user');
  if (user === undefined) throw new Error('--user USERNAME is required');
  const { revokeIdentity } = await import('./lib/revocation');
  await revokeIdentity(net, org, user, option(rest, '--reason'));
}

/** A new opening key for one organisation: made in its state folder, registered by its opener, opener restarted. */
async function rotateKey(rest: string[]): Promise<void> {
  const net = openNetwork();
  const org = organisation(net, rest, true);
  const openers = await import('./lib/openers');
  const keyId = openers.newOpeningKey(net.paths, org);
  await openers.registerOpeningKey(net.topology, net.paths, org);
  await net.procs.stop(openers.openerProcess(org));
  openers.ensureOpenerProcess(net.topology, net.paths, net.procs, org);
  detail(`${org.name}'s bids are sealed to key ${keyId} from now on; its older keys still open older bids`);
}

function logs(rest: string[]): void {
  const [name] = rest;
  const net = openNetwork();
  if (!name) {
    console.error(`usage: npm run network:logs -- NAME   (one of: ${net.procs.names().join(', ')})`);
    process.exit(2);
  }
  const file = net.procs.logFile(name);
  if (!existsSync(file)) throw new Error(`no log for '${name}' (${file})`);
  detail(file);
  spawn('tail', ['-n', '100', '-F', file], { stdio: 'inherit' });
}

/** `network <sub>`: one entry per subcommand. */
const NETWORK: Record<string, (rest: string[]) => Promise<void> | void> = {
  up: async (rest) => {
    await buildWorkspaces();
    const net = await up(openNetwork(), {
      hosts: rest.includes('--hosts'),
      demoUsers: !rest.includes('--no-demo-users'),
    });
    await ensureAddedPeers(net);
    console.log(await statusWithAddedPeers(net));
  },
  down: (rest) => down(openNetwork(), { clean: rest.includes('--clean') }),
  status: async () => {
    console.log(await statusWithAddedPeers(openNetwork()));
  },
  snapshot: snapshotCommand,
  'add-peer': addPeerCommand,
  'remove-peer': removePeerCommand,
  backup: backupCommand,
  restore: restoreCommand,
  revoke,
  'rotate-key': rotateKey,
  logs,
};

async function main(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  if (command === 'start') return start([sub ?? '', ...rest]);
  const run = command === 'network' && sub !== undefined ? NETWORK[sub] : undefined;
  if (!run) usage();
  await run(rest);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`\n✖ ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
