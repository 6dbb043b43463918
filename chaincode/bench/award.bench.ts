/**
 * In-process benchmark on the in-memory stub: award a bestPriceQuality tender with 1,000 revealed bids
 * and 3 evaluators, and the CPU cost of bid:Seal and bid:Reveal. Prints figures; asserts nothing.
 * Run: npm run bench -w chaincode
 */
import { performance } from 'node:perf_hooks';
import { pemOf, type Identity } from '../src/testing/certs';
import {
  createAndPublish,
  DAY,
  OPENING,
  prepareIdentities,
  sealedBid,
  SUBMISSION,
  T0,
  tenderInput,
  WHO,
} from '../src/testing/fixtures';
import { Ledger } from '../src/testing/harness';
import { canonical } from '../src/ledger/canonical';

const BIDS = 1000;

function cpuMicros(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return d.user + d.system;
}

async function main(): Promise<void> {
  await prepareIdentities();
  const ledger = new Ledger(T0);
  const vendors: Identity[] = Array.from({ length: BIDS }, (_, i) => ({
    mspId: 'SuppliersMSP',
    username: `vendor${i}`,
    role: 'vendor',
    vendorId: `V-${String(i).padStart(4, '0')}`,
  }));
  // Certificates are made up front so that their generation is not timed.
  await Promise.all(vendors.map((v) => pemOf(v)));
  for (const v of vendors) {
    await ledger.ok(WHO.registrar, 'vendor:Register', [
      canonical({ vendorId: v.vendorId, legalName: `${v.username} Ltd` }),
    ]);
  }
  await createAndPublish(ledger, tenderInput({ budgetCeiling: { amount: '999999999', currency: 'EUR' } }));
  ledger.advance(DAY);

  let sealCpu = 0;
  let commitCpu = 0;
  const sealed: string[] = [];
  for (const [i, v] of vendors.entries()) {
    const json = sealedBid(
      'T-1',
      `bid-${i}`,
      v.vendorId ?? '',
      String(50_000_000 + ((i * 7919) % 50_000_000)),
    );
    sealed.push(json);
    let t = process.cpuUsage();
    await ledger.ok(v, 'bid:Seal', ['T-1', `bid-${i}`], { sealedBid: json, peer: 'SuppliersMSP' });
    sealCpu += cpuMicros(t);
    t = process.cpuUsage();
    await ledger.ok(v, 'bid:Commit', ['T-1', `bid-${i}`]);
    commitCpu += cpuMicros(t);
  }

  ledger.nowMs = SUBMISSION;
  let revealCpu = 0;
  for (const [i, v] of vendors.entries()) {
    const t = process.cpuUsage();
    await ledger.ok(v, 'bid:Reveal', ['T-1', `bid-${i}`, sealed[i] ?? '']);
    revealCpu += cpuMicros(t);
  }

  ledger.nowMs = OPENING;
  let evalCpu = 0;
  for (const ev of [WHO.eva1, WHO.eva2, WHO.eva3]) {
    for (let i = 0; i < BIDS; i++) {
      const t = process.cpuUsage();
      await ledger.ok(ev, 'evaluation:Submit', [
        'T-1',
        canonical({
          bidId: `bid-${i}`,
          scores: { quality: i % 11, delivery: i % 6 },
          conflictOfInterest: false,
        }),
      ]);
      evalCpu += cpuMicros(t);
    }
  }

  const wall = performance.now();
  const cpu = process.cpuUsage();
  const outcome = await ledger.call(WHO.officer, 'award:Make', ['T-1']);
  const awardCpu = cpuMicros(cpu) / 1000;
  const awardWall = performance.now() - wall;
  if (outcome.error) throw outcome.error;
  const writeBytes = outcome.writes.reduce((n, w) => n + (w.value?.length ?? 0), 0);

  const rows: [string, string][] = [
    ['bids / evaluators', `${BIDS} / 3 (bestPriceQuality)`],
    ['award:Make wall time', `${awardWall.toFixed(1)} ms`],
    ['award:Make CPU time', `${awardCpu.toFixed(1)} ms`],
    ['award:Make write set', `${outcome.writes.length} keys, ${(writeBytes / 1024).toFixed(0)} KiB`],
    ['bid:Seal CPU per call', `${(sealCpu / BIDS / 1000).toFixed(3)} ms`],
    ['bid:Commit CPU per call', `${(commitCpu / BIDS / 1000).toFixed(3)} ms`],
    ['bid:Reveal CPU per call', `${(revealCpu / BIDS / 1000).toFixed(3)} ms`],
    ['evaluation:Submit CPU per call', `${(evalCpu / (3 * BIDS) / 1000).toFixed(3)} ms`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(
    '\nprocurement chaincode, in-process on the in-memory stub (includes ClientIdentity parsing per call)\n',
  );
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
  console.log('');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
