import type { Award, BidRecord, RedFlagRecord, Tender } from '@procurement/contract';
import request from 'supertest';

import { World } from '../testing/world';
import type { LedgerTransaction } from './blocks';
import { applyBlock, nextBlock, splitCompositeKey } from './ingest';
import { migrate } from './migrations';
import { loadOcdsValidator } from './ocds-validator';
import { type PublicationConfig, PublicReads } from './reads';
import { type Sql, openSql } from './sql';
import { type PostgresServer, postgresBinaries, startPostgres } from '../testing/postgres-server';

// PGlite starts a WebAssembly PostgreSQL: seconds on a shared machine.
jest.setTimeout(60_000);

const validator = loadOcdsValidator();

const PUBLICATION: PublicationConfig = {
  baseUrl: 'https://ledger.example.org',
  ocds: { ocidPrefix: 'ocds-procledger', vendorIdScheme: 'XI-PROCLEDGER', language: 'en' },
  package: {
    publisher: { name: 'Procurement Ledger' },
    license: 'https://creativecommons.org/licenses/by/4.0/',
    publicationPolicy: 'https://ledger.example.org/policy',
  },
};

const key = (type: string, ...attrs: string[]): string =>
  `\u0000${type}\u0000${attrs.map((a) => `${a}\u0000`).join('')}`;
const hex = (n: number): string => n.toString(16).padStart(64, '0');

const TENDER: Tender = {
  id: 'T-1',
  title: 'Resurfacing of the harbour road',
  description: 'Milling and resurfacing of 2.4 km of carriageway.',
  cpv: '45233140-2',
  estimatedValue: { amount: '10000000', currency: 'EUR' },
  procedure: 'open',
  submissionDeadline: '2026-03-01T12:00:00.000Z',
  openingDeadline: '2026-03-02T12:00:00.000Z',
  awardCriteria: { method: 'lowestPrice' },
  evaluators: ['secret-evaluator'],
  documents: [],
  agency: 'PublicWorksMSP',
  status: 'draft',
  createdAt: '2026-01-30T09:00:00.000Z',
  createdBy: 'secret-officer',
  amendments: [],
  updatedAt: '2026-01-30T09:00:00.000Z',
  txId: hex(2),
};

let seq = 0;
/** One valid transaction of its own block, with its writes and event. */
function tx(
  time: string,
  event: [string, Record<string, string>] | undefined,
  writes: [string, unknown][],
  creator = 'PublicWorksMSP',
): LedgerTransaction {
  seq += 1;
  return {
    blockNumber: BigInt(seq),
    index: 0,
    txId: hex(seq),
    channel: 'procurement',
    time,
    creator,
    validationCode: 'VALID',
    endorsers: ['AuditMSP', 'HealthMSP', 'PublicWorksMSP'],
    ...(event ? { event: { name: event[0], payload: JSON.stringify(event[1]) } } : {}),
    writes: writes.map(([k, v]) => ({ key: k, value: JSON.stringify(v) })),
  };
}

const sealedBid: BidRecord = {
  tenderId: 'T-1',
  bidId: 'bid-a',
  vendorId: 'V-A',
  commitment: 'c'.repeat(64),
  committedAt: '2026-02-10T09:00:00.000Z',
  txId: hex(5),
  status: 'sealed',
  beforeAmendment: false,
};
const opened: BidRecord = { ...sealedBid, status: 'opened', price: { amount: '9500000', currency: 'EUR' } };
const published: Tender = { ...TENDER, status: 'published', publishedAt: '2026-02-01T09:00:00.000Z' };
const award: Award = {
  tenderId: 'T-1',
  agency: 'PublicWorksMSP',
  bidId: 'bid-a',
  vendorId: 'V-A',
  price: { amount: '9500000', currency: 'EUR' },
  ranking: [{ bidId: 'bid-a', vendorId: 'V-A', price: opened.price, compliant: true, rank: 1 }],
  awardedAt: '2026-03-02T12:00:01.000Z',
  standstillEndsAt: '2026-03-12T12:00:01.000Z',
  status: 'standstill',
  txId: hex(7),
};
const flag: RedFlagRecord = {
  flagId: `${hex(7)}-R018`,
  code: 'R018',
  tenderId: 'T-1',
  raisedAt: award.awardedAt,
  txId: hex(7),
  evidence: { procedure: 'open', bidsReceived: 1, threshold: { maxBids: 1 } },
  status: 'raised',
};

