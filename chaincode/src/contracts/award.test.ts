import type { Award, Challenge, Evaluation, Page, Recusal, Vendor } from '@procurement/contract';
import { canonical } from '../ledger/canonical';
import { Ledger } from '../testing/harness';
import {
  createAndPublish,
  DAY,
  iso,
  OPENING,
  placeBid,
  placeUnopenableBid,
  policyRules,
  prepareIdentities,
  releaseShares,
  registerVendors,
  setPolicy,
  SUBMISSION,
  T0,
  tenderInput,
  WHO,
} from '../testing/fixtures';
import type { CreateTenderInput } from '@procurement/contract';

beforeAll(prepareIdentities);

const score = (bidId: string, quality = 5, delivery = 3, conflictOfInterest = false) =>
  canonical({ bidId, scores: { quality, delivery }, conflictOfInterest });

/** The bid ids of vendors A, B and C in the latest `opened()` ledger (derived by the chaincode). */
let BID_A = '';
let BID_B = '';
let BID_C = '';

/** Two opened bids (A 90, B 80) and one unopenable (C), at the opening deadline. */
async function opened(input: CreateTenderInput = tenderInput()): Promise<Ledger> {
  const ledger = new Ledger(T0);
  await registerVendors(ledger, WHO.vendorA, WHO.vendorB, WHO.vendorC);
  await createAndPublish(ledger, input);
  BID_A = await placeBid(ledger, WHO.vendorA, input.id, BID_A, '90000000');
  BID_B = await placeBid(ledger, WHO.vendorB, input.id, BID_B, '80000000');
  BID_C = await placeUnopenableBid(ledger, WHO.vendorC, input.id, BID_C);
  ledger.nowMs = SUBMISSION;
  await releaseShares(ledger, input.id);
  ledger.nowMs = OPENING;
  return ledger;
}

async function scoreAll(ledger: Ledger, evaluators = [WHO.eva1, WHO.eva2, WHO.eva3]): Promise<void> {
  for (const ev of evaluators) {
    await ledger.ok(ev, 'evaluation:Submit', ['T-1', score(BID_A, 10, 5)]);
    await ledger.ok(ev, 'evaluation:Submit', ['T-1', score(BID_B, 2, 1)]);
  }
}

