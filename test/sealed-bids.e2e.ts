/**
 * Threshold opening keys on the real network (issue 9). A bid is on the ledger only as an envelope
 * that no single organisation can open; after the submission deadline each organisation's opener
 * releases its key shares and the chaincode opens every bid that reaches t = 3 shares, with no
 * vendor action.
 *
 * - Nothing readable before the deadline: no peer's or orderer's data folder and no process log holds
 *   a bid's price or a distinctive phrase of its proposal.
 * - An organisation that releases a share before the deadline is refused.
 * - One organisation withholds (its opener is stopped): the tender still opens with three.
 * - Too few organisations (two openers stopped): nothing opens, the opening status and the refused
 *   award name the missing organisations; once they release, the tender opens.
 * - A vendor's bad envelope ends as `unopenable` and does not block the others.
 */
import { GatewayError } from '@hyperledger/fabric-gateway';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  type Award,
  type BidRecord,
  type OpeningStatus,
  type Tender,
  canonicalJson,
  decryptShare,
  importOpeningPrivateKey,
  toBase64Url,
} from '@procurement/contract';
import { ensureOpenerProcess, openerProcess, openingKeyDir } from '../scripts/lib/openers';
import { ordererOrganisations } from '../scripts/lib/topology';
import { type ApiClient, type RunningGateway, startGateway, waitUntil } from './support/gateway';
import { net, openerSession } from './support/network';
import {
  bidBody,
  clientSealedBid,
  expectRefusal,
  expectStatus,
  keysFound,
  loginAll,
  tenderBody,
  uniqueId,
  useShortPolicy,
  waitForOpening,
  type Written,
} from './support/procurement';

/** Every message an endorsement failure carries: its own and each endorser's detail. */
function messagesOf(error: unknown): string {
  if (error instanceof GatewayError) {
    return [error.message, ...error.details.map((d) => `${d.mspId}: ${d.message}`)].join('\n');
  }
  return error instanceof Error ? error.message : String(error);
}

/** Every file under a folder that holds `needle`, as bytes (LevelDB files, block files, logs). */
function filesHolding(dir: string, needle: string): string[] {
  const target = Buffer.from(needle);
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (readFileSync(full).includes(target)) found.push(full);
    }
  };
  walk(dir);
  return found;
}

const orgNamed = (name: string) => {
  const org = net.topology.organisations.find((o) => o.name === name);
  if (!org) throw new Error(`no organisation ${name}`);
  return org;
};

async function stopOpener(name: string): Promise<void> {
  await net.procs.stop(openerProcess(orgNamed(name)));
}

function restartOpeners(): void {
  for (const org of net.topology.organisations) ensureOpenerProcess(net.topology, net.paths, net.procs, org);
}