/** The story, one transaction per block from block 1 (block 0 is the genesis block, with no tx). */
function story(): LedgerTransaction[] {
  seq = 0;
  return [
    tx(
      '2026-01-29T09:00:00.000Z',
      ['VendorRegistered', { vendorId: 'V-A' }],
      [
        [
          key('vendor', 'V-A'),
          {
            vendorId: 'V-A',
            legalName: 'Acme Roads Ltd',
            registeredAt: '2026-01-29T09:00:00.000Z',
            txId: hex(1),
          },
        ],
      ],
      'SuppliersMSP',
    ),
    tx(TENDER.createdAt, ['TenderCreated', { tenderId: 'T-1' }], [[key('tender', 'T-1'), TENDER]]),
    tx(
      published.publishedAt ?? '',
      ['TenderPublished', { tenderId: 'T-1' }],
      [
        [key('tender', 'T-1'), published],
        [key('tender~status~agency', 'draft', 'PublicWorksMSP', 'T-1'), undefined],
      ],
    ),
    tx(
      TENDER.createdAt,
      ['TenderCreated', { tenderId: 'T-2' }],
      [[key('tender', 'T-2'), { ...TENDER, id: 'T-2', title: 'Draft roof' }]],
    ),
    tx(
      sealedBid.committedAt,
      ['BidSealed', { tenderId: 'T-1' }],
      [[key('bid', 'T-1', 'bid-a'), sealedBid]],
      'SuppliersMSP',
    ),
    tx(
      '2026-03-01T13:00:00.000Z',
      ['SharesReleased', { tenderId: 'T-1' }],
      [[key('bid', 'T-1', 'bid-a'), opened]],
      'SuppliersMSP',
    ),
    tx(
      award.awardedAt,
      ['AwardMade', { tenderId: 'T-1' }],
      [
        [key('award', 'T-1'), award],
        [key('tender', 'T-1'), { ...published, status: 'awarded' }],
        [key('redflag', flag.flagId), flag],
      ],
    ),
  ];
}

/** Where the read model lives: embedded PGlite, or a private PostgreSQL server (when installed). */
interface Backend {
  open: () => Promise<Sql>;
}
const pglite: Backend = { open: () => openSql(undefined, undefined) };
let server: PostgresServer | undefined;
const postgres: Backend = {
  open: async () => {
    server ??= startPostgres();
    if (!server) throw new Error('no PostgreSQL server');
    return openSql(await server.createDatabase(), undefined);
  },
};
const BACKENDS: [string, Backend][] = [
  ['PGlite', pglite],
  ...(postgresBinaries() ? [['a PostgreSQL server', postgres] as [string, Backend]] : []),
];
if (BACKENDS.length === 1)
  // Reported, not hidden: .ci/run installs Debian's postgresql, so CI always runs both.
  console.warn('PostgreSQL is not installed: the read model is tested on PGlite only');
afterAll(() => {
  server?.stop();
});

async function filled(backend: Backend, now: number, blocks = 7): Promise<{ sql: Sql; world: World }> {
  const sql = await backend.open();
  await migrate(sql);
  await applyBlock(sql, 0n, [], PUBLICATION.ocds);
  for (const t of story().slice(0, blocks)) await applyBlock(sql, t.blockNumber, [t], PUBLICATION.ocds);
  const reads = new PublicReads(sql, PUBLICATION, () => now);
  const world = new World({
    app: { publicReads: () => reads, publicPerMinute: 1000 },
  });
  return { sql, world };
}