describe('evaluation', () => {
  it('when a committee member scores before the opening deadline, then TOO_EARLY', async () => {
    const ledger = await opened();
    ledger.nowMs = OPENING - 1;
    expect(await ledger.refused(WHO.eva1, 'evaluation:Submit', ['T-1', score(BID_A)])).toMatch(/^TOO_EARLY/);
    expect(await ledger.refused(WHO.eva1, 'evaluation:List', ['T-1'])).toMatch(/^TOO_EARLY/);
  });

  it('when someone outside the committee scores, then NOT_AUTHORISED', async () => {
    const ledger = await opened(tenderInput({ evaluators: ['eva1', 'eva2'] }));
    expect(await ledger.refused(WHO.eva3, 'evaluation:Submit', ['T-1', score(BID_A)])).toMatch(
      /^NOT_AUTHORISED/,
    );
    expect(await ledger.refused(WHO.healthEvaluator, 'evaluation:Submit', ['T-1', score(BID_A)])).toMatch(
      /^NOT_AUTHORISED/,
    );
    expect(await ledger.refused(WHO.officer, 'evaluation:Submit', ['T-1', score(BID_A)])).toMatch(
      /^NOT_AUTHORISED/,
    );
  });

  it('when scores are out of range, miss a criterion or target an unrevealed or unknown bid, then refused', async () => {
    const ledger = await opened();
    expect(await ledger.refused(WHO.eva1, 'evaluation:Submit', ['T-1', score(BID_A, 11)])).toMatch(
      /^INVALID_ARGUMENT/,
    );
    expect(
      await ledger.refused(WHO.eva1, 'evaluation:Submit', [
        'T-1',
        canonical({ bidId: BID_A, scores: { quality: 1 }, conflictOfInterest: false }),
      ]),
    ).toMatch(/^INVALID_ARGUMENT/);
    expect(await ledger.refused(WHO.eva1, 'evaluation:Submit', ['T-1', score(BID_C)])).toMatch(
      new RegExp(`^CONFLICT: bid ${BID_C} is unopenable, not opened`),
    );
    expect(await ledger.refused(WHO.eva1, 'evaluation:Submit', ['T-1', score('bid-x')])).toMatch(
      /^NOT_FOUND/,
    );
  });

  it('when an evaluator tries to rescore, then it is refused (scores are final) and the first scores stay', async () => {
    const ledger = await opened();
    await ledger.ok(WHO.eva1, 'evaluation:Submit', ['T-1', score(BID_A, 1)]);
    expect(await ledger.refused(WHO.eva1, 'evaluation:Submit', ['T-1', score(BID_A, 9)])).toMatch(
      new RegExp(`^CONFLICT: evaluator eva1 has already scored bid ${BID_A}; scores are final`),
    );
    const list = await ledger.ok<{ items: Evaluation[]; recusals: Recusal[] }>(WHO.eva1, 'evaluation:List', [
      'T-1',
    ]);
    expect(list.items.map((e) => [e.bidId, e.evaluator, e.scores.quality])).toEqual([[BID_A, 'eva1', 1]]);
  });

  it('when an evaluator who has scored declares a conflict of interest, then the recusal is refused and nothing changes', async () => {
    const ledger = await opened();
    await ledger.ok(WHO.eva1, 'evaluation:Submit', ['T-1', score(BID_A, 5)]);
    expect(await ledger.refused(WHO.eva1, 'evaluation:Submit', ['T-1', score(BID_B, 0, 0, true)])).toMatch(
      /^CONFLICT: evaluator eva1 has already scored on tender T-1; recusal comes before scoring/,
    );
  });

  it('when an evaluator declares a conflict of interest, then the recusal is recorded and the evaluator cannot score', async () => {
    const ledger = await opened();
    const outcome = await ledger.call(WHO.eva3, 'evaluation:Submit', ['T-1', score(BID_A, 0, 0, true)]);
    expect(JSON.parse(outcome.result ?? '')).toEqual({
      tenderId: 'T-1',
      evaluator: 'eva3',
      at: iso(OPENING),
      txId: expect.any(String) as string,
    });
    expect(outcome.events.map((e) => e.name)).toEqual(['EvaluatorRecused']);
    expect(await ledger.refused(WHO.eva3, 'evaluation:Submit', ['T-1', score(BID_A)])).toMatch(
      /^CONFLICT: evaluator eva3 has recused/,
    );
    await scoreAll(ledger, [WHO.eva1, WHO.eva2]);
    const award = await ledger.ok<Award>(WHO.officer, 'award:Make', ['T-1']);
    expect(award.bidId).toBe(BID_A);
    const list = await ledger.ok<{ items: Evaluation[]; recusals: Recusal[] }>(
      WHO.auditor,
      'evaluation:List',
      ['T-1'],
    );
    expect(list.recusals.map((r) => r.evaluator)).toEqual(['eva3']);
    expect(await ledger.refused(WHO.eva1, 'evaluation:Submit', ['T-1', score(BID_A)])).toMatch(
      /^CONFLICT: tender T-1 is awarded/,
    );
  });
});

type EvaluationList = {
  items: Evaluation[];
  recusals: Recusal[];
  scoresHidden: boolean;
  scoringDeadline: string;
};
/** The default policy's scoring period: 14 days after the opening deadline. */
const SCORING_DEADLINE = OPENING + 14 * DAY;

