/**
 * `npm run public:rebuild`, `npm run public:check`, `npm run export:ocds -- --out FILE`: the public
 * read model and its OCDS export from the command line (see scripts/lib/public-model.ts).
 */
import { check, exportOcds, rebuild } from './lib/public-model';
import { detail, step } from './lib/log';
import { openNetwork } from './lib/network';

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const net = openNetwork();
  if (command === 'rebuild') {
    step('Rebuilding the public read model from block 0');
    await rebuild(net);
  } else if (command === 'check') {
    step('Comparing the public read model with the ledger');
    const mismatches = await check(net);
    for (const m of mismatches)
      console.error(`${m.what}\n  read model: ${m.readModel}\n  ledger:     ${m.ledger}`);
    if (mismatches.length > 0) throw new Error(`${mismatches.length} differences`);
    detail('the read model matches the ledger');
  } else if (command === 'export') {
    const i = rest.indexOf('--out');
    const out = i === -1 ? undefined : rest[i + 1];
    if (out === undefined) throw new Error('usage: npm run export:ocds -- --out FILE');
    step(`Exporting OCDS record packages to ${out}`);
    const { written, invalid } = await exportOcds(net, out);
    detail(`${written} record packages written, ${invalid} invalid`);
    if (invalid > 0) throw new Error(`${invalid} record packages do not validate`);
  } else {
    console.error('usage: public.ts rebuild | check | export --out FILE');
    process.exit(2);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