describe.each(BACKENDS)('on %s', (_name, backend) => {
  describe('the public read model', () => {
    let sql: Sql;
    let world: World;
    beforeAll(async () => {
      ({ sql, world } = await filled(backend, Date.parse('2026-03-05T00:00:00Z')));
    });
    afterAll(async () => {
      world.cleanup();
      await sql.close();
    });

    it('when listing tenders with no token, then published ones are served and drafts and user names are not', async () => {
      const res = await request(world.app).get('/public/v1/tenders');
      expect(res.status).toBe(200);
      expect((res.body as { items: { id: string }[] }).items.map((t) => t.id)).toEqual(['T-1']);
      expect(res.text).not.toMatch(/secret-|Draft roof/);
    });

    it('when searching and filtering, then only matching tenders come back', async () => {
      const ids = async (query: string): Promise<string[]> =>
        (
          (await request(world.app).get(`/public/v1/tenders?${query}`)).body as { items: { id: string }[] }
        ).items.map((t) => t.id);
      expect(await ids('q=harbour')).toEqual(['T-1']);
      expect(await ids('q=45233140')).toEqual(['T-1']);
      expect(await ids('q=hospital')).toEqual([]);
      expect(await ids('agency=HealthMSP')).toEqual([]);
      expect(await ids('status=awarded&minValue=10000000&maxValue=10000000')).toEqual(['T-1']);
      expect(await ids('minValue=10000001')).toEqual([]);
      expect(await ids('cpv=452')).toEqual(['T-1']);
      expect(await ids('from=2026-02-02T00:00:00Z')).toEqual([]);
    });

    it('when a tender is read, then its timeline names transactions, blocks and organisations, and its bid shows after opening', async () => {
      const res = await request(world.app).get('/public/v1/tenders/T-1');
      expect(res.status).toBe(200);
      const body = res.body as {
        timeline: { event: string; organisation: string; blockNumber: string }[];
        bids: unknown[];
        redFlags: { code: string }[];
        award: { vendor: { legalName: string } };
      };
      expect(body.timeline.map((e) => [e.event, e.organisation, e.blockNumber])).toEqual([
        ['TenderPublished', 'PublicWorksMSP', '3'],
        ['BidSealed', 'SuppliersMSP', '5'],
        ['SharesReleased', 'SuppliersMSP', '6'],
        ['AwardMade', 'PublicWorksMSP', '7'],
      ]);
      expect(body.bids).toEqual([
        {
          bidId: 'bid-a',
          vendor: { vendorId: 'V-A', legalName: 'Acme Roads Ltd' },
          price: opened.price,
          status: 'opened',
        },
      ]);
      expect(body.award.vendor.legalName).toBe('Acme Roads Ltd');
      expect(body.redFlags.map((f) => f.code)).toEqual(['R018']);
      expect((await request(world.app).get('/public/v1/tenders/T-2')).status).toBe(404);
      expect((await request(world.app).get('/public/v1/tenders/bad%20id')).status).toBe(400);
    });

    it('when the same answer is asked again with its ETag, then 304', async () => {
      const first = await request(world.app).get('/public/v1/red-flags');
      expect(first.headers['cache-control']).toMatch(/max-age/);
      const etag = String(first.headers.etag);
      const again = await request(world.app).get('/public/v1/red-flags').set('If-None-Match', etag);
      expect(again.status).toBe(304);
      const other = await request(world.app).get('/public/v1/red-flags?code=R003').set('If-None-Match', etag);
      expect(other.status).toBe(200);
    });

    it('when releases and records are served, then every one is valid OCDS 1.1.5 and holds no user name', async () => {
      const releases = await request(world.app).get('/public/v1/releases');
      const items = (releases.body as { items: { tag: string[] }[] }).items;
      expect(items.map((r) => r.tag)).toEqual([['tender'], ['award']]);
      for (const release of items) expect(validator.release(release)).toEqual([]);
      const records = await request(world.app).get('/public/v1/records');
      const packages = (records.body as { items: unknown[] }).items;
      expect(packages).toHaveLength(1);
      for (const pkg of packages) expect(validator.recordPackage(pkg)).toEqual([]);
      const one = await request(world.app).get('/public/v1/records/ocds-procledger-T-1');
      expect(validator.recordPackage(one.body)).toEqual([]);
      expect(JSON.stringify([items, packages])).not.toMatch(/secret-/);
      expect((await request(world.app).get('/public/v1/records/ocds-procledger-T-2')).status).toBe(404);
      const since = await request(world.app).get('/public/v1/releases?since=2026-03-01T00:00:00Z');
      expect((since.body as { items: unknown[] }).items).toHaveLength(1);
    });

    it('when paging with pageSize 1, then bookmarks walk every item once; a forged bookmark is refused', async () => {
      const first = await request(world.app).get('/public/v1/releases?pageSize=1');
      const { bookmark } = first.body as { bookmark: string };
      const second = await request(world.app).get(`/public/v1/releases?pageSize=1&bookmark=${bookmark}`);
      expect((second.body as { items: { tag: string[] }[]; bookmark?: string }).items[0]?.tag).toEqual([
        'award',
      ]);
      expect((second.body as { bookmark?: string }).bookmark).toBeUndefined();
      const forged = await request(world.app).get('/public/v1/releases?bookmark=abc');
      expect(forged.status).toBe(400);
      expect((await request(world.app).get('/public/v1/tenders?pageSize=101')).status).toBe(400);
      expect((await request(world.app).get('/public/v1/tenders?unknown=1')).status).toBe(400);
    });

    it('when awards are listed by vendor and period, then the award comes with its vendor legal name', async () => {
      const res = await request(world.app).get('/public/v1/awards?vendor=V-A&from=2026-03-01T00:00:00Z');
      expect((res.body as { items: { tenderId: string; vendor: unknown }[] }).items).toEqual([
        expect.objectContaining({
          tenderId: 'T-1',
          vendor: { vendorId: 'V-A', legalName: 'Acme Roads Ltd' },
        }),
      ]);
      const none = await request(world.app).get('/public/v1/awards?to=2026-03-01T00:00:00Z');
      expect((none.body as { items: unknown[] }).items).toEqual([]);
    });

    it('when a proof is asked for a transaction, then its block, channel, code and endorsers come back', async () => {
      const res = await request(world.app).get(`/public/v1/proof/${hex(7)}`);
      expect(res.body).toEqual({
        txId: hex(7),
        channel: 'procurement',
        blockNumber: '7',
        validationCode: 'VALID',
        time: award.awardedAt,
        creator: 'PublicWorksMSP',
        endorsers: ['AuditMSP', 'HealthMSP', 'PublicWorksMSP'],
      });
      expect((await request(world.app).get(`/public/v1/proof/${hex(99)}`)).status).toBe(404);
      expect((await request(world.app).get('/public/v1/proof/nothex')).status).toBe(400);
    });

    it('when a block is applied twice, then the second is skipped; a gap is refused', async () => {
      const next = await nextBlock(sql);
      expect(next).toBe(8n);
      expect(await applyBlock(sql, 3n, [], PUBLICATION.ocds)).toBe(false);
      await expect(applyBlock(sql, 10n, [], PUBLICATION.ocds)).rejects.toThrow(/before block 8/);
      expect(await nextBlock(sql)).toBe(8n);
    });
  });

  describe('bids before opening', () => {
    it('when the opening deadline has not passed, then no bid and no price is served', async () => {
      // Revealed (block 6) but not opened: the reveal's price stays out of every answer.
      const { sql, world } = await filled(backend, Date.parse('2026-03-02T11:59:59Z'), 6);
      try {
        const res = await request(world.app).get('/public/v1/tenders/T-1');
        expect(res.body).not.toHaveProperty('bids');
        expect(res.text).not.toContain('9500000');
        const releases = await request(world.app).get('/public/v1/releases');
        expect(releases.text).not.toContain('9500000');
      } finally {
        world.cleanup();
        await sql.close();
      }
    });
  });

  describe('a release that cannot be built', () => {
    it('when an award names a vendor the read model does not know, then the block is still applied and the failure recorded', async () => {
      const { sql, world } = await filled(backend, Date.parse('2026-03-05T00:00:00Z'));
      try {
        const stray: Award = {
          ...award,
          vendorId: 'V-Z',
          awardedAt: '2026-03-03T00:00:00.000Z',
          txId: hex(8),
        };
        const t: LedgerTransaction = {
          ...story()[6]!,
          blockNumber: 8n,
          txId: hex(8),
          writes: [{ key: key('award', 'T-1'), value: JSON.stringify(stray) }],
        };
        expect(await applyBlock(sql, 8n, [t], PUBLICATION.ocds)).toBe(true);
        expect(await nextBlock(sql)).toBe(9n);
        const failures = await sql.query<{ tx_id: string; message: string }>(
          'SELECT tx_id, message FROM release_failures',
        );
        expect(failures.map((f) => f.tx_id)).toEqual([hex(8)]);
        expect(await sql.query('SELECT 1 FROM releases WHERE release_id = $1', [hex(8)])).toEqual([]);
      } finally {
        world.cleanup();
        await sql.close();
      }
    });
  });

  describe('the public API limits', () => {
    it('when one address goes past its reads per minute, then 429; with no read model, 503', async () => {
      const sql = await backend.open();
      await migrate(sql);
      const reads = new PublicReads(sql, PUBLICATION);
      const world = new World({ app: { publicReads: () => reads, publicPerMinute: 2 } });
      const bare = new World();
      try {
        expect((await request(world.app).get('/public/v1/tenders')).status).toBe(200);
        expect((await request(world.app).get('/public/v1/tenders')).status).toBe(200);
        expect((await request(world.app).get('/public/v1/tenders')).status).toBe(429);
        expect((await request(bare.app).get('/public/v1/tenders')).status).toBe(503);
      } finally {
        world.cleanup();
        bare.cleanup();
        await sql.close();
      }
    });

    it('splits composite keys and ignores simple ones', () => {
      expect(splitCompositeKey(key('bid', 'T-1', 'b'))).toEqual({ type: 'bid', attrs: ['T-1', 'b'] });
      expect(splitCompositeKey('plain')).toBeUndefined();
    });
  });
});
