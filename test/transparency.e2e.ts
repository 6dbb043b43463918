/**
 * Transparency on the real network (issue 11): red flags raised by the chaincode, cross-agency
 * splitting across PublicWorks and Health, the public read API with no token and no sealed content,
 * the reader identity refused every write, and every exported OCDS record valid.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  DEFAULT_RED_FLAG_POLICY,
  type PublicRedFlag,
  type PublicTenderDetail,
  TRANSACTION_NAMES,
  TRANSACTIONS,
} from '@procurement/contract';

import { loadOcdsValidator } from '../gateway/src/public/ocds-validator';
import { connectAs } from '../scripts/lib/fabric-client';
import { READER_USERNAME } from '../scripts/lib/identities';
import { check, exportOcds } from '../scripts/lib/public-model';
import { ApiClient, type RunningGateway, startGateway, waitUntil } from './support/gateway';
import { net } from './support/network';
import {
  useShortPolicy,
  bidBody,
  expectStatus,
  loginAll,
  tenderBody,
  uniqueId,
  type Written,
} from './support/procurement';

const validator = loadOcdsValidator();
/** The splitting window: the first two awards fall inside it, the third well after. */
const WINDOW_SECONDS = 25;
const THRESHOLD = '100000000';
const PRICE = '60000000';

/** GET without any token. */
async function publicGet(
  gw: RunningGateway,
  pathname: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; body: unknown; headers: Headers }> {
  const res = await fetch(`${gw.baseUrl}${pathname}`, { headers });
  const text = await res.text();
  return { status: res.status, text, body: text ? (JSON.parse(text) as unknown) : {}, headers: res.headers };
}

