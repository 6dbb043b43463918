import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';

import type { SealedBid } from '@procurement/contract';
import { ID_PATTERN } from '@procurement/contract';

import { DomainError } from '../../domain/errors';
import { bid, iso, tender, vendor } from '../../testing/fixtures';
import type { LedgerCall } from '../../testing/fake-ledger';
import { expectMatchesOpenApi } from '../../testing/openapi';
import { World } from '../../testing/world';

const BID_BODY = {
  price: { amount: '90000000', currency: 'EUR' },
  technicalProposal: { plan: 'night works', crew: 12 },
  documents: [{ name: 'offer.pdf', sha256: 'b'.repeat(64) }],
};

/** A fake Suppliers peer: keeps what bid:Seal received, answers bid:ReadSealed with the same bytes. */
function sealingLedger(world: World): Map<string, string> {
  const store = new Map<string, string>();
  world.ledger
    .on('bid:Seal', (call: LedgerCall) => {
      const bytes = call.options?.transientData?.sealedBid;
      if (!bytes) throw new DomainError({ code: 'INVALID_ARGUMENT', message: 'no transient' });
      store.set(call.args[1]!, Buffer.from(bytes).toString('utf8'));
      return { tenderId: call.args[0], bidId: call.args[1], vendorId: 'ACME' };
    })
    .on('bid:Commit', (call: LedgerCall) => bid({ bidId: call.args[1]! }))
    .on('bid:ReadSealed', (call: LedgerCall) => {
      const text = store.get(call.args[1]!);
      if (text === undefined) throw new DomainError({ code: 'NOT_FOUND', message: 'no sealed bid' });
      return text;
    });
  return store;
}