describe('best price-quality safeguards (issue 10 §7)', () => {
  it('when a tender gives price less than the policy minimum weight, then creating or publishing it is refused', async () => {
    const ledger = new Ledger(T0);
    const lowPrice = tenderInput({
      awardCriteria: {
        method: 'bestPriceQuality',
        priceWeight: 0,
        criteria: [{ id: 'quality', name: 'Quality', weight: 100, maxScore: 10 }],
      },
    });
    expect(await ledger.refused(WHO.officer, 'tender:Create', [canonical(lowPrice)])).toMatch(
      /^INVALID_ARGUMENT: priceWeight must be at least 20/,
    );
    // Created under a lenient policy, the draft still cannot be published once the policy is stricter.
    const rules = await policyRules(ledger);
    await setPolicy(ledger, { ...rules, minPriceWeight: 0 });
    await ledger.ok(WHO.officer, 'tender:Create', [canonical(lowPrice)]);
    await setPolicy(ledger, { ...rules, minPriceWeight: 20 });
    expect(await ledger.refused(WHO.officer, 'tender:Publish', ['T-1'])).toMatch(
      /^INVALID_ARGUMENT: priceWeight must be at least 20/,
    );
  });

  it('when evaluators read scores while scoring is open, then each sees only their own and others none', async () => {
    const ledger = await opened();
    await scoreAll(ledger, [WHO.eva1]);
    const own = await ledger.ok<EvaluationList>(WHO.eva1, 'evaluation:List', ['T-1']);
    expect(own.scoresHidden).toBe(true);
    expect(own.scoringDeadline).toBe(iso(SCORING_DEADLINE));
    expect(own.items.map((e) => e.evaluator)).toEqual(['eva1', 'eva1']);
    for (const reader of [WHO.eva2, WHO.officer, WHO.auditor, WHO.vendorA, WHO.healthEvaluator]) {
      const other = await ledger.ok<EvaluationList>(reader, 'evaluation:List', ['T-1']);
      expect([reader.username, other.scoresHidden, other.items]).toEqual([reader.username, true, []]);
    }
    await scoreAll(ledger, [WHO.eva2, WHO.eva3]);
    const all = await ledger.ok<EvaluationList>(WHO.vendorA, 'evaluation:List', ['T-1']);
    expect([all.scoresHidden, all.items.length]).toEqual([false, 6]);
  });

  it('when the scoring deadline has passed, then scores are shown and late scores are refused', async () => {
    const ledger = await opened();
    await scoreAll(ledger, [WHO.eva1, WHO.eva2]);
    ledger.nowMs = SCORING_DEADLINE;
    expect(await ledger.refused(WHO.eva3, 'evaluation:Submit', ['T-1', score(BID_A)])).toMatch(
      /^DEADLINE_PASSED: the scoring deadline has passed/,
    );
    expect(await ledger.refused(WHO.eva3, 'evaluation:Submit', ['T-1', score(BID_A, 0, 0, true)])).toMatch(
      /^DEADLINE_PASSED/,
    );
    const list = await ledger.ok<EvaluationList>(WHO.vendorB, 'evaluation:List', ['T-1']);
    expect([list.scoresHidden, list.items.length]).toEqual([false, 4]);
  });

  it('when an evaluator stays silent, then the award waits until the scoring deadline and then goes ahead without them, saying so', async () => {
    const ledger = await opened();
    await scoreAll(ledger, [WHO.eva1, WHO.eva2]);
    await ledger.ok(WHO.eva3, 'evaluation:Submit', ['T-1', score(BID_B, 10, 5)]);
    ledger.nowMs = SCORING_DEADLINE - 1;
    expect(await ledger.refused(WHO.officer, 'award:Make', ['T-1'])).toMatch(
      /^CONFLICT: evaluators eva3 have not scored every bid/,
    );
    ledger.nowMs = SCORING_DEADLINE;
    const award = await ledger.ok<Award>(WHO.officer, 'award:Make', ['T-1']);
    // eva3's lone score for bid-b is left out with eva3: bid-a still wins on eva1's and eva2's scores.
    expect([award.bidId, award.silentEvaluators]).toEqual([BID_A, ['eva3']]);
  });

  it('when no evaluator scored by the scoring deadline, then nothing can be awarded', async () => {
    const ledger = await opened();
    ledger.nowMs = SCORING_DEADLINE + DAY;
    expect(await ledger.refused(WHO.officer, 'award:Make', ['T-1'])).toMatch(
      /^CONFLICT: no evaluator scored every bid by the scoring deadline/,
    );
  });

  it('when an award is forward-dated past the scoring deadline but the endorser clock is not there yet, then it still waits', async () => {
    const ledger = await opened();
    await scoreAll(ledger, [WHO.eva1, WHO.eva2]);
    ledger.nowMs = SCORING_DEADLINE + 60_000;
    // The transaction claims a minute past the deadline; the endorser's clock is two minutes behind it.
    ledger.endorserOffsetMs = -120_000;
    expect(await ledger.refused(WHO.officer, 'award:Make', ['T-1'])).toMatch(/^CONFLICT: evaluators eva3/);
  });
});

