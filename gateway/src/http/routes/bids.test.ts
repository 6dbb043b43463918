import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';

import {
  type OpeningKeyPair,
  type SealedBidEnvelope,
  bidIdFor,
  decryptShare,
  generateOpeningKeyPair,
  importOpeningPrivateKey,
  openEnvelope,
  sealBidContent,
  toBase64Url,
} from '@procurement/contract';

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

const ORGS = ['AuditMSP', 'HealthMSP', 'PublicWorksMSP', 'SuppliersMSP'];
const PAIRS = new Map<string, OpeningKeyPair>(ORGS.map((org) => [org, generateOpeningKeyPair()]));
const KEYS = ORGS.map((organisation) => {
  const pair = PAIRS.get(organisation)!;
  return { organisation, keyId: pair.keyId, publicKey: pair.publicKey };
});

/** A fake ledger that lists the four organisations' keys and answers bid:Seal with a sealed record. */
function sealingLedger(world: World): void {
  world.ledger
    .returns('openingKey:List', { threshold: 3, keys: KEYS })
    .on('bid:Seal', (call: LedgerCall) =>
      bid({ bidId: bidIdFor(call.args[0]!, 'ACME', call.args[1]!), status: 'sealed' }),
    );
}

/** Opens an envelope with three organisations' shares, as the ledger will after the deadline. */
async function openWithThree(envelope: SealedBidEnvelope, bidId: string): Promise<unknown> {
  const released = ORGS.slice(0, 3).map((organisation) => ({
    organisation,
    share: toBase64Url(
      decryptShare(
        envelope,
        { tenderId: 'T-1', bidId, organisation },
        importOpeningPrivateKey(PAIRS.get(organisation)!.privateJwk),
      ),
    ),
  }));
  const opened = await openEnvelope(envelope, { tenderId: 'T-1', bidId, vendorId: 'ACME' }, released);
  if (!opened.ok) throw new Error(opened.reason);
  return JSON.parse(Buffer.from(opened.value).toString('utf8'));
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
    it('when a vendor sends a plaintext bid, then the gateway seals it to the registered keys and submits one transaction', async () => {
      sealingLedger(world);
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/bids')
        .set(await world.auth('acme'))
        .send(BID_BODY);
      expect(res.status).toBe(201);
      expectMatchesOpenApi(res, 'post', '/api/v1/tenders/{id}/bids');
      const seals = world.ledger.callsOf('bid:Seal');
      expect(seals).toHaveLength(1);
      const [tenderId, nonce, envelopeJson] = seals[0]!.args;
      expect(tenderId).toBe('T-1');
      expect(seals[0]!.options?.transientData).toBeUndefined();
      const bidId = bidIdFor('T-1', 'ACME', nonce!);
      expect(res.body).toMatchObject({ bidId, status: 'sealed', txId: 'tx101', blockNumber: 101 });
      expect(envelopeJson).not.toContain('night works');
      expect(JSON.stringify(res.body)).not.toContain('night works');
      expect(await openWithThree(JSON.parse(envelopeJson!) as SealedBidEnvelope, bidId)).toEqual(BID_BODY);
    });

    it('when a client sends its own envelope, then the gateway passes it on unchanged and never reads the keys', async () => {
      world.ledger.on('bid:Seal', (call: LedgerCall) =>
        bid({ bidId: bidIdFor(call.args[0]!, 'ACME', call.args[1]!), status: 'sealed' }),
      );
      const sealed = await sealBidContent({
        tenderId: 'T-1',
        vendorId: 'ACME',
        content: BID_BODY,
        openingKeys: KEYS,
        threshold: 3,
      });
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/bids')
        .set(await world.auth('acme'))
        .send({ nonce: sealed.nonce, envelope: sealed.envelope });
      expect(res.status).toBe(201);
      expect(res.body.bidId).toBe(sealed.bidId);
      expect(world.ledger.callsOf('openingKey:List')).toHaveLength(0);
      expect(JSON.parse(world.ledger.callsOf('bid:Seal')[0]!.args[2]!)).toEqual(sealed.envelope);
    });

    it('when two bids are placed, then each gets a fresh nonce and so a fresh bid id', async () => {
      sealingLedger(world);
      const auth = await world.auth('acme');
      const a = await request(world.app).post('/api/v1/tenders/T-1/bids').set(auth).send(BID_BODY);
      const b = await request(world.app).post('/api/v1/tenders/T-1/bids').set(auth).send(BID_BODY);
      expect(a.body.bidId).not.toBe(b.body.bidId);
    });

    it('when an envelope is malformed, then 400 names the field and nothing is submitted', async () => {
      world.ledger.returns('tender:Get', tender()).returns('vendor:Get', vendor());
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/bids')
        .set(await world.auth('acme'))
        .send({ nonce: 'n'.repeat(22), envelope: { version: 1 } });
      expect(res.status).toBe(400);
      expect(res.body.error.details.field).toMatch(/^envelope\./);
      expect(world.ledger.callsOf('bid:Seal')).toHaveLength(0);
    });

    it('when no opening keys are registered, then the plaintext bid cannot be sealed: 400 and nothing submitted', async () => {
      world.ledger.returns('openingKey:List', { threshold: 3, keys: [] });
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/bids')
        .set(await world.auth('acme'))
        .send(BID_BODY);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/cannot be sealed/);
      expect(world.ledger.callsOf('bid:Seal')).toHaveLength(0);
    });

    it('when a vendor bids after the deadline, then 409 DEADLINE_PASSED', async () => {
      sealingLedger(world);
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

  describe('withdraw, read and opening status', () => {
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

    it('when a bid is read or listed, then the chaincode view is passed on with the page query', async () => {
      world.ledger
        .returns('bid:Get', bid({ status: 'opened', price: BID_BODY.price, openedAt: iso(0) }))
        .returns('bid:List', { items: [bid()], total: 1 });
      const auth = await world.auth('officer');
      const one = await request(world.app).get('/api/v1/tenders/T-1/bids/b-1').set(auth);
      expect(one.status).toBe(200);
      expectMatchesOpenApi(one, 'get', '/api/v1/tenders/{id}/bids/{bidId}');
      const list = await request(world.app).get('/api/v1/tenders/T-1/bids?pageSize=5').set(auth);
      expect(list.status).toBe(200);
      expectMatchesOpenApi(list, 'get', '/api/v1/tenders/{id}/bids');
      expect(world.ledger.callsOf('bid:List')[0]?.args).toEqual(['T-1', '{"pageSize":5}']);
    });

    it('when the opening status and the keys are read, then they come from the ledger as they are', async () => {
      world.ledger.returns('openingKey:List', { threshold: 3, keys: KEYS }).returns('bid:Opening', {
        tenderId: 'T-1',
        threshold: 3,
        organisations: [],
        missing: ORGS,
        bids: { sealed: 2, opened: 0, unopenable: 0 },
        complete: false,
      });
      const auth = await world.auth('auditor');
      const keys = await request(world.app).get('/api/v1/opening-keys').set(auth);
      expect(keys.status).toBe(200);
      expectMatchesOpenApi(keys, 'get', '/api/v1/opening-keys');
      const opening = await request(world.app).get('/api/v1/tenders/T-1/opening').set(auth);
      expect(opening.status).toBe(200);
      expect(opening.body.missing).toEqual(ORGS);
      expectMatchesOpenApi(opening, 'get', '/api/v1/tenders/{id}/opening');
    });
  });
});
