/**
 * A complete lowest-price tender over HTTP, through every role: the auditor sets the policy, the
 * PublicWorks officer creates, publishes and amends a tender, three vendors bid (one replaces its bid,
 * one withdraws and bids again, one seals in its own client and sends an envelope that cannot be
 * opened), a late bid is refused, the organisations' openers release their key shares after the
 * deadline and the bids open with no vendor action, the officer awards, a challenge is upheld (award annulled, awarded again), a second challenge is
 * dismissed, the contract is recorded, and the award history, tender history and event stream tell
 * the whole story.
 */
import type {
  Award,
  BidRecord,
  Challenge,
  ContractRecord,
  Page,
  Tender,
  TenderVersion,
} from '@procurement/contract';
import { ID_PATTERN } from '@procurement/contract';
import { ApiClient, type RunningGateway, startGateway, waitUntil } from './support/gateway';
import { type Session, sessionAs } from './support/network';
import {
  bidBody,
  eur,
  expectRefusal,
  expectStatus,
  keysFound,
  clientSealedBid,
  ledgerRead,
  readEvents,
  waitForOpening,
  SHORT_POLICY,
  useShortPolicy,
  sha256,
  loginAll,
  tenderBody,
  uniqueId,
  type ServerSentEvent,
  type Written,
} from './support/procurement';

type Bids = { items: BidRecord[]; total: number };