describe('award', () => {
  it('when a member has not scored every compliant bid, then CONFLICT and nothing changes', async () => {
    const ledger = await opened();
    await scoreAll(ledger, [WHO.eva1, WHO.eva2]);
    expect(await ledger.refused(WHO.officer, 'award:Make', ['T-1'])).toMatch(
      /^CONFLICT: evaluators eva3 have not scored every bid; the scoring deadline is 2026-04-27T09:00:00.000Z/,
    );
  });

  it('when the award is made early, by another agency, twice or with no compliant bid, then refused', async () => {
    const ledger = await opened(
      tenderInput({
        awardCriteria: { method: 'lowestPrice' },
        budgetCeiling: { amount: '85000000', currency: 'EUR' },
      }),
    );
    ledger.nowMs = OPENING - 1;
    expect(await ledger.refused(WHO.officer, 'award:Make', ['T-1'])).toMatch(/^TOO_EARLY/);
    ledger.nowMs = OPENING;
    expect(await ledger.refused(WHO.healthOfficer, 'award:Make', ['T-1'])).toMatch(/^NOT_AUTHORISED/);
    expect(await ledger.refused(WHO.vendorA, 'award:Make', ['T-1'])).toMatch(/^NOT_AUTHORISED/);
    await ledger.ok(WHO.auditor, 'vendor:Debar', ['V-B', canonical({ reason: 'fraud' })]);
    expect(await ledger.refused(WHO.officer, 'award:Make', ['T-1'])).toMatch(/^CONFLICT: no compliant bid/);
    await ledger.ok(WHO.auditor, 'vendor:Reinstate', ['V-B', 'cleared']);
    const outcome = await ledger.call(WHO.officer, 'award:Make', ['T-1']);
    const award = JSON.parse(outcome.result ?? '') as Award;
    expect(award).toMatchObject({
      bidId: BID_B,
      vendorId: 'V-B',
      price: { amount: '80000000', currency: 'EUR' },
      status: 'standstill',
      standstillEndsAt: iso(OPENING + 10 * DAY),
    });
    expect(award.score).toBeUndefined();
    expect(award.ranking.map((r) => [r.bidId, r.compliant, r.reason ?? r.rank])).toEqual([
      [BID_B, true, 1],
      [BID_A, false, 'overBudget'],
      [BID_C, false, 'unopenable'],
    ]);
    expect(outcome.events).toEqual([
      {
        name: 'AwardMade',
        payload: `{"agency":"PublicWorksMSP","bidId":"${BID_B}","status":"standstill","tenderId":"T-1","vendorId":"V-B"}`,
      },
    ]);
    expect(await ledger.refused(WHO.officer, 'award:Make', ['T-1'])).toMatch(/^CONFLICT/);
    expect(await ledger.ok<Award>(WHO.vendorC, 'award:Get', ['T-1'])).toEqual(award);
    expect(await ledger.refused(WHO.vendorC, 'award:Get', ['T-9'])).toMatch(/^NOT_FOUND/);
  });
});

