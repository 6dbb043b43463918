/**
 * A complete bestPriceQuality tender over HTTP: four vendors bid (one over the budget ceiling, one a
 * newly onboarded vendor that the auditor debars while bidding is open), the PublicWorks committee
 * evaluates (one member recuses, the other two score every opened bid), an early award is refused,
 * and the award's scores match API.md's formula computed here independently.
 */
import type { Award, BidRecord, EvaluationList, Tender, Vendor } from '@procurement/contract';
import { ApiClient, type RunningGateway, startGateway, waitUntil } from './support/gateway';
import { type Session, sessionAs } from './support/network';
import {
  bidBody,
  eur,
  expectedScore,
  expectRefusal,
  expectStatus,
  ledgerRead,
  waitForOpening,
  ledgerRefusal,
  firstLogin,
  useShortPolicy,
  loginAll,
  tenderBody,
  uniqueId,
  type Written,
} from './support/procurement';

type Bids = { items: BidRecord[] };

const CRITERIA = {
  method: 'bestPriceQuality' as const,
  priceWeight: 40,
  criteria: [
    { id: 'quality', name: 'Quality of the technical proposal', weight: 35, maxScore: 10 },
    { id: 'delivery', name: 'Delivery schedule', weight: 25, maxScore: 5 },
  ],
};

const PRICES = { ACME: '90000000', BOLT: '80000000', CIVIC: '120000000', NEW: '85000000' } as const;
const CEILING = eur('100000000');

/** Scores of the two non-recused members, per vendor: odd sums so that a floored mean would show. */
const SCORES: Record<
  keyof typeof PRICES,
  { 'pw-eval-2': Record<string, number>; 'pw-eval-3': Record<string, number> }
> = {
  ACME: { 'pw-eval-2': { quality: 9, delivery: 5 }, 'pw-eval-3': { quality: 8, delivery: 4 } },
  BOLT: { 'pw-eval-2': { quality: 6, delivery: 3 }, 'pw-eval-3': { quality: 5, delivery: 2 } },
  CIVIC: { 'pw-eval-2': { quality: 10, delivery: 5 }, 'pw-eval-3': { quality: 10, delivery: 5 } },
  NEW: { 'pw-eval-2': { quality: 7, delivery: 4 }, 'pw-eval-3': { quality: 7, delivery: 3 } },
};