/** Polls a public read until `accept` holds (the read model follows the ledger block by block). */
async function publicUntil<T>(
  gw: RunningGateway,
  pathname: string,
  accept: (body: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await publicGet(gw, pathname);
    if (res.status === 200 && accept(res.body as T)) return res.body as T;
    if (Date.now() > deadline) throw new Error(`${pathname}: still ${res.status} ${res.text}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('transparency: red flags on the ledger and the public read API', () => {
  let gw: RunningGateway;
  let auditor: ApiClient;
  let pwOfficer: ApiClient;
  let healthOfficer: ApiClient;
  let acme: ApiClient;

  const run = uniqueId('tr');
  const pwA = `${run}-pwa`;
  const hB = `${run}-hb`;
  const pwC = `${run}-pwc`;
  const awardTx: Record<string, Written> = {};
  const secretProposal = `secret-method-${run}`;

  beforeAll(async () => {
    gw = await startGateway();
    [auditor, pwOfficer, healthOfficer, acme] = await loginAll(gw, [
      'auditor',
      'pw-officer',
      'health-officer',
      'vendor-acme',
    ]);
    await useShortPolicy(gw, auditor, {
      redFlags: {
        ...DEFAULT_RED_FLAG_POLICY,
        splitting: { cpvGroupDigits: 3, windowSeconds: WINDOW_SECONDS, thresholds: { EUR: THRESHOLD } },
      },
    });
  });

  afterAll(async () => {
    await gw.stop();
  });

  /** Each tender's deadlines and ACME's bid on it. */
  const opened: Record<string, { bidId: string; submissionDeadline: string; openingDeadline: string }> = {};

  /** Creates and publishes a lowest-price tender; ACME bids PRICE. */
  async function openTender(
    officer: ApiClient,
    id: string,
    cpv: string,
    evaluators: string[],
  ): Promise<void> {
    const body = { ...tenderBody(id, { submissionInSeconds: 10, openingInSeconds: 16, evaluators }), cpv };
    const created = await officer.post<{ submissionDeadline: string; openingDeadline: string }>(
      '/api/v1/tenders',
      body,
    );
    expectStatus(created, 201);
    expectStatus(await officer.post(`/api/v1/tenders/${id}/publish`), 200);
    const bid = await acme.post<{ bidId: string }>(
      `/api/v1/tenders/${id}/bids`,
      bidBody(PRICE, { method: secretProposal }),
    );
    expectStatus(bid, 201);
    opened[id] = { bidId: bid.body.bidId, ...created.body };
  }

  it('publishes three tenders in one CPV group; before opening the public API shows no bid, no price, no proposal, no user name', async () => {
    await openTender(pwOfficer, pwA, '45233140-2', ['pw-eval-1']);
    await openTender(healthOfficer, hB, '45262000-1', ['health-eval-1']);
    await openTender(pwOfficer, pwC, '45233000-9', ['pw-eval-1']);
    const detail = await publicUntil<PublicTenderDetail>(gw, `/public/v1/tenders/${pwA}`, (t) =>
      t.timeline.some((e) => e.event === 'BidSealed'),
    );
    expect(detail).not.toHaveProperty('bids');
    const texts = [
      JSON.stringify(detail),
      (await publicGet(gw, '/public/v1/releases?pageSize=100')).text,
      (await publicGet(gw, `/public/v1/records/ocds-procledger-${pwA}`)).text,
    ];
    for (const text of texts) {
      expect(text).not.toContain(PRICE);
      expect(text).not.toContain(secretProposal);
      expect(text).not.toMatch(/pw-eval-1|pw-officer|health-officer|vendor-acme/);
    }
    // Between the deadlines the openers release their key shares and the bids open (the ledger then
    // holds the price); still nothing public before the opening deadline.
    const revealed = await publicUntil<PublicTenderDetail>(gw, `/public/v1/tenders/${pwA}`, (t) =>
      t.timeline.some((e) => e.event === 'SharesReleased'),
    );
    if (Date.now() < Date.parse(revealed.openingDeadline) - 1_000) {
      expect(revealed).not.toHaveProperty('bids');
      expect(JSON.stringify(revealed)).not.toContain(PRICE);
    }
  });

  it('PublicWorks then Health award ACME just under the threshold: the second award raises PL-SPLIT naming both agencies', async () => {
    // Both openings have passed before the first award, so the two awards are seconds apart.
    await waitUntil(opened[hB]?.openingDeadline ?? '');
    const a = await pwOfficer.post<Written>(`/api/v1/tenders/${pwA}/award`);
    expectStatus(a, 200);
    awardTx[pwA] = a.body;
    const b = await healthOfficer.post<Written>(`/api/v1/tenders/${hB}/award`);
    expectStatus(b, 200);
    awardTx[hB] = b.body;
    const flags = await publicUntil<{ items: PublicRedFlag[] }>(
      gw,
      `/public/v1/red-flags?tenderId=${hB}`,
      (p) => p.items.some((f) => f.code === 'PL-SPLIT'),
    );
    const split = flags.items.find((f) => f.code === 'PL-SPLIT');
    expect(split?.evidence).toMatchObject({
      vendorId: 'ACME',
      cpvGroup: '452',
      agencies: ['HealthMSP', 'PublicWorksMSP'],
      total: '120000000',
    });
    expect(split?.txId).toBe(b.body.txId);
    const onFirst = {
      body: await publicUntil<{ items: PublicRedFlag[] }>(
        gw,
        `/public/v1/red-flags?tenderId=${pwA}`,
        (p) => p.items.length > 0,
      ),
    };
    expect(onFirst.body.items.map((f) => f.code)).toContain('R018');
    expect(onFirst.body.items.map((f) => f.code)).not.toContain('PL-SPLIT');
  });

  it('a third award to ACME in the group after the window raises no splitting flag', async () => {
    const awarded = await publicUntil<PublicTenderDetail>(
      gw,
      `/public/v1/tenders/${hB}`,
      (t) => t.award !== undefined,
    );
    const since = Date.parse(awarded.award?.awardedAt ?? '');
    await waitUntil(new Date(since + WINDOW_SECONDS * 1000).toISOString(), 2_000);
    const c = await pwOfficer.post<Written>(`/api/v1/tenders/${pwC}/award`);
    expectStatus(c, 200);
    awardTx[pwC] = c.body;
    const flags = await publicUntil<{ items: PublicRedFlag[] }>(
      gw,
      `/public/v1/red-flags?tenderId=${pwC}`,
      (p) => p.items.some((f) => f.code === 'R018'),
    );
    expect(flags.items.map((f) => f.code)).not.toContain('PL-SPLIT');
  });

  it('the public API needs no token, answers ETag/304, and proves a transaction against the ledger', async () => {
    const tenders = await publicGet(gw, `/public/v1/tenders?q=resurfacing&agency=HealthMSP&pageSize=100`);
    expect(tenders.status).toBe(200);
    expect((tenders.body as { items: { id: string }[] }).items.map((t) => t.id)).toContain(hB);
    const etag = tenders.headers.get('etag') ?? '';
    expect(
      (
        await publicGet(gw, `/public/v1/tenders?q=resurfacing&agency=HealthMSP&pageSize=100`, {
          'if-none-match': etag,
        })
      ).status,
    ).toBe(304);
    const detail = {
      body: await publicUntil<PublicTenderDetail>(gw, `/public/v1/tenders/${hB}`, () => true),
    };
    expect(detail.body.bids?.map((b) => b.price)).toEqual([{ amount: PRICE, currency: 'EUR' }]);
    expect(detail.body.timeline.map((e) => e.organisation)).toContain('SuppliersMSP');
    const written = awardTx[hB];
    const proof = {
      body: await publicUntil<{
        blockNumber: string;
        validationCode: string;
        endorsers: string[];
        creator: string;
      }>(gw, `/public/v1/proof/${written?.txId ?? ''}`, () => true),
    };
    expect(proof.body).toMatchObject({
      blockNumber: String(written?.blockNumber),
      validationCode: 'VALID',
      creator: 'HealthMSP',
    });
    expect(proof.body.endorsers.length).toBeGreaterThanOrEqual(3);
    const awards = {
      body: await publicUntil<{ items: { tenderId: string; vendor: { legalName: string } }[] }>(
        gw,
        '/public/v1/awards?vendor=ACME&pageSize=100',
        () => true,
      ),
    };
    expect(awards.body.items.map((x) => x.tenderId)).toEqual(expect.arrayContaining([pwA, hB, pwC]));
  });

  it('the auditor reviews the splitting flag; the public API shows the note and not who wrote it', async () => {
    const flags = {
      body: await publicUntil<{ items: PublicRedFlag[] }>(
        gw,
        `/public/v1/red-flags?tenderId=${hB}&code=PL-SPLIT`,
        () => true,
      ),
    };
    const flagId = flags.body.items[0]?.flagId ?? '';
    expectStatus(
      await auditor.post(`/api/v1/red-flags/${flagId}/review`, { note: 'two ministries, one road' }),
      200,
    );
    expect((await auditor.post(`/api/v1/red-flags/${flagId}/review`, { note: 'again' })).status).toBe(409);
    expect((await pwOfficer.post(`/api/v1/red-flags/${flagId}/review`, { note: 'mine' })).status).toBe(403);
    const reviewed = await publicUntil<{ items: PublicRedFlag[] }>(
      gw,
      `/public/v1/red-flags?tenderId=${hB}&status=reviewed`,
      (p) => p.items.length === 1,
    );
    expect(reviewed.items[0]?.review).toEqual({
      note: 'two ministries, one road',
      at: expect.any(String) as string,
    });
  });

  it('the reader identity is refused every write by the chaincode, and may read', async () => {
    const audit = net.topology.organisations.find((o) => o.mspId === 'AuditMSP');
    if (!audit) throw new Error('no AuditMSP');
    const reader = connectAs(net.topology, net.paths, audit, READER_USERNAME);
    try {
      const contract = reader.gateway
        .getNetwork(net.topology.channel)
        .getContract(net.topology.chaincode.name);
      for (const name of TRANSACTION_NAMES.filter((n) => TRANSACTIONS[n].writes)) {
        const args = TRANSACTIONS[name].args.map(() => pwA);
        let refusal = '';
        try {
          await contract.submitTransaction(name, ...args);
        } catch (error) {
          const e = error as { message?: string; details?: { message?: string }[] };
          refusal = [e.message ?? '', ...(e.details ?? []).map((d) => d.message ?? '')].join(' | ');
        }
        expect({ name, refused: /NOT_AUTHORISED: a reader/.test(refusal) }).toEqual({ name, refused: true });
      }
      const tender = JSON.parse(
        Buffer.from(await contract.evaluateTransaction('tender:Get', pwA)).toString(),
      ) as { id: string };
      expect(tender.id).toBe(pwA);
    } finally {
      reader.close();
    }
  });

  it('a read model rebuilt from block 0 matches the ledger, and every record it exports is valid OCDS', async () => {
    const stateDir = mkdtempSync(path.join(tmpdir(), 'public-model-'));
    try {
      const out = path.join(stateDir, 'records.jsonl');
      const { written, invalid } = await exportOcds(net, out, stateDir);
      expect(invalid).toBe(0);
      const lines = readFileSync(out, 'utf8').trim().split('\n');
      expect(lines).toHaveLength(written);
      const ocids = lines.map((line) => {
        const pkg = JSON.parse(line) as { records: { ocid: string }[] };
        expect(validator.recordPackage(pkg)).toEqual([]);
        return pkg.records[0]?.ocid;
      });
      expect(ocids).toEqual(expect.arrayContaining([pwA, hB, pwC].map((id) => `ocds-procledger-${id}`)));
      expect(await check(net, stateDir)).toEqual([]);
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
