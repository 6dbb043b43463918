/**
 * Each organisation's opener (issue 9): an identity with the `opener` role, an opening key pair whose
 * private half never leaves the organisation's own state folder (files 0600), the public half
 * registered on the ledger by that identity, and the opener duty as a process beside the peer
 * (`opener.<Org>`) that releases the organisation's key shares after each submission deadline.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  type OpeningKeys,
  canonicalJson,
  generateOpeningKeyPair,
  openingPrivateJwkJson,
} from '@procurement/contract';
import { connectAs } from './fabric-client';
import { CaClient, onlyFile } from './identities';
import { detail } from './log';
import type { NetworkPaths } from './paths';
import type { ProcessRegistry } from './proc';
import { ROOT, namespaceOf, type Organisation, type Topology } from './topology';

/** The opener's user folder name under the organisation's users/. */
export const OPENER_USER = 'opener';

/** The built opener duty's entry point. */
export const OPENER_ENTRY = path.join(ROOT, 'gateway', 'dist', 'opener', 'main.js');

export function openerProcess(org: Organisation): string {
  return `opener.${org.name}`;
}

/** Where an organisation's opening private keys live (`<keyId>.jwk` and `current`). */
export function openingKeyDir(paths: NetworkPaths, org: Organisation): string {
  return path.join(paths.org(org).base, 'opening-keys');
}

function openerMsp(paths: NetworkPaths, org: Organisation): string {
  return path.join(paths.org(org).user(OPENER_USER), 'msp');
}

/** The opener's certificate and key files, as the connection profile names them. */
export function openerFiles(paths: NetworkPaths, org: Organisation) {
  const msp = openerMsp(paths, org);
  return {
    certPath: path.join(msp, 'signcerts', 'cert.pem'),
    keyPath: onlyFile(path.join(msp, 'keystore')),
    keyDir: openingKeyDir(paths, org),
  };
}

/** The opener identity, registered and enrolled at the organisation's CA the first time. */
export async function ensureOpenerIdentity(
  topology: Topology,
  paths: NetworkPaths,
  org: Organisation,
): Promise<void> {
  if (existsSync(path.join(openerMsp(paths, org), 'signcerts', 'cert.pem'))) return;
  await new CaClient(topology, paths, org).registerAndEnrol(paths.org(org).user(OPENER_USER), {
    name: `${org.name.toLowerCase()}-opener`,
    type: 'client',
    attrs: ['role=opener:ecert'],
  });
  detail(`${org.name}: opener identity enrolled`);
}

/** The organisation's opening key pair, made the first time; returns the current key id. */
export function ensureOpeningKey(paths: NetworkPaths, org: Organisation): string {
  const dir = openingKeyDir(paths, org);
  const current = path.join(dir, 'current');
  if (existsSync(current)) return readFileSync(current, 'utf8').trim();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pair = generateOpeningKeyPair();
  writeFileSync(path.join(dir, `${pair.keyId}.jwk`), openingPrivateJwkJson(pair.privateJwk), { mode: 0o600 });
  writeFileSync(path.join(dir, `${pair.keyId}.pub`), pair.publicKey, { mode: 0o600 });
  writeFileSync(current, `${pair.keyId}\n`, { mode: 0o600 });
  detail(`${org.name}: opening key ${pair.keyId.slice(0, 12)}… made`);
  return pair.keyId;
}

/**
 * Registers the organisation's current opening key on the ledger, signed by its own opener, unless the
 * ledger already has it. Every organisation endorses, so the first registration meets the chaincode's
 * majority policy and a rotation meets the key-level policy (this organisation).
 */
export async function registerOpeningKey(
  topology: Topology,
  paths: NetworkPaths,
  org: Organisation,
): Promise<void> {
  const dir = openingKeyDir(paths, org);
  const keyId = readFileSync(path.join(dir, 'current'), 'utf8').trim();
  const publicKey = readFileSync(path.join(dir, `${keyId}.pub`), 'utf8').trim();
  const conn = connectAs(topology, paths, org, OPENER_USER);
  try {
    const contract = conn.gateway.getNetwork(topology.channel).getContract(topology.chaincode.name);
    const listed = JSON.parse(
      Buffer.from(await contract.evaluateTransaction('openingKey:List')).toString('utf8'),
    ) as OpeningKeys;
    if (listed.keys.some((k) => k.organisation === org.mspId && k.keyId === keyId)) return;
    await contract.submit('openingKey:Register', {
      arguments: [canonicalJson({ keyId, publicKey })],
      endorsingOrganizations: topology.organisations.map((o) => o.mspId),
    });
    detail(`${org.name}: opening key registered on the ledger`);
  } finally {
    conn.close();
  }
}

/** Runs the organisation's opener duty unless it is running. */
export function ensureOpenerProcess(
  topology: Topology,
  paths: NetworkPaths,
  procs: ProcessRegistry,
  org: Organisation,
): void {
  const name = openerProcess(org);
  if (procs.alivePid(name) !== undefined) return;
  if (!existsSync(OPENER_ENTRY))
    throw new Error(`the opener is not built (${OPENER_ENTRY}); run npm run build`);
  procs.start({
    name,
    command: process.execPath,
    args: [OPENER_ENTRY],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      CONNECTION_PROFILE: paths.connectionProfile,
      OPENER_ORG: org.mspId,
      OPENER_POLL_MS: process.env.OPENER_POLL_MS ?? '2000',
      LOG_LEVEL: process.env.OPENER_LOG_LEVEL ?? 'info',
    },
    cwd: ROOT,
    namespace: namespaceOf(topology, org),
  });
  detail(`started ${name}`);
}
