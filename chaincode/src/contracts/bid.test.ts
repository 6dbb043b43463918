import { createHash } from 'node:crypto';
import type { BidRecord } from '@procurement/contract';
import { canonical } from '../ledger/canonical';
import { Ledger } from '../testing/harness';
import {
  createAndPublish,
  DAY,
  OPENING,
  placeBid,
  prepareIdentities,
  registerVendors,
  sealedBid,
  SUBMISSION,
  T0,
  tenderInput,
  WHO,
} from '../testing/fixtures';

beforeAll(prepareIdentities);

const SUPPLIERS = { peer: 'SuppliersMSP' };

async function open(): Promise<Ledger> {
  const ledger = new Ledger(T0);
  await registerVendors(ledger, WHO.vendorA, WHO.vendorB);
  await createAndPublish(ledger);
  ledger.advance(DAY);
  return ledger;
}

describe('sealing a bid', () => {
  it('when a vendor seals on the Suppliers peer, then only the private collection is written, byte for byte', async () => {
    const ledger = await open();
    const json = sealedBid('T-1', 'b1', 'V-A', '100');
    const outcome = await ledger.call(WHO.vendorA, 'bid:Seal', ['T-1', 'b1'], {
      sealedBid: json,
      ...SUPPLIERS,
    });
    expect(JSON.parse(outcome.result ?? '')).toEqual({ tenderId: 'T-1', bidId: 'b1', vendorId: 'V-A' });
    expect(outcome.writes).toEqual([
      {
        collection: '_implicit_org_SuppliersMSP',
        key: '\u0000sealed\u0000T-1\u0000b1\u0000V-A\u0000',
        value: json,
      },
    ]);
    expect(outcome.events).toEqual([
      { name: 'BidSealed', payload: '{"bidId":"b1","tenderId":"T-1","vendorId":"V-A"}' },
    ]);
    expect(await ledger.call(WHO.vendorA, 'bid:ReadSealed', ['T-1', 'b1'], SUPPLIERS)).toMatchObject({
      result: json,
    });
  });

  it.each(['PublicWorksMSP', 'HealthMSP', 'AuditMSP'])(
    'when a seal or a read of sealed content runs on a %s peer, then that peer’s own chaincode refuses it (and writes nothing)',
    async (peer) => {
      const ledger = await open();
      const json = sealedBid('T-1', 'b1', 'V-A', '100');
      expect(await ledger.refused(WHO.vendorA, 'bid:Seal', ['T-1', 'b1'], { sealedBid: json, peer })).toMatch(
        new RegExp(
          `^NOT_AUTHORISED: sealed bids are kept only on SuppliersMSP peers; this peer belongs to ${peer}`,
        ),
      );
      await ledger.call(WHO.vendorA, 'bid:Seal', ['T-1', 'b1'], { sealedBid: json, ...SUPPLIERS });
      expect(await ledger.refused(WHO.vendorA, 'bid:ReadSealed', ['T-1', 'b1'], { peer })).toMatch(
        /^NOT_AUTHORISED: sealed bids are kept only on SuppliersMSP peers/,
      );
    },
  );

  it.each([
    ['an officer', WHO.officer, sealedBid('T-1', 'b1', 'V-A', '1'), SUPPLIERS, /^NOT_AUTHORISED/],
    [
      'an unregistered vendor',
      WHO.unregistered,
      sealedBid('T-1', 'b1', 'V-Z', '1'),
      SUPPLIERS,
      /^NOT_AUTHORISED: vendor V-Z is not registered/,
    ],
    [
      'no transient data',
      WHO.vendorA,
      undefined,
      SUPPLIERS,
      /^INVALID_ARGUMENT: transient entry sealedBid is missing/,
    ],
    [
      'another vendor’s id in the bid',
      WHO.vendorA,
      sealedBid('T-1', 'b1', 'V-B', '1'),
      SUPPLIERS,
      /^INVALID_ARGUMENT: the sealed bid names another vendor/,
    ],
    [
      'another bid id in the bid',
      WHO.vendorA,
      sealedBid('T-1', 'b2', 'V-A', '1'),
      SUPPLIERS,
      /^INVALID_ARGUMENT: the sealed bid names another tender or bid/,
    ],
    [
      'a price in dollars',
      WHO.vendorA,
      sealedBid('T-1', 'b1', 'V-A', '1', 'USD'),
      SUPPLIERS,
      /^INVALID_ARGUMENT: the price must be in EUR/,
    ],
    [
      'non-canonical JSON',
      WHO.vendorA,
      JSON.stringify(JSON.parse(sealedBid('T-1', 'b1', 'V-A', '1')), null, 1),
      SUPPLIERS,
      /^INVALID_ARGUMENT: the sealed bid must be canonical/,
    ],
    [
      'bytes that are not JSON',
      WHO.vendorA,
      '{oops',
      SUPPLIERS,
      /^INVALID_ARGUMENT: the sealed bid is not valid JSON/,
    ],
    [
      'a short salt',
      WHO.vendorA,
      canonical({ ...(JSON.parse(sealedBid('T-1', 'b1', 'V-A', '1')) as object), salt: 'abc' }),
      SUPPLIERS,
      /^INVALID_ARGUMENT: sealed bid: salt/,
    ],
  ])('when sealed with %s, then refused and nothing changes', async (_what, who, json, options, message) => {
    const ledger = await open();
    expect(
      await ledger.refused(who, 'bid:Seal', ['T-1', 'b1'], {
        ...options,
        ...(json === undefined ? {} : { sealedBid: json }),
      }),
    ).toMatch(message);
  });

  it('when the vendor is debarred, then NOT_AUTHORISED; after the deadline, DEADLINE_PASSED; a reused bid id, CONFLICT', async () => {
    const ledger = await open();
    await ledger.ok(WHO.vendorA, 'bid:Seal', ['T-1', 'b1'], {
      sealedBid: sealedBid('T-1', 'b1', 'V-A', '1'),
      ...SUPPLIERS,
    });
    expect(
      await ledger.refused(WHO.vendorA, 'bid:Seal', ['T-1', 'b1'], {
        sealedBid: sealedBid('T-1', 'b1', 'V-A', '2'),
        ...SUPPLIERS,
      }),
    ).toMatch(/^CONFLICT/);
    expect(
      await ledger.refused(WHO.vendorA, 'bid:Seal', ['T-9', 'b1'], {
        sealedBid: sealedBid('T-9', 'b1', 'V-A', '2'),
        ...SUPPLIERS,
      }),
    ).toMatch(/^NOT_FOUND/);
    await ledger.ok(WHO.auditor, 'vendor:Debar', ['V-B', canonical({ reason: 'collusion' })]);
    expect(
      await ledger.refused(WHO.vendorB, 'bid:Seal', ['T-1', 'b2'], {
        sealedBid: sealedBid('T-1', 'b2', 'V-B', '1'),
        ...SUPPLIERS,
      }),
    ).toMatch(/^NOT_AUTHORISED: vendor V-B is debarred/);
    ledger.nowMs = SUBMISSION;
    expect(
      await ledger.refused(WHO.vendorA, 'bid:Seal', ['T-1', 'b3'], {
        sealedBid: sealedBid('T-1', 'b3', 'V-A', '1'),
        ...SUPPLIERS,
      }),
    ).toMatch(/^DEADLINE_PASSED/);
  });

  it('when the tender is still a draft, then CONFLICT', async () => {
    const ledger = new Ledger(T0);
    await registerVendors(ledger, WHO.vendorA);
    await ledger.ok(WHO.officer, 'tender:Create', [canonical(tenderInput())]);
    expect(
      await ledger.refused(WHO.vendorA, 'bid:Seal', ['T-1', 'b1'], {
        sealedBid: sealedBid('T-1', 'b1', 'V-A', '1'),
        ...SUPPLIERS,
      }),
    ).toMatch(/^CONFLICT/);
  });
});