describe('challenges and contract', () => {
  async function awarded(): Promise<Ledger> {
    const ledger = await opened();
    await scoreAll(ledger);
    await ledger.ok(WHO.officer, 'award:Make', ['T-1']);
    return ledger;
  }

  it('when a vendor without a bid, a non-vendor or a late vendor challenges, then refused', async () => {
    const ledger = await awarded();
    await registerVendors(ledger, WHO.unregistered);
    expect(await ledger.refused(WHO.unregistered, 'award:LodgeChallenge', ['T-1', 'ch-1', 'unfair'])).toMatch(
      /^NOT_AUTHORISED/,
    );
    expect(await ledger.refused(WHO.officer, 'award:LodgeChallenge', ['T-1', 'ch-1', 'unfair'])).toMatch(
      /^NOT_AUTHORISED/,
    );
    expect(await ledger.refused(WHO.vendorB, 'award:LodgeChallenge', ['T-1', 'ch-1', ''])).toMatch(
      /^INVALID_ARGUMENT/,
    );
    expect(await ledger.refused(WHO.vendorB, 'award:LodgeChallenge', ['T-9', 'ch-1', 'x'])).toMatch(
      /^NOT_FOUND/,
    );
    await ledger.ok(WHO.vendorB, 'award:LodgeChallenge', ['T-1', 'ch-1', 'scores are wrong']);
    expect(await ledger.refused(WHO.vendorC, 'award:LodgeChallenge', ['T-1', 'ch-1', 'me too'])).toMatch(
      /^CONFLICT/,
    );
    ledger.nowMs = OPENING + 10 * DAY;
    expect(await ledger.refused(WHO.vendorC, 'award:LodgeChallenge', ['T-1', 'ch-2', 'late'])).toMatch(
      /^DEADLINE_PASSED/,
    );
  });

  it('when a vendor challenges the same award a second time, then it is refused and only the first challenge exists', async () => {
    const ledger = await awarded();
    await ledger.ok(WHO.vendorB, 'award:LodgeChallenge', ['T-1', 'ch-1', 'scores are wrong']);
    expect(await ledger.refused(WHO.vendorB, 'award:LodgeChallenge', ['T-1', 'ch-2', 'and again'])).toMatch(
      /^CONFLICT: vendor V-B already challenged this award \(challenge ch-1\); one challenge per award/,
    );
    await ledger.ok(WHO.vendorC, 'award:LodgeChallenge', ['T-1', 'ch-3', 'another vendor may']);
  });

  it('when a challenge is lodged before the award, then CONFLICT', async () => {
    const ledger = await opened();
    expect(await ledger.refused(WHO.vendorB, 'award:LodgeChallenge', ['T-1', 'ch-1', 'early'])).toMatch(
      /^CONFLICT/,
    );
  });

  it('when the contract is recorded during standstill or with an open challenge, then refused; after dismissal it is recorded', async () => {
    const ledger = await awarded();
    expect(await ledger.refused(WHO.officer, 'award:RecordContract', ['T-1', '{}'])).toMatch(/^TOO_EARLY/);
    await ledger.ok<Challenge>(WHO.vendorB, 'award:LodgeChallenge', ['T-1', 'ch-1', 'scores are wrong']);
    ledger.nowMs = OPENING + 10 * DAY;
    expect(await ledger.refused(WHO.officer, 'award:RecordContract', ['T-1', '{}'])).toMatch(
      /^CONFLICT: challenge ch-1 is still open/,
    );
    expect(await ledger.refused(WHO.officer, 'award:DecideChallenge', ['ch-1', 'dismissed', 'no'])).toMatch(
      /^NOT_AUTHORISED/,
    );
    expect(await ledger.refused(WHO.auditor, 'award:DecideChallenge', ['ch-1', 'maybe', 'no'])).toMatch(
      /^INVALID_ARGUMENT/,
    );
    expect(await ledger.refused(WHO.auditor, 'award:DecideChallenge', ['ch-9', 'dismissed', 'no'])).toMatch(
      /^NOT_FOUND/,
    );
    const decided = await ledger.ok<Challenge>(WHO.auditor, 'award:DecideChallenge', [
      'ch-1',
      'dismissed',
      'scores were consistent',
    ]);
    expect(decided).toMatchObject({ status: 'dismissed', decision: { decision: 'dismissed', by: 'audrey' } });
    expect(
      await ledger.refused(WHO.auditor, 'award:DecideChallenge', ['ch-1', 'upheld', 'changed my mind']),
    ).toMatch(/^CONFLICT/);
    expect(await ledger.ok<Challenge>(WHO.vendorA, 'award:GetChallenge', ['ch-1'])).toEqual(decided);
    expect(await ledger.refused(WHO.healthOfficer, 'award:RecordContract', ['T-1', '{}'])).toMatch(
      /^NOT_AUTHORISED/,
    );
    expect(await ledger.refused(WHO.officer, 'award:RecordContract', ['T-1', '{"documents":5}'])).toMatch(
      /^INVALID_ARGUMENT/,
    );
    const record = await ledger.ok(WHO.officer, 'award:RecordContract', [
      'T-1',
      canonical({ documents: [{ name: 'contract.pdf', sha256: 'b'.repeat(64) }] }),
    ]);
    expect(record).toMatchObject({ vendorId: 'V-A', documents: [{ name: 'contract.pdf' }] });
    expect(await ledger.refused(WHO.officer, 'award:RecordContract', ['T-1', ''])).toMatch(/^CONFLICT/);
    expect(await ledger.refused(WHO.officer, 'tender:Cancel', ['T-1', 'too late'])).toMatch(/^CONFLICT/);
    expect((await ledger.ok<Award>(WHO.auditor, 'award:Get', ['T-1'])).status).toBe('contracted');
  });
});

