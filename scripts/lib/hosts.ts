/**
 * Hosts mode (`network:up -- --hosts`): each organisation runs on its own host, made here as a Linux
 * network namespace with its own address on a bridge that this module creates. Everything the
 * organisation runs (CA, peer, orderer, chaincode server) listens on that address inside its namespace,
 * and reaches the others only across the bridge, as separate machines would. The scripts, the gateway
 * and the tests stay in the root namespace and reach every organisation through the bridge.
 *
 * Needs root (namespaces, links and addresses). Only the bridge, namespaces and addresses named in
 * the topology's `namespaces` block are created, and `network:down` removes exactly those.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { detail } from './log';
import { CommandError, run } from './proc';
import { hostsFilePath, hostsFileSchema, type HostsFile, type Topology } from './topology';

/** Why hosts mode cannot run here, or undefined if it can. */
export async function hostsModeUnavailable(): Promise<string | undefined> {
  if (typeof process.getuid === 'function' && process.getuid() !== 0)
    return 'hosts mode needs root: it creates network namespaces, a bridge and addresses (run as root, or without --hosts)';
  try {
    await run('ip', ['-V']);
  } catch {
    return 'hosts mode needs the `ip` command (Debian package iproute2)';
  }
  return undefined;
}

/** The addresses hosts mode gives: the bridge gets .1, the organisations .11, .12, … in topology order. */
export function planHosts(topology: Topology): HostsFile {
  const base = topology.namespaces.subnet.replace(/\.0\/24$/, '');
  return {
    bridge: topology.namespaces.bridge,
    bridgeAddress: `${base}.1`,
    organisations: Object.fromEntries(
      topology.organisations.map((org, i) => [
        org.name,
        { namespace: `${topology.namespaces.prefix}${org.name.toLowerCase()}`, address: `${base}.${11 + i}` },
      ]),
    ),
  };
}

async function ip(args: string[]): Promise<void> {
  await run('ip', args);
}

async function exists(args: string[]): Promise<boolean> {
  try {
    await run('ip', args);
    return true;
  } catch {
    return false;
  }
}

/** Creates (or re-creates after a reboot) the bridge and one namespace per organisation. */
export async function setUpHosts(
  topology: Topology,
  plan: HostsFile = planHosts(topology),
): Promise<HostsFile> {
  const why = await hostsModeUnavailable();
  if (why) throw new Error(why);
  const { bridge, bridgeAddress } = plan;
  if (!(await exists(['link', 'show', bridge]))) {
    await ip(['link', 'add', bridge, 'type', 'bridge']);
    await ip(['addr', 'add', `${bridgeAddress}/24`, 'dev', bridge]);
  }
  await ip(['link', 'set', bridge, 'up']);
  const names = Object.keys(plan.organisations);
  for (const [i, name] of names.entries()) {
    const host = plan.organisations[name];
    if (!host) continue;
    const { namespace, address } = host;
    const outside = `${topology.namespaces.prefix}${i}h`;
    const inside = `${topology.namespaces.prefix}${i}n`;
    if (!(await exists(['netns', 'exec', namespace, 'true']))) {
      await ip(['netns', 'add', namespace]);
    }
    if (!(await exists(['link', 'show', outside]))) {
      await ip(['link', 'add', outside, 'type', 'veth', 'peer', 'name', inside, 'netns', namespace]);
      await ip(['link', 'set', outside, 'master', bridge]);
      await ip(['netns', 'exec', namespace, 'ip', 'addr', 'add', `${address}/24`, 'dev', inside]);
    }
    await ip(['link', 'set', outside, 'up']);
    await ip(['netns', 'exec', namespace, 'ip', 'link', 'set', inside, 'up']);
    await ip(['netns', 'exec', namespace, 'ip', 'link', 'set', 'lo', 'up']);
    detail(`host of ${name}: ${address} (namespace ${namespace})`);
  }
  return plan;
}

/** Records the hosts in the state folder, so every later command of this network uses them. */
export function recordHosts(stateDir: string, plan: HostsFile): void {
  const file = hostsFilePath(stateDir);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(plan, null, 2), { mode: 0o600 });
}

export function readHosts(stateDir: string): HostsFile | undefined {
  const file = hostsFilePath(stateDir);
  return existsSync(file) ? hostsFileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))) : undefined;
}

/** Removes the namespaces and the bridge that setUpHosts made (their veth pairs go with them). */
export async function tearDownHosts(plan: HostsFile): Promise<void> {
  for (const { namespace } of Object.values(plan.organisations)) {
    try {
      await ip(['netns', 'delete', namespace]);
      detail(`removed namespace ${namespace}`);
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
    }
  }
  try {
    await ip(['link', 'delete', plan.bridge]);
    detail(`removed bridge ${plan.bridge}`);
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
  }
}