describe('committing, replacing and withdrawing', () => {
  it('when a vendor commits, then the public record holds the SHA-256 of the sealed bytes and no content', async () => {
    const ledger = await open();
    const json = sealedBid('T-1', 'b1', 'V-A', '100');
    await ledger.ok(WHO.vendorA, 'bid:Seal', ['T-1', 'b1'], { sealedBid: json, ...SUPPLIERS });
    const outcome = await ledger.call(WHO.vendorA, 'bid:Commit', ['T-1', 'b1']);
    const bid = JSON.parse(outcome.result ?? '') as BidRecord;
    expect(bid.commitment).toBe(createHash('sha256').update(json).digest('hex'));
    expect(bid).toMatchObject({ status: 'committed', vendorId: 'V-A', beforeAmendment: false });
    expect(outcome.result).not.toContain('"price"');
    expect(outcome.writes.map((w) => w.key)).toEqual([
      '\u0000bid\u0000T-1\u0000b1\u0000',
      '\u0000bid~live\u0000T-1\u0000V-A\u0000',
    ]);
    expect(outcome.events.map((e) => e.name)).toEqual(['BidCommitted']);
  });

  it('when nothing was sealed, or another vendor tries to commit someone else’s sealed bid, then NOT_FOUND', async () => {
    const ledger = await open();
    await ledger.ok(WHO.vendorA, 'bid:Seal', ['T-1', 'b1'], {
      sealedBid: sealedBid('T-1', 'b1', 'V-A', '100'),
      ...SUPPLIERS,
    });
    expect(await ledger.refused(WHO.vendorB, 'bid:Commit', ['T-1', 'b1'])).toMatch(/^NOT_FOUND/);
    expect(await ledger.refused(WHO.vendorA, 'bid:Commit', ['T-1', 'b9'])).toMatch(/^NOT_FOUND/);
    await ledger.ok(WHO.vendorA, 'bid:Commit', ['T-1', 'b1']);
    expect(await ledger.refused(WHO.vendorA, 'bid:Commit', ['T-1', 'b1'])).toMatch(/^CONFLICT/);
    ledger.nowMs = SUBMISSION;
    expect(await ledger.refused(WHO.vendorA, 'bid:Commit', ['T-1', 'b2'])).toMatch(/^DEADLINE_PASSED/);
  });

  it('when a vendor bids again, then the first bid is marked replaced and only one is live', async () => {
    const ledger = await open();
    await placeBid(ledger, WHO.vendorA, 'T-1', 'b1', '100');
    await placeBid(ledger, WHO.vendorA, 'T-1', 'b2', '90');
    const list = await ledger.ok<{ items: BidRecord[] }>(WHO.vendorB, 'bid:List', ['T-1']);
    expect(list.items.map((b) => [b.bidId, b.status])).toEqual([
      ['b1', 'replaced'],
      ['b2', 'committed'],
    ]);
    expect(await ledger.refused(WHO.vendorA, 'bid:Withdraw', ['T-1', 'b1'])).toMatch(/^CONFLICT/);
  });

  it('when a vendor withdraws before the deadline, then the bid is withdrawn; others, late or missing withdrawals are refused', async () => {
    const ledger = await open();
    await placeBid(ledger, WHO.vendorA, 'T-1', 'b1', '100');
    expect(await ledger.refused(WHO.vendorB, 'bid:Withdraw', ['T-1', 'b1'])).toMatch(/^NOT_AUTHORISED/);
    expect(await ledger.refused(WHO.vendorA, 'bid:Withdraw', ['T-1', 'b9'])).toMatch(/^NOT_FOUND/);
    const outcome = await ledger.call(WHO.vendorA, 'bid:Withdraw', ['T-1', 'b1']);
    expect(JSON.parse(outcome.result ?? '')).toMatchObject({ status: 'withdrawn' });
    expect(outcome.writes.map((w) => [w.key, w.value === undefined])).toEqual([
      ['\u0000bid\u0000T-1\u0000b1\u0000', false],
      ['\u0000bid~live\u0000T-1\u0000V-A\u0000', true],
    ]);
    await placeBid(ledger, WHO.vendorA, 'T-1', 'b2', '100');
    ledger.nowMs = SUBMISSION;
    expect(await ledger.refused(WHO.vendorA, 'bid:Withdraw', ['T-1', 'b2'])).toMatch(/^DEADLINE_PASSED/);
  });
});

