/**
 * `npm run demo:seed [-- --url URL] [--prefix ID]`: a realistic ledger for the demo, through the running gateway's
 * HTTP API as the demo users (over HTTPS, trusting the development certificate's CA, once `npm start` has
 * issued it). Idempotent: a tender that exists is left alone, the policy is set to the
 * same values. It makes two dozen tenders across PublicWorks and Health, open for bids weeks ahead,
 * and a few short ones taken to award that raise every red flag at least once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { scenarios, seedDemo } from './lib/demo-seed';
import { gatewayTlsFiles } from './lib/gateway-tls';
import { detail, step } from './lib/log';
import { openNetwork } from './lib/network';

/**
 * `npm start` serves HTTPS with a development certificate from the organisation's CA: fetch trusts that CA
 * only through NODE_EXTRA_CA_CERTS, which Node reads at start, so this script runs itself again with it.
 * Returns the child's exit code, or undefined when no second run is needed.
 */
function againTrusting(caFile: string): number | undefined {
  if (!existsSync(caFile) || process.env.NODE_EXTRA_CA_CERTS === caFile) return undefined;
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile },
    stdio: 'inherit',
  });
  return child.status ?? 1;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const i = args.indexOf('--url');
  const net = openNetwork();
  const tls = gatewayTlsFiles(net);
  const scheme = existsSync(tls.certFile) ? 'https' : 'http';
  const url =
    i === -1 ? `${scheme}://${net.topology.host}:${net.topology.gateway.port}` : (args[i + 1] ?? '');
  if (url.startsWith('https:')) {
    const code = againTrusting(tls.caFile);
    if (code !== undefined) process.exit(code);
  }
  const p = args.indexOf('--prefix');
  // Another prefix seeds a second, separate set (the default set is seeded once).
  const prefix = p === -1 ? 'demo' : (args[p + 1] ?? 'demo');
  step(`Seeding demo data through ${url} (${scenarios(prefix).length} tenders)`);
  const { created, skipped } = await seedDemo(url, detail, prefix);
  detail(`${created} tenders created, ${skipped} already there`);
  detail(`browse: ${url}/public/v1/tenders, ${url}/public/v1/red-flags, ${url}/public/v1/records`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
