/**
 * Revoking an identity so that the network itself refuses it: the organisation's CA revokes the
 * certificate and issues a new certificate revocation list (CRL), and the organisation's admin puts
 * that CRL into the organisation's MSP definition on the channel (a channel configuration update, in
 * every group where the organisation is defined). From the next block on, every peer and orderer
 * rejects a proposal or transaction signed by the revoked certificate: it can no longer endorse,
 * submit or read through any gateway.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { peerHeight } from './channel';
import { CaClient } from './identities';
import { detail, step } from './log';
import type { Network } from './network';
import { peerCliEnv } from './nodes';
import { run } from './proc';
import { ordererOrganisations, type Organisation } from './topology';
import { waitFor } from './wait';

/** The configuration groups (by name under the channel group) where an organisation can be defined. */
const GROUPS = ['Application', 'Orderer'] as const;

interface ConfigBlockJson {
  data: { data: { payload: { data: { config?: { channel_group: ConfigGroupJson } } } }[] };
}

interface ConfigGroupJson {
  groups?: Record<string, ConfigGroupJson>;
  values?: Record<string, { value?: { config?: { revocation_list?: string[] } } }>;
}

/**
 * Revokes `username` at the organisation's CA and publishes the CA's new CRL to the channel.
 * @throws Error when the CA refuses the revocation or the channel update is rejected.
 */
export async function revokeIdentity(
  net: Network,
  org: Organisation,
  username: string,
  reason = 'keycompromise',
): Promise<void> {
  step(`Revoking ${username} at ${org.name}'s CA`);
  const crlPem = await new CaClient(net.topology, net.paths, org).revoke(username, reason);
  await publishRevocationList(net, org, crlPem);
}

/** Sets the organisation's revocation list in every group that defines it; returns how many did. */
function setRevocationList(channelGroup: ConfigGroupJson, mspId: string, crlPem: string): number {
  const crl = Buffer.from(crlPem).toString('base64');
  let defined = 0;
  for (const group of GROUPS) {
    const mspConfig = channelGroup.groups?.[group]?.groups?.[mspId]?.values?.MSP?.value?.config;
    if (!mspConfig) continue;
    mspConfig.revocation_list = [crl];
    defined++;
  }
  return defined;
}

/** configtxlator in a scratch folder: decode, encode and diff channel configurations. */
class ConfigWorkspace {
  constructor(
    readonly dir: string,
    private readonly binary: string,
  ) {}

  file(name: string): string {
    return path.join(this.dir, name);
  }

  async decode(input: string, type: string): Promise<unknown> {
    await run(this.binary, [
      'proto_decode',
      '--input',
      this.file(input),
      '--type',
      type,
      '--output',
      this.file(`${input}.json`),
    ]);
    return JSON.parse(readFileSync(this.file(`${input}.json`), 'utf8')) as unknown;
  }

  async encode(value: unknown, type: string, output: string): Promise<void> {
    writeFileSync(this.file(`${output}.json`), JSON.stringify(value));
    await run(this.binary, [
      'proto_encode',
      '--input',
      this.file(`${output}.json`),
      '--type',
      type,
      '--output',
      this.file(output),
    ]);
  }

  /** The signed-to-be envelope of the update from `original` to `updated` (both common.Config). */
  async updateEnvelope(channel: string, original: unknown, updated: unknown): Promise<string> {
    await this.encode(original, 'common.Config', 'original.pb');
    await this.encode(updated, 'common.Config', 'updated.pb');
    await run(this.binary, [
      'compute_update',
      '--channel_id',
      channel,
      '--original',
      this.file('original.pb'),
      '--updated',
      this.file('updated.pb'),
      '--output',
      this.file('update.pb'),
    ]);
    const update = await this.decode('update.pb', 'common.ConfigUpdate');
    const envelope = {
      payload: {
        header: { channel_header: { channel_id: channel, type: 2 } },
        data: { config_update: update },
      },
    };
    await this.encode(envelope, 'common.Envelope', 'envelope.pb');
    return this.file('envelope.pb');
  }
}

/**
 * Replaces the organisation's revocation list in the channel configuration with `crlPem`.
 * @throws Error when the configuration update is rejected.
 */
export async function publishRevocationList(net: Network, org: Organisation, crlPem: string): Promise<void> {
  const { topology, paths } = net;
  const [orderer] = ordererOrganisations(topology);
  if (!orderer) throw new Error('no orderer');
  const env = peerCliEnv(topology, paths, org);
  const ordererArgs = [
    '-o',
    `${orderer.host}:${orderer.orderer.port}`,
    '--tls',
    '--cafile',
    paths.org(orderer).caCert,
  ];
  const work = new ConfigWorkspace(
    mkdtempSync(path.join(os.tmpdir(), 'crl-')),
    paths.binary('configtxlator'),
  );
  try {
    step(`Publishing ${org.name}'s revocation list to channel '${topology.channel}'`);
    const peerCli = (args: string[]) =>
      run(paths.binary('peer'), [...args, '-c', topology.channel, ...ordererArgs], { env });
    await peerCli(['channel', 'fetch', 'config', work.file('block.pb')]);
    const block = (await work.decode('block.pb', 'common.Block')) as ConfigBlockJson;
    const original = block.data.data[0]?.payload.data.config;
    if (!original) throw new Error('the channel configuration block has no configuration');
    const updated = structuredClone(original);
    const defined = setRevocationList(updated.channel_group, org.mspId, crlPem);
    if (defined === 0) throw new Error(`${org.mspId} is not defined on channel '${topology.channel}'`);
    const envelope = await work.updateEnvelope(topology.channel, original, updated);
    const before = (await peerHeight(topology, paths, org)) ?? 0;
    // The organisation's admin signs (its MSP's modification policy is its own Admins) and submits.
    await peerCli(['channel', 'update', '-f', envelope]);
    for (const peerOrg of topology.organisations) {
      await waitFor(
        `peer.${peerOrg.name} to commit the configuration update`,
        async () => ((await peerHeight(topology, paths, peerOrg)) ?? 0) > before,
        { timeoutMs: 30_000, intervalMs: 500 },
      );
    }
    detail(`${org.mspId}'s revocation list is on the channel (${defined} group${defined > 1 ? 's' : ''})`);
  } finally {
    rmSync(work.dir, { recursive: true, force: true });
  }
}