describe('sealed bids', () => {
  let world: World;

  beforeEach(() => {
    world = new World();
  });

  afterEach(() => {
    world.cleanup();
  });

  describe('POST /tenders/{id}/bids', () => {
    it('when a vendor bids, then the content goes only to the Suppliers peer as transient data and the commitment is majority-endorsed', async () => {
      const store = sealingLedger(world);
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/bids')
        .set(await world.auth('acme'))
        .send(BID_BODY);
      expect(res.status).toBe(201);
      expectMatchesOpenApi(res, 'post', '/api/v1/tenders/{id}/bids');

      const [seal, commit] = world.ledger.calls;
      expect(seal).toMatchObject({
        kind: 'submit',
        name: 'bid:Seal',
        options: { endorsingOrganizations: ['SuppliersMSP'] },
      });
      expect(seal?.args).toEqual(['T-1', res.body.bidId]);
      expect(commit).toMatchObject({ kind: 'submit', name: 'bid:Commit', args: ['T-1', res.body.bidId] });
      expect(commit?.options?.transientData).toBeUndefined();
      expect(commit?.options?.endorsingOrganizations).toBeUndefined();

      expect(res.body.bidId).toMatch(ID_PATTERN);
      const sealedText = store.get(res.body.bidId as string)!;
      const sealed = JSON.parse(sealedText) as SealedBid;
      expect(sealed).toMatchObject({
        tenderId: 'T-1',
        vendorId: 'ACME',
        price: BID_BODY.price,
        documents: BID_BODY.documents,
      });
      expect(sealed.salt).toMatch(/^[0-9a-f]{64}$/);
      // canonical: keys sorted at every level, no whitespace
      expect(sealedText).toBe(
        `{"bidId":"${sealed.bidId}","documents":[{"name":"offer.pdf","sha256":"${'b'.repeat(64)}"}],"price":{"amount":"90000000","currency":"EUR"},"salt":"${sealed.salt}","technicalProposal":{"crew":12,"plan":"night works"},"tenderId":"T-1","vendorId":"ACME"}`,
      );
      expect(res.body).toMatchObject({
        commitment: 'c'.repeat(64),
        txId: 'tx102',
        blockNumber: 102,
        sealTxId: 'tx101',
      });
    });

    it('when two bids are placed, then each gets a fresh bid id and salt', async () => {
      const store = sealingLedger(world);
      const auth = await world.auth('acme');
      const a = await request(world.app).post('/api/v1/tenders/T-1/bids').set(auth).send(BID_BODY);
      const b = await request(world.app).post('/api/v1/tenders/T-1/bids').set(auth).send(BID_BODY);
      expect(a.body.bidId).not.toBe(b.body.bidId);
      const saltA = (JSON.parse(store.get(a.body.bidId as string)!) as SealedBid).salt;
      const saltB = (JSON.parse(store.get(b.body.bidId as string)!) as SealedBid).salt;
      expect(saltA).not.toBe(saltB);
    });

    it('when bid:Commit does not yet see the seal on every peer, then it is retried', async () => {
      sealingLedger(world);
      let attempts = 0;
      world.ledger.on('bid:Commit', (call: LedgerCall) => {
        attempts += 1;
        if (attempts < 3) throw new DomainError({ code: 'NOT_FOUND', message: 'no sealed bid yet' });
        return bid({ bidId: call.args[1]! });
      });
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/bids')
        .set(await world.auth('acme'))
        .send(BID_BODY);
      expect(res.status).toBe(201);
      expect(attempts).toBe(3);
    });

    it('when a vendor bids after the deadline, then 409 DEADLINE_PASSED and nothing is committed', async () => {
      world.ledger.throws(
        'bid:Seal',
        new DomainError({ code: 'DEADLINE_PASSED', message: 'the submission deadline has passed' }),
      );
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/bids')
        .set(await world.auth('acme'))
        .send(BID_BODY);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('DEADLINE_PASSED');
      expect(world.ledger.callsOf('bid:Commit')).toHaveLength(0);
      expectMatchesOpenApi(res, 'post', '/api/v1/tenders/{id}/bids');
    });

    it('when an officer tries to bid, then 403 before any ledger call', async () => {
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/bids')
        .set(await world.auth('officer'))
        .send(BID_BODY);
      expect(res.status).toBe(403);
      expect(world.ledger.calls).toHaveLength(0);
    });

    it('when the price is malformed, then 400 naming price.amount, and the error does not echo the bid', async () => {
      world.ledger.returns('tender:Get', tender()).returns('vendor:Get', vendor());
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/bids')
        .set(await world.auth('acme'))
        .send({ ...BID_BODY, price: { amount: '-5', currency: 'EUR' } });
      expect(res.status).toBe(400);
      expect(res.body.error.details.field).toBe('price.amount');
      expect(JSON.stringify(res.body)).not.toContain('night works');
      expect(world.ledger.callsOf('bid:Seal')).toHaveLength(0);
    });

    it('when a debarred vendor sends an invalid bid, then 403 comes before 400', async () => {
      world.ledger.returns('tender:Get', tender()).returns('vendor:Get', vendor({ debarred: true }));
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/bids')
        .set(await world.auth('acme'))
        .send({});
      expect(res.status).toBe(403);
    });

    it('when an invalid bid names a missing tender, then 404 comes before 400', async () => {
      world.ledger.throws('tender:Get', new DomainError({ code: 'NOT_FOUND', message: 'no tender' }));
      const res = await request(world.app)
        .post('/api/v1/tenders/T-9/bids')
        .set(await world.auth('acme'))
        .send({});
      expect(res.status).toBe(404);
    });
  });

  describe('reveal and withdraw', () => {
    it('when the vendor reveals, then the exact sealed bytes are read on the Suppliers peer and passed to bid:Reveal', async () => {
      const store = sealingLedger(world);
      const auth = await world.auth('acme');
      const placed = await request(world.app).post('/api/v1/tenders/T-1/bids').set(auth).send(BID_BODY);
      world.ledger.on('bid:Get', (call: LedgerCall) => bid({ bidId: call.args[1]! }));
      world.ledger.on('bid:Reveal', (call: LedgerCall) =>
        bid({ bidId: call.args[1]!, status: 'revealed', price: BID_BODY.price, revealedAt: iso(0) }),
      );
      const res = await request(world.app)
        .post(`/api/v1/tenders/T-1/bids/${placed.body.bidId as string}/reveal`)
        .set(auth);
      expect(res.status).toBe(200);
      expectMatchesOpenApi(res, 'post', '/api/v1/tenders/{id}/bids/{bidId}/reveal');
      const read = world.ledger.callsOf('bid:ReadSealed')[0];
      expect(read).toMatchObject({ kind: 'evaluate', options: { endorsingOrganizations: ['SuppliersMSP'] } });
      const reveal = world.ledger.callsOf('bid:Reveal')[0];
      expect(reveal?.args).toEqual(['T-1', placed.body.bidId, store.get(placed.body.bidId as string)]);
    });

    it('when the vendor reveals before the submission deadline, then 409 TOO_EARLY', async () => {
      sealingLedger(world);
      world.ledger.returns('bid:Get', bid({ bidId: 'b-1' }));
      world.ledger.returns('bid:ReadSealed', '{}');
      world.ledger.throws('bid:Reveal', new DomainError({ code: 'TOO_EARLY', message: 'not yet' }));
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/bids/b-1/reveal')
        .set(await world.auth('acme'));
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('TOO_EARLY');
    });

    it("when another vendor tries to reveal someone's bid, then 403 and the sealed content is never read", async () => {
      world.ledger.returns('bid:Get', bid({ bidId: 'b-1' }));
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/bids/b-1/reveal')
        .set(await world.auth('bolt'));
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('NOT_AUTHORISED');
      expect(world.ledger.callsOf('bid:ReadSealed')).toHaveLength(0);
      expect(world.ledger.callsOf('bid:Reveal')).toHaveLength(0);
    });

    it('when a vendor reveals an unknown bid, then 404', async () => {
      world.ledger.throws('bid:Get', new DomainError({ code: 'NOT_FOUND', message: 'no bid' }));
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/bids/b-9/reveal')
        .set(await world.auth('acme'));
      expect(res.status).toBe(404);
    });

    it('when an auditor tries to reveal, then 403 before the ledger', async () => {
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/bids/b-1/reveal')
        .set(await world.auth('auditor'));
      expect(res.status).toBe(403);
      expect(world.ledger.calls).toHaveLength(0);
    });

    it('when the vendor withdraws, then bid:Withdraw runs and 200 carries the record', async () => {
      world.ledger.returns('bid:Withdraw', bid({ status: 'withdrawn' }));
      const res = await request(world.app)
        .delete('/api/v1/tenders/T-1/bids/b-1')
        .set(await world.auth('acme'));
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('withdrawn');
      expectMatchesOpenApi(res, 'delete', '/api/v1/tenders/{id}/bids/{bidId}');
    });

    it('when the bid id is malformed, then 400 naming bidId', async () => {
      const res = await request(world.app)
        .delete('/api/v1/tenders/T-1/bids/b%24')
        .set(await world.auth('acme'));
      expect(res.status).toBe(400);
      expect(res.body.error.details.field).toBe('bidId');
    });
  });

  describe('GET /tenders/{id}/bids', () => {
    it('when a vendor lists before the opening deadline, then only its own live bid gains its sealed content', async () => {
      const store = sealingLedger(world);
      store.set('b-1', '{"salt":"s"}');
      world.ledger
        .returns('bid:List', { items: [bid({ bidId: 'b-1' }), bid({ bidId: 'b-2', vendorId: 'BOLT' })] })
        .returns('tender:Get', tender());
      const res = await request(world.app)
        .get('/api/v1/tenders/T-1/bids')
        .set(await world.auth('acme'));
      expect(res.status).toBe(200);
      expect(res.body.items[0].sealed).toEqual({ salt: 's' });
      expect(res.body.items[1].sealed).toBeUndefined();
      expect(world.ledger.callsOf('bid:ReadSealed').map((c) => c.args[1])).toEqual(['b-1']);
    });

    it('when an officer lists, then the chaincode view is returned unchanged and nothing sealed is read', async () => {
      world.ledger.returns('bid:List', { items: [bid()] });
      const res = await request(world.app)
        .get('/api/v1/tenders/T-1/bids')
        .set(await world.auth('officer'));
      expect(res.status).toBe(200);
      expectMatchesOpenApi(res, 'get', '/api/v1/tenders/{id}/bids');
      expect(world.ledger.callsOf('bid:ReadSealed')).toHaveLength(0);
    });

    it('when a vendor lists after the opening deadline, then nothing sealed is read', async () => {
      world.ledger
        .returns('bid:List', { items: [bid({ status: 'revealed', price: BID_BODY.price, revealed: true })] })
        .returns('tender:Get', tender({ openingDeadline: iso(-1000) }));
      const res = await request(world.app)
        .get('/api/v1/tenders/T-1/bids')
        .set(await world.auth('acme'));
      expect(res.status).toBe(200);
      expectMatchesOpenApi(res, 'get', '/api/v1/tenders/{id}/bids');
      expect(world.ledger.callsOf('bid:ReadSealed')).toHaveLength(0);
    });
  });
});
