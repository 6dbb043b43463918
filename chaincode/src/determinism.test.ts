import { TRANSACTIONS, type TransactionName } from '@procurement/contract';
import { canonical } from './ledger/canonical';
import { Ledger } from './testing/harness';
import {
  createAndPublish,
  DAY,
  OPENERS,
  OPENING,
  placeBid,
  prepareIdentities,
  releaseShares,
  registerVendors,
  setPolicy,
  SUBMISSION,
  T0,
  tenderInput,
  WHO,
} from './testing/fixtures';

beforeAll(prepareIdentities);

/** Every state-changing transaction at least once, on a fresh ledger. */
async function story(): Promise<Ledger> {
  const ledger = new Ledger(T0);
  await setPolicy(ledger, {
    minSubmissionSeconds: { open: 86400, restricted: 86400 },
    minRevealSeconds: 3600,
    maxRevealSeconds: 30 * 86400,
    standstillSeconds: 86400,
    amendmentExtensionSeconds: 3 * 86400,
    minPriceWeight: 20,
    scoringSeconds: 14 * 86400,
    clockToleranceSeconds: 30,
  });
  await registerVendors(ledger, WHO.vendorA, WHO.vendorB, WHO.vendorC);
  await ledger.ok(WHO.vendorA, 'vendor:ApproveUser', ['V-A', WHO.secondA.username]);
  await createAndPublish(ledger);
  await ledger.ok(WHO.officer, 'tender:Create', [canonical(tenderInput({ id: 'T-2' }))]);
  await ledger.ok(WHO.officer, 'tender:Cancel', ['T-2', 'duplicate']);
  await createAndPublish(ledger, tenderInput({ id: 'T-3' }));
  ledger.advance(DAY);
  const a = await placeBid(ledger, WHO.vendorA, 'T-1', 'bid-a', '90000000');
  const b0 = await placeBid(ledger, WHO.vendorB, 'T-1', 'bid-b0', '99000000');
  await ledger.ok(WHO.vendorB, 'bid:Withdraw', ['T-1', b0]);
  const b = await placeBid(ledger, WHO.vendorB, 'T-1', 'bid-b', '80000000');
  await placeBid(ledger, WHO.vendorC, 'T-1', 'bid-c1', '85000000');
  const c = await placeBid(ledger, WHO.vendorC, 'T-1', 'bid-c2', '75000000');
  ledger.nowMs = SUBMISSION - DAY;
  await ledger.ok(WHO.officer, 'tender:Amend', [
    'T-1',
    canonical({ reason: 'new drawing', changes: { documents: [{ name: 'd.pdf', sha256: 'c'.repeat(64) }] } }),
  ]);
  ledger.nowMs = SUBMISSION + 3 * DAY;
  await releaseShares(ledger, 'T-1', OPENERS.slice(0, 2));
  await ledger.ok(WHO.officer, 'bid:Open', ['T-1']);
  await releaseShares(ledger, 'T-1', OPENERS.slice(2));
  ledger.nowMs = OPENING + 3 * DAY;
  await ledger.ok(WHO.auditor, 'tender:ApproveCancel', ['T-3', 'no bids']);
  await ledger.ok(WHO.officer, 'tender:Cancel', ['T-3', 'no bids']);
  await ledger.ok(WHO.eva3, 'evaluation:Submit', [
    'T-1',
    canonical({ bidId: a, scores: {}, conflictOfInterest: true }),
  ]);
  for (const ev of [WHO.eva1, WHO.eva2]) {
    for (const [bid, q] of [
      [a, 9],
      [b, 6],
      [c, 3],
    ] as const) {
      await ledger.ok(ev, 'evaluation:Submit', [
        'T-1',
        canonical({ bidId: bid, scores: { quality: q, delivery: 4 }, conflictOfInterest: false }),
      ]);
    }
  }
  await ledger.ok(WHO.officer, 'award:Make', ['T-1']);
  await ledger.ok(WHO.vendorB, 'award:LodgeChallenge', ['T-1', 'ch-1', 'abnormally low']);
  await ledger.ok(WHO.auditor, 'vendor:Debar', [
    'V-A',
    canonical({ reason: 'fraud', until: '2030-01-01T00:00:00Z' }),
  ]);
  await ledger.ok(WHO.auditor, 'award:DecideChallenge', ['ch-1', 'upheld', 'winner debarred']);
  await ledger.ok(WHO.officer, 'award:Make', ['T-1']);
  await ledger.ok(WHO.vendorA, 'award:LodgeChallenge', ['T-1', 'ch-2', 'unfair']);
  await ledger.ok(WHO.auditor, 'award:DecideChallenge', ['ch-2', 'dismissed', 'debarment stands']);
  await ledger.ok(WHO.auditor, 'vendor:Reinstate', ['V-A', 'appeal won']);
  ledger.advance(2 * DAY);
  await ledger.ok(WHO.officer, 'award:RecordContract', ['T-1', '{}']);
  return ledger;
}

const STATE_CHANGING: TransactionName[] = [
  'policy:Propose',
  'policy:Approve',
  'tender:Create',
  'tender:Publish',
  'tender:Amend',
  'tender:Cancel',
  'openingKey:Register',
  'tender:ApproveCancel',
  'bid:Seal',
  'bid:Withdraw',
  'bid:ReleaseShares',
  'bid:Open',
  'evaluation:Submit',
  'award:Make',
  'award:LodgeChallenge',
  'award:DecideChallenge',
  'award:RecordContract',
  'vendor:Register',
  'vendor:ApproveUser',
  'vendor:Debar',
  'vendor:Reinstate',
];

describe('determinism', () => {
  it('when every state-changing transaction runs twice on fresh stubs, then write sets, events and results are byte-identical', async () => {
    const first = await story();
    const second = await story();
    expect(new Set(first.journal.map((j) => j.name).filter((n) => TRANSACTIONS[n].writes))).toEqual(
      new Set(STATE_CHANGING),
    );
    expect(first.journal.length).toBe(second.journal.length);
    first.journal.forEach((entry, i) => {
      const other = second.journal[i];
      expect(other?.name).toBe(entry.name);
      expect(other?.result).toBe(entry.result);
      expect(other?.writes).toEqual(entry.writes);
      expect(other?.events).toEqual(entry.events);
      // Exactly one event per state-changing transaction, none for a query.
      expect(entry.events).toHaveLength(TRANSACTIONS[entry.name].writes ? 1 : 0);
      expect(entry.error).toBeUndefined();
    });
    expect(second.stub.snapshot()).toBe(first.stub.snapshot());
  });

  it('when results are returned, then they are canonical JSON (sorted keys, no whitespace)', async () => {
    const ledger = await story();
    for (const entry of ledger.journal) {
      expect(canonical(JSON.parse(entry.result ?? ''))).toBe(entry.result);
      for (const w of entry.writes) {
        if (w.value !== undefined && w.value.startsWith('{'))
          expect(canonical(JSON.parse(w.value))).toBe(w.value);
      }
    }
    expect(ledger.journal.at(-1)?.name).toBe('award:RecordContract');
  });
});