describe('sealed bids that only a quorum of organisations can open, after the deadline', () => {
  let gw: RunningGateway;
  let auditor: ApiClient;
  let officer: ApiClient;
  let acme: ApiClient;
  let bolt: ApiClient;
  let civic: ApiClient;

  const first = uniqueId('seal');
  const second = uniqueId('quorum');
  let firstTender: Tender;
  let secondTender: Tender;
  // Distinctive content: a price and a phrase that appear nowhere else.
  const price = `9${String(randomBytes(4).readUInt32BE(0) % 1_000_000_000).padStart(9, '0')}`;
  const phrase = `phrase-${randomBytes(12).toString('hex')}`;
  const bids: Record<string, string> = {};

  beforeAll(async () => {
    gw = await startGateway();
    [auditor, officer, acme, bolt, civic] = await loginAll(gw, [
      'auditor',
      'pw-officer',
      'vendor-acme',
      'vendor-bolt',
      'vendor-civic',
    ]);
    await useShortPolicy(gw, auditor);
    for (const [id, submission, opening] of [
      [first, 30, 45],
      [second, 70, 85],
    ] as const) {
      const created = await officer.post('/api/v1/tenders', {
        ...tenderBody(id, { submissionInSeconds: submission, openingInSeconds: opening }),
      });
      expectStatus(created, 201);
      const published = await officer.post<Tender>(`/api/v1/tenders/${id}/publish`);
      expectStatus(published, 200);
      if (id === first) firstTender = published.body;
      else secondTender = published.body;
    }
  });

  afterAll(async () => {
    restartOpeners();
    await gw.stop();
  });

  it('when three vendors bid (one in plaintext through the gateway, two sealed in their own client, one of them badly), then each bid is one sealed transaction', async () => {
    const plain = await acme.post<BidRecord & Written>(
      `/api/v1/tenders/${first}/bids`,
      bidBody(price, { method: phrase }),
    );
    expectStatus(plain, 201);
    expect(plain.body).toMatchObject({ status: 'sealed', threshold: 3 });
    bids.acme = plain.body.bidId;

    const sealed = await clientSealedBid(bolt, first, 'BOLT', bidBody('95000000', { method: `${phrase}-b` }));
    const boltRes = await bolt.post<BidRecord>(`/api/v1/tenders/${first}/bids`, {
      nonce: sealed.nonce,
      envelope: sealed.envelope,
    });
    expectStatus(boltRes, 201);
    bids.bolt = boltRes.body.bidId;
    bids.boltEnvelope = canonicalJson(sealed.envelope);

    const bad = await clientSealedBid(civic, first, 'CIVIC', bidBody('90000000'), { corrupt: true });
    const civicRes = await civic.post<BidRecord>(`/api/v1/tenders/${first}/bids`, {
      nonce: bad.nonce,
      envelope: bad.envelope,
    });
    expectStatus(civicRes, 201);
    bids.civic = civicRes.body.bidId;

    for (const [client, vendorId] of [
      [acme, 'ACME'],
      [bolt, 'BOLT'],
    ] as const) {
      const res = await client.post<BidRecord>(
        `/api/v1/tenders/${second}/bids`,
        bidBody(vendorId === 'ACME' ? '80000000' : '81000000'),
      );
      expectStatus(res, 201);
    }
  });

  it('before the deadline, then no peer, no orderer and no process log holds the price or the proposal in clear', () => {
    const places = [
      ...net.topology.organisations.map((org) => net.paths.org(org).peerData),
      ...ordererOrganisations(net.topology).map((org) => net.paths.org(org).ordererData),
      net.paths.logs,
    ];
    for (const needle of [price, phrase]) {
      const found = places.flatMap((dir) => filesHolding(dir, needle));
      expect({ needle, found }).toEqual({ needle, found: [] });
    }
    expect(gw.output()).not.toContain(phrase);
  });

  it('when an organisation releases a share before the deadline, then it is refused (TOO_EARLY) and the bid stays sealed', async () => {
    const pw = orgNamed('PublicWorks');
    const dir = openingKeyDir(net.paths, pw);
    const keyId = readFileSync(path.join(dir, 'current'), 'utf8').trim();
    const privateKey = importOpeningPrivateKey(
      JSON.parse(readFileSync(path.join(dir, `${keyId}.jwk`), 'utf8')),
    );
    const share = decryptShare(
      JSON.parse(bids.boltEnvelope ?? ''),
      { tenderId: first, bidId: bids.bolt ?? '', organisation: pw.mspId },
      privateKey,
    );
    const opener = openerSession('PublicWorks');
    try {
      const refused = await opener.contract
        .submitTransaction(
          'bid:ReleaseShares',
          first,
          canonicalJson({ shares: [{ bidId: bids.bolt, share: toBase64Url(share) }] }),
        )
        .then(
          () => 'released',
          (error: unknown) => messagesOf(error),
        );
      expect(refused).toMatch(/TOO_EARLY: key shares are released only after the submission deadline/);
      const listed = await opener.contract.evaluateTransaction('bid:Envelopes', first).then(
        () => 'listed',
        (error: unknown) => messagesOf(error),
      );
      expect(listed).toMatch(/TOO_EARLY/);
    } finally {
      opener.close();
    }
    const own = await bolt.get<BidRecord>(`/api/v1/tenders/${first}/bids/${bids.bolt ?? ''}`);
    expect(own.body.status).toBe('sealed');
  });

  it('when the Suppliers opener withholds and the deadline passes, then the three others open every bid with no vendor action', async () => {
    await stopOpener('Suppliers');
    await waitUntil(firstTender.submissionDeadline);
    const opening = await waitForOpening(auditor, first);
    expect(opening.bids).toEqual({ sealed: 0, opened: 2, unopenable: 1 });
    expect(opening.missing).toEqual(['SuppliersMSP']);
    expect(opening.organisations.map((o) => o.organisation).sort()).toEqual([
      'AuditMSP',
      'HealthMSP',
      'PublicWorksMSP',
    ]);
  });

  it('after the opening deadline, then the bids show their content, the bad envelope is unopenable, and the award goes ahead recording who withheld', async () => {
    await waitUntil(firstTender.openingDeadline);
    const listed = await officer.get<{ items: BidRecord[] }>(`/api/v1/tenders/${first}/bids`);
    const byId = new Map(listed.body.items.map((b) => [b.bidId, b]));
    expect(byId.get(bids.acme ?? '')).toMatchObject({
      status: 'opened',
      price: { amount: price },
      technicalProposal: { method: phrase },
    });
    expect(byId.get(bids.bolt ?? '')).toMatchObject({ status: 'opened', price: { amount: '95000000' } });
    expect(byId.get(bids.civic ?? '')).toMatchObject({
      status: 'unopenable',
      unopenable: { reason: 'DECRYPTION_FAILED' },
    });
    expect(keysFound(byId.get(bids.civic ?? ''), ['price'])).toEqual([]);

    const award = await officer.post<Award>(`/api/v1/tenders/${first}/award`);
    expectStatus(award, 200);
    expect(award.body).toMatchObject({
      bidId: bids.bolt,
      vendorId: 'BOLT',
      opening: { missing: ['SuppliersMSP'] },
    });
    expect(award.body.ranking.find((r) => r.bidId === bids.civic)).toMatchObject({
      compliant: false,
      reason: 'unopenable',
    });
  });

  it('when only two organisations release, then nothing opens, and the opening status and the refused award name the missing ones', async () => {
    await stopOpener('Audit');
    await waitUntil(secondTender.submissionDeadline);
    const opening = await waitForOpening(auditor, second, (s: OpeningStatus) => s.organisations.length >= 2);
    // Give a third release the time it would need, had there been one.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    const after = await auditor.get<OpeningStatus>(`/api/v1/tenders/${second}/opening`);
    expect(after.body).toMatchObject({
      bids: { sealed: 2, opened: 0 },
      missing: ['AuditMSP', 'SuppliersMSP'],
      complete: false,
    });
    expect(opening.organisations.map((o) => o.organisation).sort()).toEqual(['HealthMSP', 'PublicWorksMSP']);
    await waitUntil(secondTender.openingDeadline);
    const award = await officer.post(`/api/v1/tenders/${second}/award`);
    expectRefusal(award, 409, 'CONFLICT');
    expect(JSON.stringify(award.body)).toMatch(/missing: AuditMSP, SuppliersMSP/);
  });

  it('when the missing openers come back, then they release late and the tender opens', async () => {
    restartOpeners();
    // The third release opens the bids; the fourth follows and is checked against them.
    const opening = await waitForOpening(auditor, second, (s) => s.complete && s.missing.length === 0);
    expect(opening).toMatchObject({ bids: { sealed: 0, opened: 2 }, missing: [] });
    const award = await officer.post<Award>(`/api/v1/tenders/${second}/award`);
    expectStatus(award, 200);
    expect(award.body.vendorId).toBe('ACME');
  });
});