describe('a lowest-price tender, from publication to contract', () => {
  let gw: RunningGateway;
  let auditor: ApiClient;
  let officer: ApiClient;
  let acme: ApiClient;
  let bolt: ApiClient;
  let civic: ApiClient;
  let ledger: Session;

  const id = uniqueId('lp');
  const path = `/api/v1/tenders/${id}`;
  let tender: Tender & Written;
  let firstBlock = 0;
  const bidIds: Record<string, string> = {};
  let award: Award & Written;

  beforeAll(async () => {
    gw = await startGateway();
    [auditor, officer, acme, bolt, civic] = await loginAll(gw, [
      'auditor',
      'pw-officer',
      'vendor-acme',
      'vendor-bolt',
      'vendor-civic',
    ]);
    ledger = sessionAs('auditor');
  });

  afterAll(async () => {
    ledger.close();
    await gw.stop();
  });

  const liveBids = (items: BidRecord[]) =>
    items.filter((b) => b.status !== 'replaced' && b.status !== 'withdrawn');

  it('when one auditor proposes a short procurement policy and another approves it, then everyone reads it back', async () => {
    expect(await useShortPolicy(gw, auditor)).toMatchObject(SHORT_POLICY);

    const read = await acme.get('/api/v1/policy');
    expectStatus(read, 200);
    expect(read.body).toMatchObject(SHORT_POLICY);
  });

  it('when the PublicWorks officer creates a lowest-price tender, then it is a draft owned by PublicWorksMSP', async () => {
    const res = await officer.post<Tender & Written>(
      '/api/v1/tenders',
      tenderBody(id, { submissionInSeconds: 28, openingInSeconds: 40 }),
    );
    expectStatus(res, 201);
    expect(res.body).toMatchObject({
      id,
      status: 'draft',
      agency: 'PublicWorksMSP',
      awardCriteria: { method: 'lowestPrice' },
    });
    expect(res.body.txId).toEqual(expect.any(String));
    expect(Number(res.body.blockNumber)).toBeGreaterThan(0);
    tender = res.body;
    firstBlock = Number(res.body.blockNumber);
  });

  it('when the officer publishes it, then it is published and vendors can read it', async () => {
    const res = await officer.post<Tender & Written>(`${path}/publish`);
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ id, status: 'published' });
    tender = res.body;

    const read = await bolt.get<Tender>(path);
    expectStatus(read, 200);
    expect(read.body).toMatchObject({ id, status: 'published', agency: 'PublicWorksMSP', amendments: [] });
  });

  it('when ACME bids, then it gets a bid id and the commitment (a SHA-256) of its sealed bid', async () => {
    const res = await acme.post<BidRecord & Written>(`${path}/bids`, bidBody('120000000'));
    expectStatus(res, 201);
    expect(res.body.bidId).toMatch(ID_PATTERN);
    expect(res.body.commitment).toMatch(/^[0-9a-f]{64}$/);
    bidIds.acmeFirst = res.body.bidId;
  });

  it('when the officer amends the tender with a reason, then the amendment shows in the tender and earlier bids are marked beforeAmendment', async () => {
    const changes = {
      description: 'Milling and resurfacing of 14 km of carriageway, with road markings and drainage.',
      documents: [{ name: 'specification-v2.pdf', sha256: sha256(`specification v2 of ${id}`) }],
    };
    const res = await officer.post<Tender & Written>(`${path}/amendments`, {
      reason: 'Drainage added to the scope',
      changes,
    });
    expectStatus(res, 200);
    expect(res.body.amendments).toHaveLength(1);
    expect(res.body.amendments[0]).toMatchObject({ reason: 'Drainage added to the scope', changes });
    expect(res.body.description).toBe(changes.description);
    tender = res.body;

    const read = await civic.get<Tender>(path);
    expect(read.body.amendments).toEqual(res.body.amendments);

    const bids = await acme.get<Bids>(`${path}/bids`);
    expectStatus(bids, 200);
    expect(bids.body.items.find((b) => b.bidId === bidIds.acmeFirst)).toMatchObject({
      beforeAmendment: true,
    });
  });

  it('when BOLT bids and CIVIC sends an envelope sealed in its own client, then each gets its own bid id', async () => {
    const boltRes = await bolt.post<BidRecord>(`${path}/bids`, bidBody('118000000'));
    expectStatus(boltRes, 201);
    bidIds.boltFirst = boltRes.body.bidId;
    // CIVIC's bid is the cheapest, but its client sealed it wrongly: the envelope will never open.
    const sealed = await clientSealedBid(civic, id, 'CIVIC', bidBody('99000000'), { corrupt: true });
    const civicRes = await civic.post<BidRecord>(`${path}/bids`, {
      nonce: sealed.nonce,
      envelope: sealed.envelope,
    });
    expectStatus(civicRes, 201);
    expect(civicRes.body).toMatchObject({ bidId: sealed.bidId, status: 'sealed', threshold: 3 });
    bidIds.civic = civicRes.body.bidId;
    expect(new Set([bidIds.acmeFirst, bidIds.boltFirst, bidIds.civic]).size).toBe(3);
  });

  it('when ACME bids a second time, then the new bid replaces the first', async () => {
    const res = await acme.post<BidRecord>(`${path}/bids`, bidBody('115000000', { crew: 14 }));
    expectStatus(res, 201);
    bidIds.acme = res.body.bidId;
    expect(bidIds.acme).not.toBe(bidIds.acmeFirst);

    const bids = await acme.get<Bids>(`${path}/bids`);
    const mine = liveBids(bids.body.items.filter((b) => b.vendorId === 'ACME'));
    expect(mine.map((b) => b.bidId)).toEqual([bidIds.acme]);
    expect(mine[0]).toMatchObject({ beforeAmendment: false, status: 'sealed' });
    expect(keysFound(mine[0], ['price', 'technicalProposal'])).toEqual([]);
  });

  it('when BOLT withdraws its bid and bids again, then only the new bid is live', async () => {
    const del = await bolt.delete(`${path}/bids/${bidIds.boltFirst!}`);
    expectStatus(del, 200);
    const res = await bolt.post<BidRecord>(`${path}/bids`, bidBody('119000000'));
    expectStatus(res, 201);
    bidIds.bolt = res.body.bidId;

    const bids = await bolt.get<Bids>(`${path}/bids`);
    const mine = liveBids(bids.body.items.filter((b) => b.vendorId === 'BOLT'));
    expect(mine.map((b) => b.bidId)).toEqual([bidIds.bolt]);
    expect(bids.body.items.find((b) => b.bidId === bidIds.boltFirst)?.status ?? 'withdrawn').toBe(
      'withdrawn',
    );
  });

  it('while bidding is open, then others see only the number of bids, a vendor its own, and no price is anywhere', async () => {
    const asCivic = await civic.get<Bids>(`${path}/bids`);
    expectStatus(asCivic, 200);
    expect(asCivic.body.total).toBe(3);
    expect(asCivic.body.items.map((b) => b.vendorId)).toEqual(['CIVIC']);

    const asAcme = await acme.get<Bids>(`${path}/bids`);
    expect(asAcme.body.items.map((b) => [b.bidId, b.status])).toEqual([[bidIds.acme, 'sealed']]);
    expect(keysFound(asAcme.body, ['price', 'technicalProposal'])).toEqual([]);

    const asOfficer = await officer.get<Bids>(`${path}/bids`);
    expect(asOfficer.body).toMatchObject({ items: [], total: 3 });
    expectRefusal(await officer.get(`${path}/bids/${bidIds.acme!}`), 403, 'NOT_AUTHORISED');
  });

  it('when a vendor bids after the submission deadline, then it is refused with DEADLINE_PASSED and the bids are unchanged', async () => {
    await waitUntil(tender.submissionDeadline);
    const before = await ledgerRead<Bids>(ledger, 'bid:List', id, '{}');
    const viaGatewayBefore = await auditor.get<Bids>(`${path}/bids`);

    const late = await civic.post(`${path}/bids`, bidBody('98000000'));
    expectRefusal(late, 409, 'DEADLINE_PASSED');

    expect(await ledgerRead<Bids>(ledger, 'bid:List', id, '{}')).toEqual(before);
    expect((await auditor.get<Bids>(`${path}/bids`)).body).toEqual(viaGatewayBefore.body);
  });

  it('after the submission deadline, then the openers release their shares and the bids open with no vendor action', async () => {
    const opening = await waitForOpening(auditor, id);
    expect(opening.bids).toEqual({ sealed: 0, opened: 2, unopenable: 1 });
    expect(opening.organisations.length).toBeGreaterThanOrEqual(3);
  });

  it('after the opening deadline, then everyone sees the opened prices, and CIVIC’s envelope as unopenable with the reason', async () => {
    await waitUntil(tender.openingDeadline);
    for (const reader of [civic, officer, auditor]) {
      const res = await reader.get<Bids>(`${path}/bids`);
      expectStatus(res, 200);
      const byId = new Map(res.body.items.map((b) => [b.bidId, b]));
      expect(byId.get(bidIds.acme!)).toMatchObject({
        vendorId: 'ACME',
        status: 'opened',
        price: eur('115000000'),
        technicalProposal: { crew: 14 },
      });
      expect(byId.get(bidIds.bolt!)).toMatchObject({ vendorId: 'BOLT', price: eur('119000000') });
      const unopenable = byId.get(bidIds.civic!);
      expect(unopenable).toMatchObject({
        vendorId: 'CIVIC',
        status: 'unopenable',
        unopenable: { reason: 'DECRYPTION_FAILED' },
      });
      expect(keysFound(unopenable, ['price', 'technicalProposal'])).toEqual([]);
      // Replaced bids are not listed; the withdrawn one never shows content.
      expect(byId.has(bidIds.acmeFirst!)).toBe(false);
      expect(keysFound(byId.get(bidIds.boltFirst!) ?? {}, ['price'])).toEqual([]);
    }
  });

  it('when the officer awards, then the lowest opened bid wins and the unopenable bid is out with a reason', async () => {
    const res = await officer.post<Award & Written>(`${path}/award`);
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ bidId: bidIds.acme, vendorId: 'ACME', price: eur('115000000') });
    expect(new Date(res.body.standstillEndsAt).getTime()).toBeGreaterThan(Date.now());
    expect(res.body.ranking.map((r) => [r.bidId, r.vendorId, r.compliant])).toEqual([
      [bidIds.acme, 'ACME', true],
      [bidIds.bolt, 'BOLT', true],
      [bidIds.civic, 'CIVIC', false],
    ]);
    expect(res.body.ranking[2]!.reason).toBe('unopenable');
    award = res.body;
    expect((await officer.get<Tender>(path)).body.status).toBe('awarded');
  });

  it('when BOLT challenges during standstill and the auditor upholds it, then the award is annulled and the tender is back in evaluation', async () => {
    const challenge = await bolt.post<Challenge & Written>(`${path}/challenges`, {
      reason: 'ACME’s crew is not qualified',
    });
    expectStatus(challenge, 201);
    expect(challenge.body.challengeId).toMatch(ID_PATTERN);

    const decision = await auditor.post(`/api/v1/challenges/${challenge.body.challengeId}/decision`, {
      decision: 'upheld',
      reason: 'The qualification check was not documented',
    });
    expectStatus(decision, 200);

    expect((await auditor.get<Tender>(path)).body.status).toBe('evaluation');
    expect(await ledgerRead<Award>(ledger, 'award:Get', id)).toMatchObject({
      status: 'annulled',
      txId: expect.any(String),
    });
    expect(
      await ledgerRead<Challenge>(ledger, 'award:GetChallenge', challenge.body.challengeId),
    ).toMatchObject({
      status: 'upheld',
    });
  });

  it('when the officer awards again, then a new standstill starts', async () => {
    const res = await officer.post<Award & Written>(`${path}/award`);
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ bidId: bidIds.acme, vendorId: 'ACME', price: eur('115000000') });
    expect(res.body.txId).not.toBe(award.txId);
    expect(res.body.standstillEndsAt > award.standstillEndsAt).toBe(true);
    award = res.body;
  });

  it('when BOLT challenges again and the auditor dismisses it, then the award stands', async () => {
    const challenge = await bolt.post<Challenge>(`${path}/challenges`, {
      reason: 'The price of ACME is abnormally low',
    });
    expectStatus(challenge, 201);
    const decision = await auditor.post(`/api/v1/challenges/${challenge.body.challengeId}/decision`, {
      decision: 'dismissed',
      reason: 'The price is in line with the estimate',
    });
    expectStatus(decision, 200);
    expect(
      await ledgerRead<Challenge>(ledger, 'award:GetChallenge', challenge.body.challengeId),
    ).toMatchObject({
      status: 'dismissed',
    });
    expect((await officer.get<Tender>(path)).body.status).toBe('awarded');
  });

  it('after standstill, when the officer records the contract, then the tender is contracted', async () => {
    await waitUntil(award.standstillEndsAt);
    const res = await officer.post<ContractRecord & Written>(`${path}/contract`, {
      documents: [{ name: 'signed-contract.pdf', sha256: sha256(`contract ${id}`) }],
    });
    expectStatus(res, 201);
    expect(res.body).toMatchObject({
      tenderId: id,
      bidId: bidIds.acme,
      vendorId: 'ACME',
      price: eur('115000000'),
    });
    expect((await acme.get<Tender>(path)).body.status).toBe('contracted');
  });

  it('when anyone reads the PublicWorks award history, then the award is listed, newest first', async () => {
    const res = await civic.get<Page<Award>>('/api/v1/awards?agency=PublicWorksMSP&pageSize=100');
    expectStatus(res, 200);
    const ours = res.body.items.filter((a) => a.tenderId === id);
    expect(ours[0]).toMatchObject({
      tenderId: id,
      bidId: bidIds.acme,
      vendorId: 'ACME',
      price: eur('115000000'),
    });
    const times = res.body.items.map((a) => a.awardedAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(res.body.items.every((a) => a.agency === 'PublicWorksMSP')).toBe(true);
  });

  it('when anyone reads the tender history, then every version is there with its txId, timestamp and submitter MSP', async () => {
    const res = await auditor.get<Page<TenderVersion>>(`${path}/history?pageSize=100`);
    expectStatus(res, 200);
    // create, publish, amend, award, annulment, award, contract
    expect(res.body.items.length).toBeGreaterThanOrEqual(7);
    for (const version of res.body.items) {
      expect(version.txId).toMatch(/^[0-9a-f]{64}$/);
      expect(Number.isNaN(Date.parse(version.timestamp))).toBe(false);
      expect(['PublicWorksMSP', 'AuditMSP']).toContain(version.mspId);
    }
    const statuses = res.body.items.map((v) => v.tender?.status);
    for (const s of ['draft', 'published', 'awarded', 'evaluation', 'contracted'])
      expect(statuses).toContain(s);
    const txIds = res.body.items.map((v) => v.txId);
    expect(txIds).toEqual(expect.arrayContaining([tender.txId, award.txId]));
    // the annulment was written by the auditor's upheld decision
    expect(res.body.items.find((v) => v.tender?.status === 'evaluation')?.mspId).toBe('AuditMSP');
  });

  it('when anyone reads the event stream from the first block of the tender, then the story is there with ids and never a price', async () => {
    const wanted = ['TenderPublished', 'BidSealed', 'SharesReleased', 'AwardMade', 'ContractRecorded'];
    const ours = (events: ServerSentEvent[]) =>
      events.filter(
        (e) => (JSON.parse(e.data) as { payload?: { tenderId?: string } }).payload?.tenderId === id,
      );
    const seenAll = (events: ServerSentEvent[]) =>
      wanted.every((w) => ours(events).some((e) => e.event === w));

    const { status, contentType, events } = await readEvents(
      gw.baseUrl,
      civic.token!,
      `/api/v1/events?fromBlock=${firstBlock}`,
      seenAll,
      60_000,
    );
    expect(status).toBe(200);
    expect(contentType).toMatch(/^text\/event-stream/);
    expect(wanted.filter((w) => !ours(events).some((e) => e.event === w))).toEqual([]);
    expect(ours(events).filter((e) => e.event === 'BidSealed').length).toBeGreaterThanOrEqual(5);
    // Before opening, the stream never says which vendor bid (issue 10 §9).
    for (const e of ours(events).filter((x) => x.event === 'BidSealed'))
      expect(keysFound(JSON.parse(e.data), ['vendorId'])).toEqual([]);

    for (const e of events) {
      const data = JSON.parse(e.data) as {
        blockNumber: number | string;
        txId: string;
        eventName: string;
        payload: unknown;
      };
      expect(e.id).toBe(`${String(data.blockNumber)}:${data.txId}`);
      expect(data.eventName).toBe(e.event);
      expect(Number(data.blockNumber)).toBeGreaterThanOrEqual(firstBlock);
      expect(keysFound(data.payload, ['price', 'technicalProposal', 'salt', 'documents'])).toEqual([]);
    }
    const awarded = ours(events).filter((e) => e.event === 'AwardMade');
    expect(awarded.length).toBe(2);
    expect(awarded.map((e) => e.id)).toContain(`${String(award.blockNumber)}:${award.txId}`);
  });
});