describe('award history', () => {
  it('when awards are listed by agency, vendor and period, then newest come first with pagination', async () => {
    const ledger = new Ledger(T0);
    await registerVendors(ledger, WHO.vendorA, WHO.vendorB);
    const lowest = { awardCriteria: { method: 'lowestPrice' as const } };
    const plan: [string, typeof WHO.officer, typeof WHO.vendorA][] = [
      ['T-1', WHO.officer, WHO.vendorA],
      ['T-2', WHO.healthOfficer, WHO.vendorB],
      ['T-3', WHO.officer, WHO.vendorB],
    ];
    for (const [id, officer] of plan) {
      await ledger.ok(officer, 'tender:Create', [canonical(tenderInput({ id, ...lowest }))]);
      await ledger.ok(officer, 'tender:Publish', [id]);
    }
    for (const [id, , vendor] of plan) await placeBid(ledger, vendor, id, `bid-${id}`, '100');
    ledger.nowMs = SUBMISSION;
    for (const [id] of plan) await releaseShares(ledger, id);
    ledger.nowMs = OPENING;
    for (const [id, officer] of plan) {
      await ledger.ok(officer, 'award:Make', [id]);
      ledger.advance(DAY);
    }
    const ids = (p: Page<Award>) => p.items.map((a) => a.tenderId);
    const all = await ledger.ok<Page<Award>>(WHO.auditor, 'award:List', [canonical({ pageSize: 2 })]);
    expect(ids(all)).toEqual(['T-3', 'T-2']);
    const rest = await ledger.ok<Page<Award>>(WHO.auditor, 'award:List', [
      canonical({ pageSize: 2, bookmark: all.bookmark }),
    ]);
    expect(ids(rest)).toEqual(['T-1']);
    expect(rest.bookmark).toBeUndefined();
    expect(
      ids(await ledger.ok(WHO.auditor, 'award:List', [canonical({ agency: 'PublicWorksMSP' })])),
    ).toEqual(['T-3', 'T-1']);
    expect(ids(await ledger.ok(WHO.auditor, 'award:List', [canonical({ vendor: 'V-B' })]))).toEqual([
      'T-3',
      'T-2',
    ]);
    expect(
      ids(await ledger.ok(WHO.auditor, 'award:List', [canonical({ vendor: 'V-B', agency: 'HealthMSP' })])),
    ).toEqual(['T-2']);
    expect(
      ids(
        await ledger.ok(WHO.auditor, 'award:List', [
          canonical({ from: iso(OPENING + DAY), to: iso(OPENING + 2 * DAY) }),
        ]),
      ),
    ).toEqual(['T-2']);
    expect(
      ids(await ledger.ok(WHO.auditor, 'award:List', [canonical({ from: iso(OPENING + DAY) })])),
    ).toEqual(['T-3', 'T-2']);
    expect(ids(await ledger.ok(WHO.auditor, 'award:List', [canonical({ to: iso(OPENING + DAY) })]))).toEqual([
      'T-1',
    ]);
    expect(await ledger.refused(WHO.auditor, 'award:List', [canonical({ from: 'yesterday' })])).toMatch(
      /^INVALID_ARGUMENT/,
    );
  });
});