describe('revealing', () => {
  it('when the vendor reveals between the deadlines with the sealed bytes, then price and content become public', async () => {
    const ledger = await open();
    const json = await placeBid(ledger, WHO.vendorA, 'T-1', 'b1', '100');
    expect(await ledger.refused(WHO.vendorA, 'bid:Reveal', ['T-1', 'b1', json])).toMatch(/^TOO_EARLY/);
    ledger.nowMs = SUBMISSION;
    expect(await ledger.refused(WHO.vendorB, 'bid:Reveal', ['T-1', 'b1', json])).toMatch(/^NOT_AUTHORISED/);
    expect(
      await ledger.refused(WHO.vendorA, 'bid:Reveal', ['T-1', 'b1', json.replace('"100"', '"99"')]),
    ).toMatch(/^INVALID_ARGUMENT: the sealed bid does not match/);
    expect(await ledger.refused(WHO.officer, 'bid:Reveal', ['T-1', 'b1', json])).toMatch(/^NOT_AUTHORISED/);
    const bid = await ledger.ok<BidRecord>(WHO.vendorA, 'bid:Reveal', ['T-1', 'b1', json]);
    expect(bid).toMatchObject({
      status: 'revealed',
      price: { amount: '100', currency: 'EUR' },
      technicalProposal: { approach: 'plan of V-A' },
    });
    expect(await ledger.refused(WHO.vendorA, 'bid:Reveal', ['T-1', 'b1', json])).toMatch(/^CONFLICT/);
    // Before the opening deadline others still see only the commitment.
    const seen = await ledger.ok<BidRecord>(WHO.vendorB, 'bid:Get', ['T-1', 'b1']);
    expect(seen.price).toBeUndefined();
  });

  it('when the opening deadline has passed, then revealing is DEADLINE_PASSED and the bid is listed as never revealed', async () => {
    const ledger = await open();
    const json = await placeBid(ledger, WHO.vendorA, 'T-1', 'b1', '100');
    ledger.nowMs = OPENING;
    expect(await ledger.refused(WHO.vendorA, 'bid:Reveal', ['T-1', 'b1', json])).toMatch(/^DEADLINE_PASSED/);
    const list = await ledger.ok<{ items: BidRecord[] }>(WHO.auditor, 'bid:List', ['T-1']);
    expect(list.items).toEqual([
      expect.objectContaining({ bidId: 'b1', status: 'committed', revealed: false }),
    ]);
  });

  it('when the tender was cancelled, then revealing is CONFLICT', async () => {
    const ledger = await open();
    const json = await placeBid(ledger, WHO.vendorA, 'T-1', 'b1', '100');
    await ledger.ok(WHO.officer, 'tender:Cancel', ['T-1', 'scrapped']);
    ledger.nowMs = SUBMISSION;
    expect(await ledger.refused(WHO.vendorA, 'bid:Reveal', ['T-1', 'b1', json])).toMatch(/^CONFLICT/);
  });

  it('when a bid was committed before an amendment, then it is reported beforeAmendment', async () => {
    const ledger = await open();
    await placeBid(ledger, WHO.vendorA, 'T-1', 'b1', '100');
    ledger.advance(1000);
    await ledger.ok(WHO.officer, 'tender:Amend', [
      'T-1',
      canonical({ reason: 'typo', changes: { description: 'Fixed.' } }),
    ]);
    ledger.advance(1000);
    await placeBid(ledger, WHO.vendorB, 'T-1', 'b2', '100');
    const list = await ledger.ok<{ items: BidRecord[] }>(WHO.vendorA, 'bid:List', ['T-1']);
    expect(list.items.map((b) => [b.bidId, b.beforeAmendment, b.price?.amount])).toEqual([
      ['b1', true, undefined],
      ['b2', false, undefined],
    ]);
  });

  it('when reading a sealed bid that is not yours or not there, then NOT_FOUND', async () => {
    const ledger = await open();
    await placeBid(ledger, WHO.vendorA, 'T-1', 'b1', '100');
    expect(await ledger.refused(WHO.vendorB, 'bid:ReadSealed', ['T-1', 'b1'], SUPPLIERS)).toMatch(
      /^NOT_FOUND/,
    );
    expect(await ledger.refused(WHO.vendorA, 'bid:Get', ['T-1', 'b9'])).toMatch(/^NOT_FOUND/);
  });
});
