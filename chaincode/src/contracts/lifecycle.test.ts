import type {
  Award,
  BidRecord,
  Challenge,
  ContractRecord,
  Page,
  Tender,
  TenderVersion,
} from '@procurement/contract';
import { canonical } from '../ledger/canonical';
import { Ledger } from '../testing/harness';
import {
  createAndPublish,
  DAY,
  OPENING,
  placeBid,
  prepareIdentities,
  releaseShares,
  registerVendors,
  SUBMISSION,
  T0,
  tenderInput,
  WHO,
} from '../testing/fixtures';

beforeAll(prepareIdentities);

describe('a tender from publication to contract', () => {
  it('when three vendors bid, reveal and are scored, then the best price-quality bid wins and the contract is recorded', async () => {
    const ledger = new Ledger(T0);
    await registerVendors(ledger, WHO.vendorA, WHO.vendorB, WHO.vendorC);
    await createAndPublish(ledger);

    ledger.advance(DAY);
    const a = await placeBid(ledger, WHO.vendorA, 'T-1', 'bid-a', '90000000');
    ledger.advance(1000);
    const b = await placeBid(ledger, WHO.vendorB, 'T-1', 'bid-b', '80000000');
    ledger.advance(1000);
    const c = await placeBid(ledger, WHO.vendorC, 'T-1', 'bid-c', '130000000');

    const before = await ledger.ok<{ items: BidRecord[]; total: number }>(WHO.vendorA, 'bid:List', [
      'T-1',
      '',
    ]);
    expect(before.total).toBe(3);
    expect(before.items.map((x) => [x.bidId, x.price])).toEqual([[a, undefined]]);
    expect(before.items.every((x) => /^[0-9a-f]{64}$/.test(x.commitment))).toBe(true);

    ledger.nowMs = SUBMISSION + 1000;
    await releaseShares(ledger, 'T-1');

    ledger.nowMs = OPENING + 1000;
    const after = await ledger.ok<{ items: BidRecord[] }>(WHO.healthOfficer, 'bid:List', ['T-1', '']);
    expect(after.items.map((x) => [x.vendorId, x.price?.amount]).sort()).toEqual([
      ['V-A', '90000000'],
      ['V-B', '80000000'],
      ['V-C', '130000000'],
    ]);

    for (const ev of [WHO.eva1, WHO.eva2, WHO.eva3]) {
      await ledger.ok(ev, 'evaluation:Submit', [
        'T-1',
        canonical({ bidId: a, scores: { quality: 10, delivery: 5 }, conflictOfInterest: false }),
      ]);
      await ledger.ok(ev, 'evaluation:Submit', [
        'T-1',
        canonical({ bidId: b, scores: { quality: 5, delivery: 2 }, conflictOfInterest: false }),
      ]);
    }
    const award = await ledger.ok<Award>(WHO.officer, 'award:Make', ['T-1']);
    // a: floor(6000*80/90)=5333 + 3000 + 1000 = 9333; b: 6000 + 1500 + floor(1000*6/15)=400 -> 7900
    expect(award.bidId).toBe(a);
    expect(award.score).toBe(9333);
    expect(award.ranking.map((r) => [r.bidId, r.score, r.compliant, r.reason, r.rank])).toEqual([
      [a, 9333, true, undefined, 1],
      [b, 7900, true, undefined, 2],
      [c, undefined, false, 'overBudget', undefined],
    ]);

    ledger.advance(10 * DAY);
    const contract = await ledger.ok<ContractRecord>(WHO.officer, 'award:RecordContract', ['T-1', '{}']);
    expect(contract.vendorId).toBe('V-A');
    const tender = await ledger.ok<Tender>(WHO.auditor, 'tender:Get', ['T-1']);
    expect(tender.status).toBe('contracted');
    const history = await ledger.ok<{ items: TenderVersion[] }>(WHO.auditor, 'tender:History', ['T-1']);
    expect(history.items.map((v) => [v.tender?.status, v.mspId])).toEqual([
      ['contracted', 'PublicWorksMSP'],
      ['awarded', 'PublicWorksMSP'],
      ['published', 'PublicWorksMSP'],
      ['draft', 'PublicWorksMSP'],
    ]);
    const awards = await ledger.ok<Page<Award>>(WHO.auditor, 'award:List', ['{}']);
    expect(awards.items.map((x) => [x.tenderId, x.status])).toEqual([['T-1', 'contracted']]);
  });

  it('when a challenge is upheld, then the award is annulled and the officer can award again', async () => {
    const ledger = new Ledger(T0);
    await registerVendors(ledger, WHO.vendorA, WHO.vendorB);
    await createAndPublish(ledger, tenderInput({ awardCriteria: { method: 'lowestPrice' } }));
    const a = await placeBid(ledger, WHO.vendorA, 'T-1', 'bid-a', '90000000');
    await placeBid(ledger, WHO.vendorB, 'T-1', 'bid-b', '95000000');
    ledger.nowMs = SUBMISSION;
    await releaseShares(ledger, 'T-1');
    ledger.nowMs = OPENING;
    const first = await ledger.ok<Award>(WHO.officer, 'award:Make', ['T-1']);
    expect(first.vendorId).toBe('V-A');
    const ch = await ledger.ok<Challenge>(WHO.vendorB, 'award:LodgeChallenge', [
      'T-1',
      'ch-1',
      'price is abnormally low',
    ]);
    expect(ch.status).toBe('open');
    await ledger.ok(WHO.auditor, 'vendor:Debar', ['V-A', canonical({ reason: 'fraud' })]);
    const decided = await ledger.ok<Challenge>(WHO.auditor, 'award:DecideChallenge', [
      'ch-1',
      'upheld',
      'bidder debarred',
    ]);
    expect(decided.decision?.decision).toBe('upheld');
    expect((await ledger.ok<Tender>(WHO.officer, 'tender:Get', ['T-1'])).status).toBe('evaluation');
    ledger.advance(1000);
    const second = await ledger.ok<Award>(WHO.officer, 'award:Make', ['T-1']);
    expect(second.vendorId).toBe('V-B');
    expect(second.ranking[1]).toMatchObject({ bidId: a, compliant: false, reason: 'debarred' });
    const awards = await ledger.ok<Page<Award>>(WHO.auditor, 'award:List', ['{}']);
    expect(awards.items.map((x) => [x.vendorId, x.status])).toEqual([
      ['V-B', 'standstill'],
      ['V-A', 'annulled'],
    ]);
  });
});
