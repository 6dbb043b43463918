import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';

import { DomainError } from '../../domain/errors';
import { createTenderBody, iso, tender } from '../../testing/fixtures';
import type { LedgerCall } from '../../testing/fake-ledger';
import { expectMatchesOpenApi } from '../../testing/openapi';
import { World } from '../../testing/world';

describe('tenders', () => {
  let world: World;

  beforeEach(() => {
    world = new World();
    world.ledger.on('tender:Create', (call: LedgerCall) => ({
      ...tender({ status: 'draft' }),
      ...(JSON.parse(call.args[0]!) as object),
    }));
  });

  afterEach(() => {
    world.cleanup();
  });

  describe('POST /tenders', () => {
    it('when an officer creates a tender, then it is submitted as tender:Create with canonical JSON and 201 carries txId and blockNumber', async () => {
      const res = await request(world.app)
        .post('/api/v1/tenders')
        .set(await world.auth('officer'))
        .send(createTenderBody());
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ id: 'T-1', status: 'draft', txId: 'tx101', blockNumber: 101 });
      expectMatchesOpenApi(res, 'post', '/api/v1/tenders');
      const [call] = world.ledger.callsOf('tender:Create');
      expect(call?.kind).toBe('submit');
      const arg = call!.args[0]!;
      expect(arg.startsWith('{"awardCriteria":')).toBe(true);
      expect(call?.caller.username).toBe('pw-officer');
    });

    it('when a vendor tries to create a tender, then 403 before any ledger call, even with an invalid body', async () => {
      const res = await request(world.app)
        .post('/api/v1/tenders')
        .set(await world.auth('acme'))
        .send({ id: '!' });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('NOT_AUTHORISED');
      expect(world.ledger.calls).toHaveLength(0);
      expectMatchesOpenApi(res, 'post', '/api/v1/tenders');
    });

    it.each([
      ['a missing title', { title: undefined }, 'title'],
      ['a bad id', { id: 'no spaces please' }, 'id'],
      [
        'a money amount with decimals',
        { estimatedValue: { amount: '12.50', currency: 'EUR' } },
        'estimatedValue.amount',
      ],
      [
        'a lowercase currency',
        { estimatedValue: { amount: '1', currency: 'eur' } },
        'estimatedValue.currency',
      ],
      ['an unknown procedure', { procedure: 'secret' }, 'procedure'],
      ['a non-timestamp deadline', { submissionDeadline: 'tomorrow' }, 'submissionDeadline'],
      ['an unknown field', { colour: 'red' }, 'colour'],
      ['a bad document hash', { documents: [{ name: 'a', sha256: 'xyz' }] }, 'documents.0.sha256'],
    ])('when the body has %s, then 400 INVALID_ARGUMENT naming %s', async (_what, change, field) => {
      const body = createTenderBody(change);
      const res = await request(world.app)
        .post('/api/v1/tenders')
        .set(await world.auth('officer'))
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_ARGUMENT');
      expect(res.body.error.details.field).toBe(field);
      expect(world.ledger.calls).toHaveLength(0);
      expectMatchesOpenApi(res, 'post', '/api/v1/tenders');
    });

    it.each([
      ['the submission deadline is in the past', 'submissionDeadline must be in the future'],
      [
        'the opening deadline is not after the submission deadline',
        'openingDeadline must be after submissionDeadline',
      ],
    ])('when %s, then the chaincode’s 400 INVALID_ARGUMENT passes through', async (_what, message) => {
      // The chaincode is the one judge of the deadlines: the gateway no longer checks them itself.
      world.ledger.throws('tender:Create', new DomainError({ code: 'INVALID_ARGUMENT', message }));
      const res = await request(world.app)
        .post('/api/v1/tenders')
        .set(await world.auth('officer'))
        .send(createTenderBody({ submissionDeadline: iso(-1000) }));
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({ code: 'INVALID_ARGUMENT', message });
      expectMatchesOpenApi(res, 'post', '/api/v1/tenders');
    });

    it('when the id already exists, then the chaincode CONFLICT becomes 409', async () => {
      world.ledger.throws(
        'tender:Create',
        new DomainError({ code: 'CONFLICT', message: 'tender T-1 exists' }),
      );
      const res = await request(world.app)
        .post('/api/v1/tenders')
        .set(await world.auth('officer'))
        .send(createTenderBody());
      expect(res.status).toBe(409);
      expect(res.body.error).toEqual({ code: 'CONFLICT', message: 'tender T-1 exists' });
    });
  });

  describe('reads', () => {
    it('when anyone lists tenders with filters, then the query goes to tender:List as JSON', async () => {
      world.ledger.returns('tender:List', { items: [tender()], bookmark: 'next' });
      const res = await request(world.app)
        .get('/api/v1/tenders?status=published&agency=PublicWorksMSP&pageSize=5&bookmark=abc')
        .set(await world.auth('acme'));
      expect(res.status).toBe(200);
      expectMatchesOpenApi(res, 'get', '/api/v1/tenders');
      expect(JSON.parse(world.ledger.calls[0]!.args[0]!)).toEqual({
        agency: 'PublicWorksMSP',
        bookmark: 'abc',
        pageSize: 5,
        status: 'published',
      });
    });

    it.each([['pageSize=0'], ['pageSize=101'], ['pageSize=abc'], ['status=open']])(
      'when the list query has %s, then 400',
      async (query) => {
        const res = await request(world.app)
          .get(`/api/v1/tenders?${query}`)
          .set(await world.auth('acme'));
        expect(res.status).toBe(400);
        expect(world.ledger.calls).toHaveLength(0);
      },
    );

    it('when the tender does not exist, then 404', async () => {
      world.ledger.throws('tender:Get', new DomainError({ code: 'NOT_FOUND', message: 'no tender T-9' }));
      const res = await request(world.app)
        .get('/api/v1/tenders/T-9')
        .set(await world.auth('auditor'));
      expect(res.status).toBe(404);
      expectMatchesOpenApi(res, 'get', '/api/v1/tenders/{id}');
    });

    it('when someone reads a tender, then it matches the document', async () => {
      world.ledger.returns('tender:Get', tender());
      const res = await request(world.app)
        .get('/api/v1/tenders/T-1')
        .set(await world.auth('auditor'));
      expect(res.status).toBe(200);
      expectMatchesOpenApi(res, 'get', '/api/v1/tenders/{id}');
    });

    it('when an auditor reads the history, then every version comes back', async () => {
      world.ledger.returns('tender:History', {
        items: [
          { txId: 'tx1', timestamp: iso(-1000), mspId: 'PublicWorksMSP', isDelete: false, tender: tender() },
        ],
      });
      const res = await request(world.app)
        .get('/api/v1/tenders/T-1/history')
        .set(await world.auth('auditor'));
      expect(res.status).toBe(200);
      expectMatchesOpenApi(res, 'get', '/api/v1/tenders/{id}/history');
    });
  });

  describe('publish, amend, cancel', () => {
    it('when the owning officer publishes, then tender:Publish runs and 200 carries the tender', async () => {
      world.ledger.returns('tender:Publish', tender());
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/publish')
        .set(await world.auth('officer'));
      expect(res.status).toBe(200);
      expect(world.ledger.callsOf('tender:Publish')[0]?.args).toEqual(['T-1']);
      expectMatchesOpenApi(res, 'post', '/api/v1/tenders/{id}/publish');
    });

    it('when an officer of another agency publishes, then the chaincode refusal is 403', async () => {
      world.ledger.throws(
        'tender:Publish',
        new DomainError({ code: 'NOT_AUTHORISED', message: 'not your tender' }),
      );
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/publish')
        .set(await world.auth('healthOfficer'));
      expect(res.status).toBe(403);
    });

    it('when an evaluator tries to amend, then 403 before the ledger', async () => {
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/amendments')
        .set(await world.auth('evaluator'))
        .send({ reason: 'r', changes: { title: 't' } });
      expect(res.status).toBe(403);
      expect(world.ledger.calls).toHaveLength(0);
    });

    it('when an amendment names no change, then 400 naming changes', async () => {
      world.ledger.returns('tender:Get', tender());
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/amendments')
        .set(await world.auth('officer'))
        .send({ reason: 'r', changes: {} });
      expect(res.status).toBe(400);
      expect(res.body.error.details.field).toBe('changes');
    });

    it('when an invalid amendment targets a missing tender, then 404 comes before 400', async () => {
      world.ledger.throws('tender:Get', new DomainError({ code: 'NOT_FOUND', message: 'no tender T-9' }));
      const res = await request(world.app)
        .post('/api/v1/tenders/T-9/amendments')
        .set(await world.auth('officer'))
        .send({ changes: 'nonsense' });
      expect(res.status).toBe(404);
    });

    it("when an invalid amendment comes from another agency's officer, then 403 comes before 400", async () => {
      world.ledger.returns('tender:Get', tender());
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/amendments')
        .set(await world.auth('healthOfficer'))
        .send({ changes: 'nonsense' });
      expect(res.status).toBe(403);
    });

    it('when the officer amends after the deadline, then DEADLINE_PASSED is 409', async () => {
      world.ledger.throws('tender:Amend', new DomainError({ code: 'DEADLINE_PASSED', message: 'too late' }));
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/amendments')
        .set(await world.auth('officer'))
        .send({ reason: 'clarify', changes: { description: 'new text' } });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('DEADLINE_PASSED');
      expectMatchesOpenApi(res, 'post', '/api/v1/tenders/{id}/amendments');
      expect(JSON.parse(world.ledger.callsOf('tender:Amend')[0]!.args[1]!)).toEqual({
        changes: { description: 'new text' },
        reason: 'clarify',
      });
    });

    it('when the officer cancels with a reason, then tender:Cancel gets the id and the reason', async () => {
      world.ledger.returns('tender:Cancel', tender({ status: 'cancelled' }));
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/cancel')
        .set(await world.auth('officer'))
        .send({ reason: 'budget withdrawn' });
      expect(res.status).toBe(200);
      expect(world.ledger.callsOf('tender:Cancel')[0]?.args).toEqual(['T-1', 'budget withdrawn']);
      expectMatchesOpenApi(res, 'post', '/api/v1/tenders/{id}/cancel');
    });

    it('when the path id is malformed, then 400 naming id', async () => {
      const res = await request(world.app)
        .post('/api/v1/tenders/bad%20id/publish')
        .set(await world.auth('officer'));
      expect(res.status).toBe(400);
      expect(res.body.error.details.field).toBe('id');
    });
  });
});
