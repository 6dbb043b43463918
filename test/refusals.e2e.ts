/**
 * Every refusal of API.md's error table, against the real gateway and network, each followed by proof
 * that the ledger did not change (read back through the gateway and straight from a peer). Also the
 * order in which refusals win when several apply, and the registrar's onboarding of a new vendor.
 */
import type { BidRecord, Policy, Tender } from '@procurement/contract';
import { ApiClient, type RunningGateway, startGateway, waitUntil } from './support/gateway';
import { demoUser, type Session, sessionAs } from './support/network';
import {
  bidBody,
  expectRefusal,
  expectStatus,
  ledgerRead,
  waitForOpening,
  ledgerRefusal,
  firstLogin,
  loginWith,
  SHORT_POLICY,
  useShortPolicy,
  loginAll,
  tenderBody,
  uniqueId,
} from './support/procurement';

type Bids = { items: BidRecord[] };

describe('refusals: a refused request changes nothing', () => {
  let gw: RunningGateway;
  let auditor: ApiClient;
  let registrar: ApiClient;
  let officer: ApiClient;
  let healthOfficer: ApiClient;
  let healthEvaluator: ApiClient;
  let acme: ApiClient;
  let bolt: ApiClient;
  let civic: ApiClient;
  let ledger: Session;
  let acmeLedger: Session;

  /** Published, with a deadline an hour away. */
  const openId = uniqueId('rf-open');
  /** Still a draft. */
  const draftId = uniqueId('rf-draft');
  /** Published with short deadlines: before, between and after them the story changes. */
  const shortId = uniqueId('rf-short');
  let short: Tender;
  let acmeShortBid = '';
  let acmeOpenBid = '';

  const tenderOnLedger = (id: string) => ledgerRead<Tender>(ledger, 'tender:Get', id);
  /** Drafts are visible to their own agency only (issue 10 §19): PublicWorks reads its drafts. */
  let pwLedger: Session;
  let healthLedger: Session;
  const draftOnLedger = (id: string) => ledgerRead<Tender>(pwLedger, 'tender:Get', id);
  const absentFromLedger = async (id: string): Promise<void> => {
    // A draft is visible to its own agency only: ask both agencies' peers as well as the auditor's.
    for (const session of [ledger, pwLedger, healthLedger])
      expect(await ledgerRefusal(session, 'tender:Get', id)).toMatch(/NOT_FOUND/);
  };

  beforeAll(async () => {
    gw = await startGateway();
    [auditor, registrar, officer, healthOfficer, healthEvaluator, acme, bolt, civic] = await loginAll(gw, [
      'auditor',
      'registrar',
      'pw-officer',
      'health-officer',
      'health-eval-1',
      'vendor-acme',
      'vendor-bolt',
      'vendor-civic',
    ]);
    ledger = sessionAs('auditor');
    acmeLedger = sessionAs('vendor-acme');
    pwLedger = sessionAs('pw-officer');
    healthLedger = sessionAs('health-officer');
    await useShortPolicy(gw, auditor);

    expectStatus(
      await officer.post(
        '/api/v1/tenders',
        tenderBody(shortId, { submissionInSeconds: 22, openingInSeconds: 36 }),
      ),
      201,
    );
    const published = await officer.post<Tender>(`/api/v1/tenders/${shortId}/publish`);
    expectStatus(published, 200);
    short = published.body;
    const bid = await acme.post<BidRecord>(`/api/v1/tenders/${shortId}/bids`, bidBody('100000000'));
    expectStatus(bid, 201);
    acmeShortBid = bid.body.bidId;

    expectStatus(
      await officer.post(
        '/api/v1/tenders',
        tenderBody(openId, { submissionInSeconds: 3600, openingInSeconds: 7200 }),
      ),
      201,
    );
    expectStatus(await officer.post(`/api/v1/tenders/${openId}/publish`), 200);
    const openBid = await acme.post<BidRecord>(`/api/v1/tenders/${openId}/bids`, bidBody('100000000'));
    expectStatus(openBid, 201);
    acmeOpenBid = openBid.body.bidId;

    expectStatus(
      await officer.post(
        '/api/v1/tenders',
        tenderBody(draftId, { submissionInSeconds: 3600, openingInSeconds: 7200 }),
      ),
      201,
    );
  });

  afterAll(async () => {
    ledger.close();
    acmeLedger.close();
    pwLedger.close();
    healthLedger.close();
    await gw.stop();
  });

  describe('before the submission deadline of a tender', () => {
    it('when BOLT or the officer reads ACME’s bid, then it is refused (403): before opening a bid is its vendor’s alone', async () => {
      expectRefusal(await bolt.get(`/api/v1/tenders/${shortId}/bids/${acmeShortBid}`), 403, 'NOT_AUTHORISED');
      expectRefusal(
        await officer.get(`/api/v1/tenders/${shortId}/bids/${acmeShortBid}`),
        403,
        'NOT_AUTHORISED',
      );
      const own = await acme.get<BidRecord>(`/api/v1/tenders/${shortId}/bids/${acmeShortBid}`);
      expectStatus(own, 200);
      expect(own.body.status).toBe('sealed');
    });

    it('when the officer awards before the opening deadline, then it is TOO_EARLY and the tender is unchanged', async () => {
      const before = await tenderOnLedger(shortId);
      const res = await officer.post(`/api/v1/tenders/${shortId}/award`);
      expectRefusal(res, 409, 'TOO_EARLY');
      expect(await tenderOnLedger(shortId)).toEqual(before);
      expect(await ledgerRefusal(ledger, 'award:Get', shortId)).toMatch(/NOT_FOUND/);
    });

    it('when BOLT withdraws ACME’s bid, then it is refused (403, not the bid’s vendor) and the bid is still live', async () => {
      const before = await ledgerRead<BidRecord>(acmeLedger, 'bid:Get', shortId, acmeShortBid);
      const res = await bolt.delete(`/api/v1/tenders/${shortId}/bids/${acmeShortBid}`);
      expectRefusal(res, 403, 'NOT_AUTHORISED');
      expect(await ledgerRead<BidRecord>(acmeLedger, 'bid:Get', shortId, acmeShortBid)).toEqual(before);
    });
  });

  describe('after the submission deadline', () => {
    beforeAll(async () => {
      await waitUntil(short.submissionDeadline);
    });

    it('when CIVIC bids, then it is DEADLINE_PASSED and the bids are unchanged', async () => {
      const before = await ledgerRead<Bids>(ledger, 'bid:List', shortId, '{}');
      const res = await civic.post(`/api/v1/tenders/${shortId}/bids`, bidBody('90000000'));
      expectRefusal(res, 409, 'DEADLINE_PASSED');
      expect(await ledgerRead<Bids>(ledger, 'bid:List', shortId, '{}')).toEqual(before);
    });

    it('when ACME withdraws its bid, then it is DEADLINE_PASSED and the bid is still live', async () => {
      const before = await ledgerRead<BidRecord>(acmeLedger, 'bid:Get', shortId, acmeShortBid);
      const res = await acme.delete(`/api/v1/tenders/${shortId}/bids/${acmeShortBid}`);
      expectRefusal(res, 409, 'DEADLINE_PASSED');
      expect(await ledgerRead<BidRecord>(acmeLedger, 'bid:Get', shortId, acmeShortBid)).toEqual(before);
    });

    it('when the officer amends, then it is DEADLINE_PASSED and no amendment is logged', async () => {
      const before = await tenderOnLedger(shortId);
      const res = await officer.post(`/api/v1/tenders/${shortId}/amendments`, {
        reason: 'Too late',
        changes: { title: 'A new title' },
      });
      expectRefusal(res, 409, 'DEADLINE_PASSED');
      expect(await tenderOnLedger(shortId)).toEqual(before);
    });

    it('when the openers have released their shares, then ACME’s bid is opened without ACME doing anything', async () => {
      await waitForOpening(auditor, shortId);
      const res = await acme.get<BidRecord>(`/api/v1/tenders/${shortId}/bids/${acmeShortBid}`);
      expectStatus(res, 200);
      expect(res.body).toMatchObject({ bidId: acmeShortBid, status: 'opened' });
    });
  });

  describe('after the opening deadline', () => {
    beforeAll(async () => {
      await waitUntil(short.openingDeadline);
    });

    it('when a Health evaluator scores a PublicWorks tender, then it is refused (403, not on the committee) and no evaluation is kept', async () => {
      const res = await healthEvaluator.post(`/api/v1/tenders/${shortId}/evaluations`, {
        bidId: acmeShortBid,
        scores: {},
        conflictOfInterest: false,
      });
      expectRefusal(res, 403, 'NOT_AUTHORISED');
      const evaluations = await ledgerRead<{ items: unknown[]; recusals: unknown[] }>(
        ledger,
        'evaluation:List',
        shortId,
      );
      expect(evaluations).toMatchObject({ items: [], recusals: [] });
    });

    it('when the officer awards, then it is awarded; when the officer amends the awarded tender, then it is a CONFLICT', async () => {
      expectStatus(await officer.post(`/api/v1/tenders/${shortId}/award`), 200);
      const before = await tenderOnLedger(shortId);
      expect(before.status).toBe('awarded');
      const res = await officer.post(`/api/v1/tenders/${shortId}/amendments`, {
        reason: 'Change after award',
        changes: { description: 'Something else' },
      });
      expectRefusal(res, 409, 'CONFLICT');
      expect(await tenderOnLedger(shortId)).toEqual(before);
    });

    it('when the officer awards a second time, then it is a CONFLICT and the award is unchanged', async () => {
      const before = await ledgerRead(ledger, 'award:Get', shortId);
      expectRefusal(await officer.post(`/api/v1/tenders/${shortId}/award`), 409, 'CONFLICT');
      expect(await ledgerRead(ledger, 'award:Get', shortId)).toEqual(before);
    });
  });

  describe('401: unauthenticated', () => {
    it('when there is no token, then every route answers 401 and nothing is created', async () => {
      const anonymous = new ApiClient(gw.baseUrl);
      const id = uniqueId('rf-anon');
      expectRefusal(await anonymous.get('/api/v1/tenders'), 401, 'UNAUTHENTICATED');
      expectRefusal(
        await anonymous.post(
          '/api/v1/tenders',
          tenderBody(id, { submissionInSeconds: 600, openingInSeconds: 900 }),
        ),
        401,
        'UNAUTHENTICATED',
      );
      await absentFromLedger(id);
    });

    it('when the token is malformed, then it is 401 and nothing is created', async () => {
      const id = uniqueId('rf-badtoken');
      for (const token of ['not-a-token', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.AAAA']) {
        const forged = new ApiClient(gw.baseUrl, token);
        expectRefusal(await forged.get(`/api/v1/tenders/${openId}`), 401, 'UNAUTHENTICATED');
        expectRefusal(
          await forged.post(
            '/api/v1/tenders',
            tenderBody(id, { submissionInSeconds: 600, openingInSeconds: 900 }),
          ),
          401,
          'UNAUTHENTICATED',
        );
      }
      await absentFromLedger(id);
    });

    it('when a user logs in with a wrong password, then it is 401 and no token is given', async () => {
      const user = demoUser('pw-officer');
      const { res, client } = await loginWith(gw, {
        mspId: user.mspId,
        username: user.username,
        password: 'wrong-password',
      });
      expectRefusal(res, 401, 'UNAUTHENTICATED');
      expect(client).toBeUndefined();
      const unknown = await loginWith(gw, {
        mspId: 'PublicWorksMSP',
        username: 'nobody-here',
        password: 'x',
      });
      expectRefusal(unknown.res, 401, 'UNAUTHENTICATED');
    });

    it('when an oversized body comes without a token, then 401 wins over 413', async () => {
      const anonymous = new ApiClient(gw.baseUrl);
      const res = await anonymous.raw(
        'POST',
        '/api/v1/tenders',
        JSON.stringify({ padding: 'x'.repeat(2 * 1024 * 1024) }),
      );
      expectRefusal(res, 401, 'UNAUTHENTICATED');
    });
  });

  describe('413 and 400: bodies the gateway cannot take', () => {
    it('when a body is over 1 MiB, then it is 413 PAYLOAD_TOO_LARGE and nothing is created', async () => {
      const id = uniqueId('rf-huge');
      const body = {
        ...tenderBody(id, { submissionInSeconds: 600, openingInSeconds: 900 }),
        description: 'x'.repeat(1024 * 1024 + 1),
      };
      expectRefusal(
        await officer.raw('POST', '/api/v1/tenders', JSON.stringify(body)),
        413,
        'PAYLOAD_TOO_LARGE',
      );
      // 413 wins over the role refusal, too
      expectRefusal(
        await acme.raw('POST', '/api/v1/tenders', JSON.stringify(body)),
        413,
        'PAYLOAD_TOO_LARGE',
      );
      await absentFromLedger(id);
    });

    it('when a body is not JSON, then it is 400 INVALID_ARGUMENT, before any role check', async () => {
      const id = uniqueId('rf-broken');
      const broken = `{"id": "${id}", "title": `;
      expectRefusal(await officer.raw('POST', '/api/v1/tenders', broken), 400, 'INVALID_ARGUMENT');
      expectRefusal(await acme.raw('POST', '/api/v1/tenders', broken), 400, 'INVALID_ARGUMENT');
      await absentFromLedger(id);
    });
  });

  describe('400: field validation', () => {
    const valid = (id: string) => tenderBody(id, { submissionInSeconds: 600, openingInSeconds: 900 });

    it('when the tender id is not a valid id, then it is 400 and nothing is created', async () => {
      const before = await ledgerRead<{ items: Tender[] }>(
        ledger,
        'tender:List',
        JSON.stringify({ agency: 'PublicWorksMSP', pageSize: 100 }),
      );
      for (const bad of ['has space', 'slash/inside', 'x'.repeat(65), '']) {
        expectRefusal(
          await officer.post('/api/v1/tenders', { ...valid('x'), id: bad }),
          400,
          'INVALID_ARGUMENT',
        );
      }
      const after = await ledgerRead<{ items: Tender[] }>(
        ledger,
        'tender:List',
        JSON.stringify({ agency: 'PublicWorksMSP', pageSize: 100 }),
      );
      expect(after.items.map((t) => t.id)).toEqual(before.items.map((t) => t.id));
    });

    it('when a required field is missing or of the wrong type, then it is 400 and nothing is created', async () => {
      const id = uniqueId('rf-missing');
      const noTitle = valid(id);
      delete noTitle.title;
      expectRefusal(await officer.post('/api/v1/tenders', noTitle), 400, 'INVALID_ARGUMENT');
      expectRefusal(
        await officer.post('/api/v1/tenders', {
          ...valid(id),
          estimatedValue: { amount: 12.5, currency: 'EUR' },
        }),
        400,
        'INVALID_ARGUMENT',
      );
      expectRefusal(
        await officer.post('/api/v1/tenders', { ...valid(id), procedure: 'secret' }),
        400,
        'INVALID_ARGUMENT',
      );
      await absentFromLedger(id);
    });

    it('when the opening deadline is before the submission deadline, or a deadline is past, then it is 400 and nothing is created', async () => {
      const id = uniqueId('rf-deadlines');
      const body = valid(id);
      expectRefusal(
        await officer.post('/api/v1/tenders', {
          ...body,
          openingDeadline: body.submissionDeadline,
          submissionDeadline: body.openingDeadline,
        }),
        400,
        'INVALID_ARGUMENT',
      );
      expectRefusal(
        await officer.post('/api/v1/tenders', {
          ...body,
          submissionDeadline: new Date(Date.now() - 60_000).toISOString(),
        }),
        400,
        'INVALID_ARGUMENT',
      );
      await absentFromLedger(id);
    });

    it('when the award weights do not sum to 100, then it is 400 and nothing is created', async () => {
      const id = uniqueId('rf-weights');
      const awardCriteria = {
        method: 'bestPriceQuality',
        priceWeight: 40,
        criteria: [
          { id: 'quality', name: 'Quality', weight: 35, maxScore: 10 },
          { id: 'delivery', name: 'Delivery', weight: 20, maxScore: 5 },
        ],
      };
      expectRefusal(
        await officer.post('/api/v1/tenders', { ...valid(id), awardCriteria }),
        400,
        'INVALID_ARGUMENT',
      );
      await absentFromLedger(id);
    });

    it('when a tender is published with a reveal window shorter than the policy minimum, then it is 400 and it stays a draft', async () => {
      const id = uniqueId('rf-window');
      const body = tenderBody(id, { submissionInSeconds: 600, openingInSeconds: 601 });
      expectStatus(await officer.post('/api/v1/tenders', body), 201);
      const before = await draftOnLedger(id);
      expectRefusal(await officer.post(`/api/v1/tenders/${id}/publish`), 400, 'INVALID_ARGUMENT');
      expect(await draftOnLedger(id)).toEqual(before);
      expect(before.status).toBe('draft');
    });
  });

  describe('403: the role may never do this', () => {
    it('when a vendor creates a tender, then it is 403 (even with an invalid body) and nothing is created', async () => {
      const id = uniqueId('rf-vendor');
      expectRefusal(
        await acme.post(
          '/api/v1/tenders',
          tenderBody(id, { submissionInSeconds: 600, openingInSeconds: 900 }),
        ),
        403,
        'NOT_AUTHORISED',
      );
      expectRefusal(await acme.post('/api/v1/tenders', { id }), 403, 'NOT_AUTHORISED');
      await absentFromLedger(id);
    });

    it('when an officer proposes a policy, then it is 403 and the policy in force is unchanged', async () => {
      const before = await ledgerRead<Policy>(ledger, 'policy:Get');
      const res = await officer.post('/api/v1/policy/proposals', {
        ...SHORT_POLICY,
        standstillSeconds: 1,
        reason: 'faster awards',
      });
      expectRefusal(res, 403, 'NOT_AUTHORISED');
      expect(await ledgerRead<Policy>(ledger, 'policy:Get')).toEqual(before);
      expect((await officer.get('/api/v1/policy')).body).toMatchObject(SHORT_POLICY);
    });

    it('when a vendor onboards a vendor, then it is 403 and no vendor is registered', async () => {
      const vendorId = `RF${Date.now().toString(36).toUpperCase()}`;
      const res = await acme.post('/api/v1/vendors', {
        vendorId,
        legalName: 'Shell Company Ltd',
        username: `vendor-${vendorId.toLowerCase()}`,
        password: 'shell-pw-123',
      });
      expectRefusal(res, 403, 'NOT_AUTHORISED');
      expect(await ledgerRefusal(ledger, 'vendor:Get', vendorId)).toMatch(/NOT_FOUND/);
    });

    it('when a vendor debars another vendor or decides a challenge, then it is 403', async () => {
      const before = await ledgerRead(ledger, 'vendor:Get', 'BOLT');
      expectRefusal(
        await acme.post('/api/v1/vendors/BOLT/debarment', { reason: 'competition' }),
        403,
        'NOT_AUTHORISED',
      );
      expect(await ledgerRead(ledger, 'vendor:Get', 'BOLT')).toEqual(before);
      expectRefusal(
        await acme.post('/api/v1/challenges/no-such-challenge/decision', { decision: 'upheld', reason: 'x' }),
        403,
        'NOT_AUTHORISED',
      );
    });
  });

  describe('404: no such resource', () => {
    it('when a tender does not exist, then reading, publishing or bidding on it is 404 and nothing is created', async () => {
      const id = uniqueId('rf-nowhere');
      expectRefusal(await acme.get(`/api/v1/tenders/${id}`), 404, 'NOT_FOUND');
      expectRefusal(await acme.get(`/api/v1/tenders/${id}/bids`), 404, 'NOT_FOUND');
      expectRefusal(await officer.post(`/api/v1/tenders/${id}/publish`), 404, 'NOT_FOUND');
      // 404 wins over the owning-agency refusal
      expectRefusal(await healthOfficer.post(`/api/v1/tenders/${id}/publish`), 404, 'NOT_FOUND');
      expectRefusal(await acme.post(`/api/v1/tenders/${id}/bids`, bidBody('100')), 404, 'NOT_FOUND');
      await absentFromLedger(id);
    });

    it('when a bid does not exist, then withdrawing or reading it is 404 and the tender’s bids are unchanged', async () => {
      const before = await ledgerRead<Bids>(ledger, 'bid:List', openId, '{}');
      expectRefusal(await acme.delete(`/api/v1/tenders/${openId}/bids/no-such-bid`), 404, 'NOT_FOUND');
      expectRefusal(await acme.get(`/api/v1/tenders/${openId}/bids/no-such-bid`), 404, 'NOT_FOUND');
      expect(await ledgerRead<Bids>(ledger, 'bid:List', openId, '{}')).toEqual(before);
    });

    it('when a challenge does not exist, then deciding it is 404', async () => {
      const challengeId = uniqueId('no-challenge');
      const res = await auditor.post(`/api/v1/challenges/${challengeId}/decision`, {
        decision: 'dismissed',
        reason: 'none',
      });
      expectRefusal(res, 404, 'NOT_FOUND');
      expect(await ledgerRefusal(ledger, 'award:GetChallenge', challengeId)).toMatch(/NOT_FOUND/);
    });

    it('when a vendor does not exist, then debarring or reinstating it is 404 and it stays unknown', async () => {
      const vendorId = `NOPE${Date.now().toString(36).toUpperCase()}`;
      expectRefusal(
        await auditor.post(`/api/v1/vendors/${vendorId}/debarment`, { reason: 'unknown' }),
        404,
        'NOT_FOUND',
      );
      expectRefusal(
        await auditor.delete(`/api/v1/vendors/${vendorId}/debarment`, { reason: 'unknown' }),
        404,
        'NOT_FOUND',
      );
      expect(await ledgerRefusal(ledger, 'vendor:Get', vendorId)).toMatch(/NOT_FOUND/);
    });
  });

  describe('403: not the owning agency', () => {
    it('when the Health officer publishes a PublicWorks draft, then it is 403 and it stays a draft', async () => {
      const before = await draftOnLedger(draftId);
      expectRefusal(await healthOfficer.post(`/api/v1/tenders/${draftId}/publish`), 403, 'NOT_AUTHORISED');
      expect(await draftOnLedger(draftId)).toEqual(before);
      // ...and the Health officer cannot even see another agency's draft.
      expectRefusal(await healthOfficer.get(`/api/v1/tenders/${draftId}`), 404, 'NOT_FOUND');
    });

    it('when the Health officer amends a PublicWorks tender, then it is 403 (even with an invalid body) and nothing is logged', async () => {
      const before = await tenderOnLedger(openId);
      expectRefusal(
        await healthOfficer.post(`/api/v1/tenders/${openId}/amendments`, {
          reason: 'Takeover',
          changes: { title: 'Health now' },
        }),
        403,
        'NOT_AUTHORISED',
      );
      expectRefusal(
        await healthOfficer.post(`/api/v1/tenders/${openId}/amendments`, { changes: 42 }),
        403,
        'NOT_AUTHORISED',
      );
      expect(await tenderOnLedger(openId)).toEqual(before);
    });

    it('when the Health officer cancels a PublicWorks tender, then it is 403 and it stays published', async () => {
      const before = await tenderOnLedger(openId);
      expectRefusal(
        await healthOfficer.post(`/api/v1/tenders/${openId}/cancel`, { reason: 'Takeover' }),
        403,
        'NOT_AUTHORISED',
      );
      expect(await tenderOnLedger(openId)).toEqual(before);
      expect(before.status).toBe('published');
    });
  });

  describe('409: the state does not allow it', () => {
    it('when a tender id already exists, then creating it again is a CONFLICT and the first tender is unchanged', async () => {
      const before = await tenderOnLedger(openId);
      const res = await officer.post(
        '/api/v1/tenders',
        tenderBody(openId, { submissionInSeconds: 900, openingInSeconds: 1200, title: 'Another' }),
      );
      expectRefusal(res, 409, 'CONFLICT');
      expect(await tenderOnLedger(openId)).toEqual(before);
    });

    it('when the same POST /tenders is replayed, then the second one is a CONFLICT and the first stands', async () => {
      const id = uniqueId('rf-replay');
      const body = tenderBody(id, { submissionInSeconds: 900, openingInSeconds: 1200 });
      const first = await officer.post<Tender>('/api/v1/tenders', body);
      expectStatus(first, 201);
      const stored = await draftOnLedger(id);
      expectRefusal(await officer.post('/api/v1/tenders', body), 409, 'CONFLICT');
      expect(await draftOnLedger(id)).toEqual(stored);
    });

    it('when a published tender is published again, then it is a CONFLICT and nothing changes', async () => {
      const before = await tenderOnLedger(openId);
      expectRefusal(await officer.post(`/api/v1/tenders/${openId}/publish`), 409, 'CONFLICT');
      expect(await tenderOnLedger(openId)).toEqual(before);
    });

    it('when a cancelled tender is amended, then it is a CONFLICT and nothing changes', async () => {
      const id = uniqueId('rf-cancel');
      expectStatus(
        await officer.post(
          '/api/v1/tenders',
          tenderBody(id, { submissionInSeconds: 900, openingInSeconds: 1200 }),
        ),
        201,
      );
      expectStatus(await officer.post(`/api/v1/tenders/${id}/publish`), 200);
      const cancelled = await officer.post<Tender>(`/api/v1/tenders/${id}/cancel`, {
        reason: 'Budget withdrawn',
      });
      expectStatus(cancelled, 200);
      expect(cancelled.body.status).toBe('cancelled');
      const before = await tenderOnLedger(id);
      const res = await officer.post(`/api/v1/tenders/${id}/amendments`, {
        reason: 'Revive',
        changes: { title: 'Revived' },
      });
      expectRefusal(res, 409, 'CONFLICT');
      expect(await tenderOnLedger(id)).toEqual(before);
    });
  });

  describe('registrar onboarding', () => {
    const vendorId = `ON${Date.now().toString(36).toUpperCase()}`;
    const username = `vendor-${vendorId.toLowerCase()}`;
    const password = `${username}-secret-pw`;

    it('when the registrar onboards a vendor, then it is 201 and the new vendor can log in at once (choosing its own password) and bid', async () => {
      const res = await registrar.post('/api/v1/vendors', {
        vendorId,
        legalName: 'Onboarded Paving SA',
        username,
        password,
      });
      expectStatus(res, 201);
      expect(res.body).toMatchObject({ vendorId, legalName: 'Onboarded Paving SA' });
      expect(await ledgerRead(ledger, 'vendor:Get', vendorId)).toMatchObject({ vendorId, debarred: false });

      const { res: login, client } = await firstLogin(gw, { mspId: 'SuppliersMSP', username, password });
      expectStatus(login, 200);
      expect(login.body).toMatchObject({
        identity: { mspId: 'SuppliersMSP', username, role: 'vendor', vendorId },
      });

      const bid = await client.post<BidRecord>(`/api/v1/tenders/${openId}/bids`, bidBody('95000000'));
      expectStatus(bid, 201);
      const own = await client.get<BidRecord>(`/api/v1/tenders/${openId}/bids/${bid.body.bidId}`);
      expectStatus(own, 200);
      expect(own.body).toMatchObject({ vendorId, status: 'sealed' });
    });

    it('when the registrar onboards the same vendor id again, then it is a CONFLICT', async () => {
      const before = await ledgerRead(ledger, 'vendor:Get', vendorId);
      const res = await registrar.post('/api/v1/vendors', {
        vendorId,
        legalName: 'Impostor',
        username: `${username}-2`,
        password,
      });
      expectRefusal(res, 409, 'CONFLICT');
      expect(await ledgerRead(ledger, 'vendor:Get', vendorId)).toEqual(before);
    });

    it('ACME’s bid on the open tender is still its own and untouched by everything above', async () => {
      expect(await ledgerRead<BidRecord>(acmeLedger, 'bid:Get', openId, acmeOpenBid)).toMatchObject({
        vendorId: 'ACME',
        status: 'sealed',
      });
    });
  });
});