describe('vendors', () => {
  it('when the registrar registers a vendor, then it exists; twice is CONFLICT; others are refused', async () => {
    const ledger = new Ledger(T0);
    expect(
      await ledger.refused(WHO.vendorA, 'vendor:Register', [
        canonical({ vendorId: 'V-A', legalName: 'A', username: 'alice' }),
      ]),
    ).toMatch(/^NOT_AUTHORISED/);
    expect(
      await ledger.refused(WHO.registrar, 'vendor:Register', [
        canonical({ vendorId: 'V A', legalName: 'A', username: 'alice' }),
      ]),
    ).toMatch(/^INVALID_ARGUMENT/);
    expect(
      await ledger.refused(WHO.registrar, 'vendor:Register', [
        canonical({ vendorId: 'V-A', legalName: 'A' }),
      ]),
    ).toMatch(/^INVALID_ARGUMENT/);
    const v = await ledger.ok<Vendor>(WHO.registrar, 'vendor:Register', [
      canonical({ vendorId: 'V-A', legalName: 'Acme', username: 'alice' }),
    ]);
    expect(v).toEqual({
      vendorId: 'V-A',
      legalName: 'Acme',
      registeredAt: iso(T0),
      users: ['alice'],
      debarred: false,
      txId: expect.any(String) as string,
    });
    expect(
      await ledger.refused(WHO.registrar, 'vendor:Register', [
        canonical({ vendorId: 'V-A', legalName: 'Acme', username: 'mallory' }),
      ]),
    ).toMatch(/^CONFLICT/);
  });

  it('when the auditor debars until a date, then the vendor is debarred until then; reinstating a clean vendor is CONFLICT', async () => {
    const ledger = new Ledger(T0);
    await registerVendors(ledger, WHO.vendorA);
    expect(await ledger.refused(WHO.officer, 'vendor:Debar', ['V-A', canonical({ reason: 'x' })])).toMatch(
      /^NOT_AUTHORISED/,
    );
    expect(await ledger.refused(WHO.auditor, 'vendor:Debar', ['V-9', canonical({ reason: 'x' })])).toMatch(
      /^NOT_FOUND/,
    );
    expect(
      await ledger.refused(WHO.auditor, 'vendor:Debar', ['V-A', canonical({ reason: 'x', until: iso(T0) })]),
    ).toMatch(/^INVALID_ARGUMENT/);
    expect(await ledger.refused(WHO.auditor, 'vendor:Reinstate', ['V-A', 'nothing to lift'])).toMatch(
      /^CONFLICT/,
    );
    const debarred = await ledger.ok<Vendor>(WHO.auditor, 'vendor:Debar', [
      'V-A',
      canonical({ reason: 'false declarations', until: iso(T0 + DAY) }),
    ]);
    expect(debarred).toMatchObject({
      debarred: true,
      debarment: { reason: 'false declarations', since: iso(T0), until: iso(T0 + DAY), by: 'audrey' },
    });
    expect(await ledger.refused(WHO.auditor, 'vendor:Reinstate', ['V-A', ''])).toMatch(/^INVALID_ARGUMENT/);
    ledger.advance(DAY);
    expect((await ledger.ok<Vendor>(WHO.officer, 'vendor:Get', ['V-A'])).debarred).toBe(false);
    await ledger.ok(WHO.auditor, 'vendor:Debar', ['V-A', canonical({ reason: 'again' })]);
    const back = await ledger.ok<Vendor>(WHO.auditor, 'vendor:Reinstate', ['V-A', 'appeal won']);
    expect(back).toMatchObject({ debarred: false, reinstatement: { reason: 'appeal won', by: 'audrey' } });
    expect(back.debarment).toBeUndefined();
    expect(await ledger.refused(WHO.officer, 'vendor:Get', ['V-9'])).toMatch(/^NOT_FOUND/);
  });
});
