import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';

import { DomainError } from '../domain/errors';
import { createTenderBody, tender } from '../testing/fixtures';
import type { LedgerCall } from '../testing/fake-ledger';
import { expectMatchesOpenApi } from '../testing/openapi';
import { World } from '../testing/world';

const KEY = 'create-T-1-0001';

describe('Idempotency-Key on writes', () => {
  let world: World;
  /** One body for the test (the builder's deadlines move with the clock). */
  let body: object;

  beforeEach(() => {
    body = createTenderBody();
    world = new World();
    world.ledger.on('tender:Create', (call: LedgerCall) => ({
      ...tender({ status: 'draft' }),
      ...(JSON.parse(call.args[0]!) as object),
    }));
  });

  afterEach(() => {
    world.cleanup();
  });

  async function create(w: World, key: string | undefined, sent: object = body) {
    const req = request(w.app)
      .post('/api/v1/tenders')
      .set(await w.auth('officer'));
    if (key !== undefined) req.set('Idempotency-Key', key);
    return req.send(sent);
  }

  it('when a write is sent twice with the same key, then it is submitted once and the second answer replays the first', async () => {
    const first = await create(world, KEY);
    const second = await create(world, KEY);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(world.ledger.callsOf('tender:Create')).toHaveLength(1);
    expectMatchesOpenApi(second, 'post', '/api/v1/tenders');
  });

  it('when the same key arrives twice at once, then the write still happens once', async () => {
    const answers = await Promise.all([create(world, KEY), create(world, KEY), create(world, KEY)]);
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => (a.body as { txId: string }).txId)).size).toBe(1);
    expect(world.ledger.callsOf('tender:Create')).toHaveLength(1);
  });

  it('without a key, each request is a new write', async () => {
    await create(world, undefined);
    await create(world, undefined);
    expect(world.ledger.callsOf('tender:Create')).toHaveLength(2);
  });

  it('when a key is reused for a different request, then 409 CONFLICT and nothing is written', async () => {
    await create(world, KEY);
    const other = await create(world, KEY, { ...body, title: 'Another tender' });
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ code: 'CONFLICT', details: { field: 'Idempotency-Key' } });
    expect(world.ledger.callsOf('tender:Create')).toHaveLength(1);
  });

  it('keys are per user: the same key from another user is another request', async () => {
    world.ledger.on('tender:Create', () => tender({ agency: 'HealthMSP' }));
    await create(world, KEY);
    const res = await request(world.app)
      .post('/api/v1/tenders')
      .set(await world.auth('healthOfficer'))
      .set('Idempotency-Key', KEY)
      .send(body);
    expect(res.status).toBe(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect(world.ledger.callsOf('tender:Create')).toHaveLength(2);
  });

  it('when the key is malformed, then 400 INVALID_ARGUMENT and nothing is written', async () => {
    for (const bad of ['short', 'x'.repeat(129), 'has space in it', 'ünïcode-key-1']) {
      const res = await create(world, bad);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'INVALID_ARGUMENT',
        details: { field: 'Idempotency-Key' },
      });
    }
    expect(world.ledger.callsOf('tender:Create')).toHaveLength(0);
  });

  it('a refusal is an outcome: the retry gets the same refusal without asking the ledger again', async () => {
    world.ledger.throws('tender:Create', new DomainError({ code: 'CONFLICT', message: 'tender T-1 exists' }));
    const first = await create(world, KEY);
    const second = await create(world, KEY);
    expect(first.status).toBe(409);
    expect(second.status).toBe(409);
    expect(second.body).toEqual(first.body);
    expect(world.ledger.callsOf('tender:Create')).toHaveLength(1);
  });

  it('LEDGER_BUSY (nothing submitted) frees the key: the retry runs the write', async () => {
    world.ledger.throws(
      'tender:Create',
      new DomainError({ code: 'LEDGER_BUSY', message: 'busy', retryAfterSeconds: 2 }),
    );
    const busy = await create(world, KEY);
    expect(busy.status).toBe(503);
    expect(busy.headers['retry-after']).toBe('2');
    world.ledger.on('tender:Create', () => tender());
    const retried = await create(world, KEY);
    expect(retried.status).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
  });

  describe('a gateway stopped mid-request', () => {
    let restarted: World;

    beforeEach(async () => {
      // The transaction is endorsed and recorded, then the gateway loses it (here: its commit status).
      world.ledger.failAfterEndorse.set(
        'tender:Create',
        new DomainError({ code: 'LEDGER_TIMEOUT', message: 'no commit status', details: { txId: 'tx101' } }),
      );
      const lost = await create(world, KEY);
      expect(lost.status).toBe(504);
      // A new gateway process on the same state folder.
      restarted = new World({ stateDir: world.stateDir });
    });

    it('when the client retries with the key, then the outcome comes from the ledger, not from a new write', async () => {
      restarted.ledger.resumed.set('tx101', 101);
      const retried = await create(restarted, KEY);
      expect(retried.status).toBe(201);
      expect(retried.body).toMatchObject({ id: 'T-1', txId: 'tx101', blockNumber: 101 });
      expect(retried.headers['idempotent-replayed']).toBe('true');
      expect(restarted.ledger.callsOf('tender:Create')).toEqual([
        expect.objectContaining({ kind: 'resume', args: ['tx101'] }),
      ]);
      expectMatchesOpenApi(retried, 'post', '/api/v1/tenders');
      // And from then on it is a plain replay.
      const again = await create(restarted, KEY);
      expect(again.body).toEqual(retried.body);
      expect(restarted.ledger.calls.filter((c) => c.kind !== 'evaluate')).toHaveLength(1);
    });

    it('when the recorded transaction turns out invalid, then that refusal is the outcome', async () => {
      restarted.ledger.resumed.set(
        'tx101',
        new DomainError({ code: 'CONFLICT', message: 'the transaction conflicted' }),
      );
      const retried = await create(restarted, KEY);
      expect(retried.status).toBe(409);
      expect(restarted.ledger.callsOf('tender:Create').map((c) => c.kind)).toEqual(['resume']);
    });
  });
});
