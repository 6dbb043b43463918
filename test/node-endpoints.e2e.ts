/**
 * The nodes' operations endpoints (/healthz, /metrics, /logspec) and the orderers' admin endpoint
 * (channel participation: join, list, remove) answer only clients holding a certificate from that
 * organisation's CA: no anonymous caller can read metrics, change a log level or remove the channel.
 */
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { operatorTlsFiles, operationsGet } from '../scripts/lib/operations';
import { CommandError, run } from '../scripts/lib/proc';
import { ordererOrganisations, type Organisation } from '../scripts/lib/topology';
import { httpGet } from '../scripts/lib/wait';
import { net } from './support/network';

const [health, audit] = ['Health', 'Audit'].map((name) => {
  const org = net.topology.organisations.find((o) => o.name === name);
  if (!org) throw new Error(`no ${name}`);
  return org;
}) as [Organisation, Organisation];

/** A request that must be refused: an error (handshake refused) or a non-2xx status. */
async function refused(attempt: Promise<{ status: number }>): Promise<boolean> {
  try {
    const res = await attempt;
    return res.status < 200 || res.status >= 300;
  } catch {
    return true;
  }
}

function put(
  url: string,
  body: string,
  tls: { ca: string; cert?: string; key?: string },
): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: 'PUT', ...tls, timeout: 3_000 }, (res) => {
      res.resume();
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0 });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('admin and operations endpoints need the organisation’s client certificate', () => {
  const caOf = (org: Organisation): string => readFileSync(net.paths.org(org).caCert, 'utf8');

  it('when the organisation’s admin asks, then /healthz and /metrics answer', async () => {
    const res = await operationsGet(net.paths, health, health.peer.operationsPort, '/healthz');
    expect(res.status).toBe(200);
    const metrics = await operationsGet(net.paths, health, health.peer.operationsPort, '/metrics');
    expect(metrics.body).toContain('ledger_blockchain_height');
  });

  it('when anyone asks without a client certificate, or over plain HTTP, then the peer and orderer operations endpoints refuse', async () => {
    const url = `https://${health.host}:${health.peer.operationsPort}/metrics`;
    expect(await refused(httpGet(url, { ca: caOf(health) }))).toBe(true);
    expect(await refused(httpGet(`http://${health.host}:${health.peer.operationsPort}/metrics`))).toBe(true);
    const orderer = ordererOrganisations(net.topology).find((o) => o.name === 'Health');
    if (!orderer) throw new Error('Health runs no orderer');
    const ordererUrl = `https://${orderer.host}:${orderer.orderer.operationsPort}/metrics`;
    expect(await refused(httpGet(ordererUrl, { ca: caOf(health) }))).toBe(true);
  });

  it('when another organisation’s admin asks, then Health’s endpoint refuses it', async () => {
    const other = operatorTlsFiles(net.paths, audit);
    const url = `https://${health.host}:${health.peer.operationsPort}/metrics`;
    const attempt = httpGet(url, {
      ca: caOf(health),
      cert: readFileSync(other.cert, 'utf8'),
      key: readFileSync(other.key, 'utf8'),
    });
    expect(await refused(attempt)).toBe(true);
  });

  it('when an anonymous caller tries to change the log level, then it is refused and the level is unchanged', async () => {
    const before = await operationsGet(net.paths, health, health.peer.operationsPort, '/logspec');
    const url = `https://${health.host}:${health.peer.operationsPort}/logspec`;
    expect(await refused(put(url, '{"spec":"DEBUG"}', { ca: caOf(health) }))).toBe(true);
    const after = await operationsGet(net.paths, health, health.peer.operationsPort, '/logspec');
    expect(after.body).toBe(before.body);
  });

  it('when osnadmin is used without the organisation’s client certificate, then the orderer refuses and the channel stays', async () => {
    const orderer = ordererOrganisations(net.topology).find((o) => o.name === 'Health');
    if (!orderer) throw new Error('Health runs no orderer');
    const address = `${orderer.host}:${orderer.orderer.adminPort}`;
    const osnadmin = net.paths.binary('osnadmin');
    const other = operatorTlsFiles(net.paths, audit);
    const remove = ['channel', 'remove', '--channelID', net.topology.channel, '-o', address];
    const withServerCa = [...remove, '--ca-file', net.paths.org(health).caCert];
    const attempts = [
      remove,
      withServerCa,
      [...withServerCa, '--client-cert', other.cert, '--client-key', other.key],
    ];
    for (const args of attempts) {
      const outcome = await run(osnadmin, args, { timeoutMs: 10_000 }).then(
        (r) => r.stdout,
        (e: unknown) => (e instanceof CommandError ? 'refused' : String(e)),
      );
      expect(outcome === 'refused' || !/Status: 204/.test(outcome)).toBe(true);
    }
    const own = operatorTlsFiles(net.paths, health);
    const { stdout } = await run(osnadmin, [
      'channel',
      'list',
      '-o',
      address,
      '--ca-file',
      own.ca,
      '--client-cert',
      own.cert,
      '--client-key',
      own.key,
    ]);
    expect(stdout).toContain(`"name": "${net.topology.channel}"`);
  });
});
