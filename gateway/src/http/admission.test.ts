import { Metadata, status } from '@grpc/grpc-js';
import { EndorseError } from '@hyperledger/fabric-gateway';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';

import { Admission } from '../fabric/admission';
import { translateFabricError } from '../fabric/errors';
import { createTenderBody, tender } from '../testing/fixtures';
import { expectMatchesOpenApi } from '../testing/openapi';
import { World } from '../testing/world';

/** The peer's own limiter refusal, as @hyperledger/fabric-gateway reports it from an endorsement. */
function peerTooManyRequests(): EndorseError {
  const message = 'too many requests for /gateway.Gateway, exceeding concurrency limit (500)';
  return new EndorseError({
    code: status.UNKNOWN,
    message: `2 UNKNOWN: ${message}`,
    details: [],
    cause: Object.assign(new Error(message), {
      code: status.UNKNOWN,
      details: message,
      metadata: new Metadata(),
    }),
    transactionId: 'tx-busy',
  });
}

describe('admission control over HTTP', () => {
  let world: World;
  let admission: Admission;

  beforeEach(() => {
    world = new World();
    // The ledger answers through a real admission queue: one slot, no queue.
    admission = new Admission(
      { maxInFlight: 1, maxQueue: 0, maxWaitMs: 1000 },
      world.metrics.admissionObserver(),
    );
    world.ledger.on('tender:Create', (call) =>
      admission.run(call.caller.mspId, call.caller.username, () => Promise.resolve(tender())),
    );
  });

  afterEach(() => {
    world.cleanup();
  });

  it('when the peer is at its limit and the queue is full, then 503 LEDGER_BUSY with Retry-After, and the refusal is on /metrics', async () => {
    const held = await admission.acquire('PublicWorksMSP', 'someone-else');
    const res = await request(world.app)
      .post('/api/v1/tenders')
      .set(await world.auth('officer'))
      .send(createTenderBody());
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ code: 'LEDGER_BUSY', details: { reason: 'queue_full' } });
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expectMatchesOpenApi(res, 'post', '/api/v1/tenders');
    const metrics = await request(world.app).get('/metrics');
    expect(metrics.text).toMatch(
      /gateway_fabric_refusals_total\{peer="PublicWorksMSP",reason="queue_full"\} 1/,
    );
    expect(metrics.text).toMatch(/gateway_fabric_in_flight\{peer="PublicWorksMSP"\} 1/);

    held();
    const retried = await request(world.app)
      .post('/api/v1/tenders')
      .set(await world.auth('officer'))
      .send(createTenderBody());
    expect(retried.status).toBe(201);
  });

  it('when a peer refuses with too many requests after the retries, then 503 LEDGER_BUSY with Retry-After', async () => {
    // The Fabric layer's translation of the peer's refusal is what the ledger port throws.
    world.ledger.on('tender:Create', () => {
      throw translateFabricError(peerTooManyRequests());
    });
    const res = await request(world.app)
      .post('/api/v1/tenders')
      .set(await world.auth('officer'))
      .send(createTenderBody());
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ code: 'LEDGER_BUSY', details: { reason: 'peer_busy' } });
    expect(res.headers['retry-after']).toBe('1');
  });

  it('the OpenAPI document declares Retry-After on 503 answers', async () => {
    const res = await request(world.app).get('/api/v1/openapi.json');
    const answer = (
      res.body as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }
    ).paths['/api/v1/tenders']?.post?.responses['503'] as { description: string; headers?: object };
    expect(answer.description).toContain('LEDGER_BUSY');
    expect(answer.headers).toHaveProperty('Retry-After');
  });
});