describe('a best-price-quality tender, scored by its committee', () => {
  let gw: RunningGateway;
  let auditor: ApiClient;
  let registrar: ApiClient;
  let officer: ApiClient;
  let evaluators: Record<'pw-eval-1' | 'pw-eval-2' | 'pw-eval-3', ApiClient>;
  const vendors: Partial<Record<keyof typeof PRICES, ApiClient>> = {};
  let ledger: Session;

  const id = uniqueId('bpq');
  const path = `/api/v1/tenders/${id}`;
  const newVendorId = `NEW${Date.now().toString(36).toUpperCase()}`;
  let tender: Tender;
  const bidIds: Partial<Record<keyof typeof PRICES, string>> = {};
  let debarred = false;

  beforeAll(async () => {
    gw = await startGateway();
    let e1: ApiClient, e2: ApiClient, e3: ApiClient;
    [auditor, registrar, officer, e1, e2, e3, vendors.ACME, vendors.BOLT, vendors.CIVIC] = await loginAll(
      gw,
      [
        'auditor',
        'registrar',
        'pw-officer',
        'pw-eval-1',
        'pw-eval-2',
        'pw-eval-3',
        'vendor-acme',
        'vendor-bolt',
        'vendor-civic',
      ],
    );
    evaluators = { 'pw-eval-1': e1, 'pw-eval-2': e2, 'pw-eval-3': e3 };
    ledger = sessionAs('auditor');
    await useShortPolicy(gw, auditor);
  });

  afterAll(async () => {
    // Never leave a vendor debarred if a step failed half-way.
    if (debarred)
      await auditor.delete(`/api/v1/vendors/${newVendorId}/debarment`, { reason: 'test clean-up' });
    ledger.close();
    await gw.stop();
  });

  it('when the registrar onboards a new vendor, then it logs in at once, choosing its own password', async () => {
    const password = `pw-${newVendorId.toLowerCase()}-secret`;
    const username = `vendor-${newVendorId.toLowerCase()}`;
    const res = await registrar.post<Vendor & Written>('/api/v1/vendors', {
      vendorId: newVendorId,
      legalName: 'Newcomer Roadworks Ltd',
      username,
      password,
    });
    expectStatus(res, 201);
    expect(res.body).toMatchObject({ vendorId: newVendorId, legalName: 'Newcomer Roadworks Ltd' });
    const login = await firstLogin(gw, { mspId: 'SuppliersMSP', username, password });
    expectStatus(login.res, 200);
    vendors.NEW = login.client;
  });

  it('when the officer creates and publishes a bestPriceQuality tender with a budget ceiling, then it is open for bids', async () => {
    const created = await officer.post<Tender>(
      '/api/v1/tenders',
      tenderBody(id, {
        submissionInSeconds: 32,
        openingInSeconds: 48,
        awardCriteria: CRITERIA,
        budgetCeiling: CEILING,
      }),
    );
    expectStatus(created, 201);
    expect(created.body).toMatchObject({ status: 'draft', awardCriteria: CRITERIA, budgetCeiling: CEILING });
    const published = await officer.post<Tender>(`${path}/publish`);
    expectStatus(published, 200);
    expect(published.body.status).toBe('published');
    tender = published.body;
  });

  it('when four vendors bid, one of them over the budget ceiling, then every bid is committed', async () => {
    for (const vendor of ['ACME', 'BOLT', 'CIVIC', 'NEW'] as const) {
      const client = vendors[vendor];
      if (!client) continue; // the onboarding step failed; reported there
      const res = await client.post<BidRecord>(`${path}/bids`, bidBody(PRICES[vendor], { vendor }));
      expectStatus(res, 201);
      bidIds[vendor] = res.body.bidId;
    }
    expect(Object.keys(bidIds).sort()).toEqual(['ACME', 'BOLT', 'CIVIC', 'NEW']);
  });

  it('when the auditor debars a vendor after it bid, then its new bid is refused (403) and its bids are unchanged', async () => {
    const debar = await auditor.post(`/api/v1/vendors/${newVendorId}/debarment`, {
      reason: 'Fraud conviction',
    });
    expectStatus(debar, 200);
    debarred = true;
    expect(await ledgerRead<Vendor>(ledger, 'vendor:Get', newVendorId)).toMatchObject({ debarred: true });

    const before = await ledgerRead<Bids>(ledger, 'bid:List', id, '{}');
    const res = await vendors.NEW!.post(`${path}/bids`, bidBody('84000000'));
    expectRefusal(res, 403, 'NOT_AUTHORISED');
    expect(await ledgerRead<Bids>(ledger, 'bid:List', id, '{}')).toEqual(before);
  });

  it('after the submission deadline, then the openers release their shares and every bid opens with no vendor action', async () => {
    await waitUntil(tender.submissionDeadline);
    const opening = await waitForOpening(auditor, id);
    expect(opening.bids).toEqual({ sealed: 0, opened: 4, unopenable: 0 });
  });

  it('when pw-eval-1 declares a conflict of interest, then it is recused and the others must score', async () => {
    await waitUntil(tender.openingDeadline);
    const res = await evaluators['pw-eval-1'].post(`${path}/evaluations`, {
      bidId: bidIds.ACME,
      scores: {},
      conflictOfInterest: true,
    });
    expectStatus(res, 201);
    const evaluations = await ledgerRead<{ recusals: { evaluator: string }[] }>(
      ledger,
      'evaluation:List',
      id,
    );
    expect(evaluations.recusals.map((r) => r.evaluator)).toEqual(['pw-eval-1']);
  });

  it('when the officer awards before every non-recused member has scored, then it is refused (409 CONFLICT) and nothing is awarded', async () => {
    for (const vendor of ['ACME', 'BOLT', 'CIVIC', 'NEW'] as const) {
      const res = await evaluators['pw-eval-2'].post(`${path}/evaluations`, {
        bidId: bidIds[vendor],
        scores: SCORES[vendor]['pw-eval-2'],
        conflictOfInterest: false,
      });
      expectStatus(res, 201);
    }
    // Scores are final once submitted: a second try after seeing the others is refused.
    const rescore = await evaluators['pw-eval-2'].post(`${path}/evaluations`, {
      bidId: bidIds.ACME,
      scores: SCORES.ACME['pw-eval-3'],
      conflictOfInterest: false,
    });
    expectRefusal(rescore, 409, 'CONFLICT');
    // ...and an evaluator who has scored can no longer recuse.
    const lateRecusal = await evaluators['pw-eval-2'].post(`${path}/evaluations`, {
      bidId: bidIds.ACME,
      scores: {},
      conflictOfInterest: true,
    });
    expectRefusal(lateRecusal, 409, 'CONFLICT');
    const onlyAcme = await evaluators['pw-eval-3'].post(`${path}/evaluations`, {
      bidId: bidIds.ACME,
      scores: SCORES.ACME['pw-eval-3'],
      conflictOfInterest: false,
    });
    expectStatus(onlyAcme, 201);
    // While scoring is open, pw-eval-3 sees only its own scores, and the officer none.
    const seen = await evaluators['pw-eval-3'].get<EvaluationList>(`${path}/evaluations`);
    expectStatus(seen, 200);
    expect([seen.body.scoresHidden, seen.body.items.map((e) => e.evaluator)]).toEqual([true, ['pw-eval-3']]);
    expect((await officer.get<EvaluationList>(`${path}/evaluations`)).body.items).toEqual([]);

    const early = await officer.post(`${path}/award`);
    expectRefusal(early, 409, 'CONFLICT');
    expect((await officer.get<Tender>(path)).body.status).toBe('published');
    expect(await ledgerRefusal(ledger, 'award:Get', id)).toMatch(/NOT_FOUND/);
  });

  it('when the last member scores and the officer awards, then the scores and the winner follow the formula', async () => {
    for (const vendor of ['BOLT', 'CIVIC', 'NEW'] as const) {
      const res = await evaluators['pw-eval-3'].post(`${path}/evaluations`, {
        bidId: bidIds[vendor],
        scores: SCORES[vendor]['pw-eval-3'],
        conflictOfInterest: false,
      });
      expectStatus(res, 201);
    }
    const res = await officer.post<Award & Written>(`${path}/award`);
    expectStatus(res, 200);

    // Compliant: ACME and BOLT. CIVIC is over the ceiling, the new vendor is debarred.
    const lowest = BigInt(PRICES.BOLT);
    const expected = {
      ACME: expectedScore(CRITERIA, lowest, BigInt(PRICES.ACME), Object.values(SCORES.ACME)),
      BOLT: expectedScore(CRITERIA, lowest, BigInt(PRICES.BOLT), Object.values(SCORES.BOLT)),
    };
    // 3555 + 2975 + 2250 and 4000 + 1925 + 1250
    expect(expected).toEqual({ ACME: 8780, BOLT: 7175 });

    const ranking = res.body.ranking;
    expect(ranking.filter((r) => r.compliant).map((r) => [r.vendorId, r.score])).toEqual([
      ['ACME', expected.ACME],
      ['BOLT', expected.BOLT],
    ]);
    expect(res.body).toMatchObject({
      bidId: bidIds.ACME,
      vendorId: 'ACME',
      price: eur(PRICES.ACME),
      score: expected.ACME,
    });
    const out = Object.fromEntries(ranking.filter((r) => !r.compliant).map((r) => [r.vendorId, r.reason]));
    expect(out).toEqual({ CIVIC: 'overBudget', [newVendorId]: 'debarred' });
  });

  it('when the auditor reinstates the debarred vendor, then it is no longer debarred', async () => {
    const res = await auditor.delete(`/api/v1/vendors/${newVendorId}/debarment`, {
      reason: 'Conviction overturned on appeal',
    });
    expectStatus(res, 200);
    debarred = false;
    expect(await ledgerRead<Vendor>(ledger, 'vendor:Get', newVendorId)).toMatchObject({ debarred: false });
  });
});
