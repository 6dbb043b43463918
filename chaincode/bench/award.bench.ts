/**
 * In-process benchmark on the in-memory stub: award a bestPriceQuality tender with 1,000 opened bids
 * and 3 evaluators, the CPU cost of bid:Seal (structure check of the envelope) and of opening (three
 * organisations' releases; the third opens every bid). Prints figures; asserts nothing.
 * Run: npm run bench -w chaincode
 */
import { performance } from 'node:perf_hooks';
import { pemOf, type Identity } from '../src/testing/certs';
import {
  createAndPublish,
  DAY,
  OPENERS,
  OPENING,
  bidContent,
  prepareIdentities,
  registerOpeningKeys,
  releaseShares,
  sealFor,
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
      canonical({ vendorId: v.vendorId, legalName: `${v.username} Ltd`, username: v.username }),
    ]);
  }
  await createAndPublish(ledger, tenderInput({ budgetCeiling: { amount: '999999999', currency: 'EUR' } }));
  ledger.advance(DAY);

  await registerOpeningKeys(ledger);
  let sealCpu = 0;
  const bidIds: string[] = [];
  for (const [i, v] of vendors.entries()) {
    const vendorId = v.vendorId ?? '';
    const amount = String(50_000_000 + ((i * 7919) % 50_000_000));
    const sealed = await sealFor('T-1', vendorId, `bid-${i}`, bidContent(vendorId, amount));
    bidIds.push(sealed.bidId);
    const t = process.cpuUsage();
    await ledger.ok(v, 'bid:Seal', ['T-1', sealed.nonce, sealed.envelopeJson]);
    sealCpu += cpuMicros(t);
  }

  ledger.nowMs = SUBMISSION;
  const releaseWall = performance.now();
  const releaseStart = process.cpuUsage();
  await releaseShares(ledger, 'T-1', OPENERS.slice(0, 3));
  const releaseCpu = cpuMicros(releaseStart);
  const openingWall = performance.now() - releaseWall;

  ledger.nowMs = OPENING;
  let evalCpu = 0;
  for (const ev of [WHO.eva1, WHO.eva2, WHO.eva3]) {
    for (let i = 0; i < BIDS; i++) {
      const t = process.cpuUsage();
      await ledger.ok(ev, 'evaluation:Submit', [
        'T-1',
        canonical({
          bidId: bidIds[i],
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
    [
      'opening: 3 releases (decrypt, release, open) CPU per bid',
      `${(releaseCpu / BIDS / 1000).toFixed(3)} ms`,
    ],
    ['opening throughput (in process, one core)', `${((BIDS * 1000) / openingWall).toFixed(0)} bids/s`],
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
