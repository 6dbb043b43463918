/**
 * `npm run demo:seed [-- --url URL] [--prefix ID]`: a realistic ledger for the demo, through the running gateway's
 * HTTP API as the demo users. Idempotent: a tender that exists is left alone, the policy is set to the
 * same values. It makes two dozen tenders across PublicWorks and Health, open for bids weeks ahead,
 * and a few short ones taken to award that raise every red flag at least once.
 */
import { scenarios, seedDemo } from './lib/demo-seed';
import { detail, step } from './lib/log';
import { openNetwork } from './lib/network';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const i = args.indexOf('--url');
  const net = openNetwork();
  const url = i === -1 ? `http://${net.topology.host}:${net.topology.gateway.port}` : (args[i + 1] ?? '');
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
