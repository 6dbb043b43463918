import type { RedFlagRecord } from '@procurement/contract';
import request from 'supertest';

import { expectMatchesOpenApi } from '../../testing/openapi';
import { World } from '../../testing/world';

const FLAG_ID = `${'a'.repeat(64)}-PL-SPLIT`;
const flag: RedFlagRecord = {
  flagId: FLAG_ID,
  code: 'PL-SPLIT',
  tenderId: 'T-1',
  raisedAt: '2026-03-01T00:00:00.000Z',
  txId: 'a'.repeat(64),
  evidence: { threshold: { amount: '100' } },
  status: 'reviewed',
  review: { note: 'two ministries, one road', at: '2026-03-02T00:00:00.000Z', by: 'auditor' },
};

describe('POST /api/v1/red-flags/{flagId}/review', () => {
  let world: World;
  beforeEach(() => {
    world = new World();
  });
  afterEach(() => {
    world.cleanup();
  });

  it('when the auditor reviews a flag, then redflag:Review gets the flag id and the note, and 200', async () => {
    world.ledger.returns('redflag:Review', flag);
    const res = await request(world.app)
      .post(`/api/v1/red-flags/${FLAG_ID}/review`)
      .set(await world.auth('auditor'))
      .send({ note: 'two ministries, one road' });
    expect(res.status).toBe(200);
    expectMatchesOpenApi(res, 'post', '/api/v1/red-flags/{flagId}/review');
    expect(world.ledger.callsOf('redflag:Review')[0]?.args).toEqual([FLAG_ID, 'two ministries, one road']);
  });

  it('when an officer reviews, then 403 and the ledger is not asked', async () => {
    const res = await request(world.app)
      .post(`/api/v1/red-flags/${FLAG_ID}/review`)
      .set(await world.auth('officer'))
      .send({ note: 'mine' });
    expect(res.status).toBe(403);
    expect(world.ledger.calls).toEqual([]);
  });

  it.each([
    ['a malformed flag id', 'not-a-flag', { note: 'x' }],
    ['an unknown code', `${'a'.repeat(64)}-R999`, { note: 'x' }],
    ['an empty note', FLAG_ID, { note: '' }],
    ['an extra field', FLAG_ID, { note: 'x', by: 'someone' }],
  ])('when the request has %s, then 400 and the ledger is not asked', async (_what, flagId, body) => {
    const res = await request(world.app)
      .post(`/api/v1/red-flags/${flagId}/review`)
      .set(await world.auth('auditor'))
      .send(body);
    expect(res.status).toBe(400);
    expect((res.body as { error: { code: string } }).error.code).toBe('INVALID_ARGUMENT');
    expect(world.ledger.callsOf('redflag:Review')).toEqual([]);
  });

  it('without a token, then 401', async () => {
    const res = await request(world.app).post(`/api/v1/red-flags/${FLAG_ID}/review`).send({ note: 'x' });
    expect(res.status).toBe(401);
  });
});
