import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';

import { DomainError, type ErrorCode } from '../domain/errors';
import { policy, tender } from '../testing/fixtures';
import { expectMatchesOpenApi } from '../testing/openapi';
import { USERS, World } from '../testing/world';

describe('the gateway as a whole', () => {
  let world: World;

  beforeEach(() => {
    world = new World();
  });

  afterEach(() => {
    world.cleanup();
  });

  describe('authentication', () => {
    it('when a user logs in with their enrolment secret, then they get a token naming their role', async () => {
      const res = await request(world.app)
        .post('/api/v1/auth/login')
        .send({ mspId: 'SuppliersMSP', username: 'vendor-acme', password: 'vendor-acme-pw' });
      expect(res.status).toBe(200);
      expect(res.body.identity).toEqual({
        mspId: 'SuppliersMSP',
        username: 'vendor-acme',
        role: 'vendor',
        vendorId: 'ACME',
      });
      expect(typeof res.body.token).toBe('string');
      expectMatchesOpenApi(res, 'post', '/api/v1/auth/login');
    });

    it('when the password is wrong, then 401 UNAUTHENTICATED', async () => {
      const res = await request(world.app)
        .post('/api/v1/auth/login')
        .send({ mspId: 'SuppliersMSP', username: 'vendor-acme', password: 'guess' });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
      expectMatchesOpenApi(res, 'post', '/api/v1/auth/login');
    });

    it('when the organisation is unknown, then 401', async () => {
      const res = await request(world.app)
        .post('/api/v1/auth/login')
        .send({ mspId: 'EvilMSP', username: 'vendor-acme', password: 'vendor-acme-pw' });
      expect(res.status).toBe(401);
    });

    it('when the login body lacks the password, then 400 naming the field', async () => {
      const res = await request(world.app)
        .post('/api/v1/auth/login')
        .send({ mspId: 'SuppliersMSP', username: 'x' });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'password' } });
    });

    it('when the identity carries no role, then 403 at login', async () => {
      const u = USERS.roleless;
      const res = await request(world.app)
        .post('/api/v1/auth/login')
        .send({ mspId: u.mspId, username: u.username, password: u.secret });
      expect(res.status).toBe(403);
    });

    it.each([
      ['no header', undefined],
      ['a malformed header', 'Token abc'],
      ['a forged token', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'],
    ])(
      'when a request has %s, then 401 UNAUTHENTICATED and the ledger is not called',
      async (_what, header) => {
        const req = request(world.app).get('/api/v1/policy');
        const res = await (header === undefined ? req : req.set('authorization', header));
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe('UNAUTHENTICATED');
        expect(world.ledger.calls).toHaveLength(0);
        expectMatchesOpenApi(res, 'get', '/api/v1/policy');
      },
    );

    it('when a token has expired, then 401', async () => {
      const short = new World({ tokenTtlSeconds: 60 });
      try {
        const token = await short.token('officer');
        const [, payload] = token.split('.');
        const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
        expect(claims.exp - claims.iat).toBe(60);
        const { TokenService } = await import('../identity/tokens');
        const later = new TokenService({
          secret: Buffer.alloc(32, 7),
          ttlSeconds: 60,
          now: () => Date.now() + 120_000,
        });
        await expect(later.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      } finally {
        short.cleanup();
      }
    });

    it('when the token is sound, then the request runs as the user who holds it', async () => {
      world.ledger.returns('policy:Get', policy);
      const res = await request(world.app)
        .get('/api/v1/policy')
        .set(await world.auth('auditor'));
      expect(res.status).toBe(200);
      expectMatchesOpenApi(res, 'get', '/api/v1/policy');
      expect(world.ledger.calls[0]?.caller).toEqual({
        mspId: 'AuditMSP',
        username: 'auditor',
        role: 'auditor',
      });
    });
  });

  describe('bodies', () => {
    it('when the JSON is malformed, then 400 INVALID_ARGUMENT', async () => {
      const res = await request(world.app)
        .post('/api/v1/tenders')
        .set(await world.auth('officer'))
        .set('content-type', 'application/json')
        .send('{"id": ');
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_ARGUMENT');
      expectMatchesOpenApi(res, 'post', '/api/v1/tenders');
    });

    it('when the body is over the limit, then 413 PAYLOAD_TOO_LARGE, even before the role check', async () => {
      const small = new World({ bodyLimit: '1kb' });
      try {
        const res = await request(small.app)
          .post('/api/v1/tenders')
          .set(await small.auth('acme'))
          .send({ description: 'x'.repeat(2000) });
        expect(res.status).toBe(413);
        expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
      } finally {
        small.cleanup();
      }
    });

    it('when a body over 1 MiB arrives without a token, then 401 comes first', async () => {
      const res = await request(world.app)
        .post('/api/v1/tenders')
        .send({ description: 'x'.repeat(1_100_000) });
      expect(res.status).toBe(401);
    });

    it('when a body is just over 1 MiB by default, then 413', async () => {
      const res = await request(world.app)
        .post('/api/v1/tenders')
        .set(await world.auth('officer'))
        .send({ description: 'x'.repeat(1_100_000) });
      expect(res.status).toBe(413);
    });
  });

  describe('rate limit', () => {
    it('when one token sends more requests than allowed per minute, then 429 RATE_LIMITED for that token only', async () => {
      const limited = new World({ rateLimitPerMinute: 3 });
      try {
        limited.ledger.returns('policy:Get', policy);
        const officer = await limited.auth('officer');
        const statuses: number[] = [];
        for (let i = 0; i < 4; i += 1)
          statuses.push((await request(limited.app).get('/api/v1/policy').set(officer)).status);
        expect(statuses).toEqual([200, 200, 200, 429]);
        const res = await request(limited.app).get('/api/v1/policy').set(officer);
        expect(res.body.error.code).toBe('RATE_LIMITED');
        expectMatchesOpenApi(res, 'get', '/api/v1/policy');
        expect(
          (
            await request(limited.app)
              .get('/api/v1/policy')
              .set(await limited.auth('auditor'))
          ).status,
        ).toBe(200);
      } finally {
        limited.cleanup();
      }
    });
  });

  describe('operations', () => {
    it('serves liveness, readiness and metrics without a token', async () => {
      expect((await request(world.app).get('/healthz')).body).toEqual({ status: 'ok' });
      const ready = await request(world.app).get('/readyz');
      expect(ready.status).toBe(200);
      world.ledger.ready = { ready: false, peers: { PublicWorksMSP: false } };
      const notReady = await request(world.app).get('/readyz');
      expect(notReady.status).toBe(503);
      expectMatchesOpenApi(notReady, 'get', '/readyz');
      world.ledger.returns('tender:Get', tender());
      await request(world.app)
        .get('/api/v1/tenders/T-1')
        .set(await world.auth('officer'));
      const metrics = await request(world.app).get('/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.text).toContain(
        'gateway_http_requests_total{method="GET",route="/api/v1/tenders/:id",status="200"} 1',
      );
      expect(metrics.text).toContain('gateway_http_request_duration_seconds_bucket');
    });

    it('serves the OpenAPI document, describing every route', async () => {
      const res = await request(world.app).get('/api/v1/openapi.json');
      expect(res.status).toBe(200);
      expect(res.body.openapi).toBe('3.1.0');
      for (const path of [
        '/api/v1/policy',
        '/api/v1/tenders/{id}/opening',
        '/api/v1/opening-keys',
        '/api/v1/challenges/{challengeId}/decision',
        '/api/v1/vendors/{vendorId}/debarment',
        '/api/v1/events',
      ])
        expect(Object.keys(res.body.paths as object)).toContain(path);
    });

    it('sets security headers and a request id', async () => {
      const res = await request(world.app).get('/healthz').set('x-request-id', 'abc-123');
      expect(res.headers['x-request-id']).toBe('abc-123');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-powered-by']).toBeUndefined();
    });

    it('answers an unknown route with 404 NOT_FOUND in the error shape', async () => {
      const res = await request(world.app).get('/nowhere');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: 'no such route' } });
    });

    it('hides unexpected failures behind 500 INTERNAL', async () => {
      world.ledger.throws('policy:Get', new Error('secret internals'));
      const res = await request(world.app)
        .get('/api/v1/policy')
        .set(await world.auth('officer'));
      expect(res.status).toBe(500);
      expect(res.body.error).toEqual({ code: 'INTERNAL', message: 'internal error' });
    });

    const infrastructure: [ErrorCode, number, string][] = [
      ['LEDGER_UNAVAILABLE', 503, 'LEDGER_UNAVAILABLE'],
      ['LEDGER_REJECTED', 502, 'LEDGER_UNAVAILABLE'],
      ['LEDGER_TIMEOUT', 504, 'LEDGER_TIMEOUT'],
      ['CLOCK_SKEW', 409, 'CLOCK_SKEW'],
    ];
    it.each(infrastructure)('maps %s to %i %s', async (code, status, wire) => {
      world.ledger.throws('policy:Get', new DomainError({ code, message: 'm', details: { txId: 'tx9' } }));
      const res = await request(world.app)
        .get('/api/v1/policy')
        .set(await world.auth('officer'));
      expect(res.status).toBe(status);
      expect(res.body.error).toEqual({ code: wire, message: 'm', details: { txId: 'tx9' } });
      expectMatchesOpenApi(res, 'post', '/api/v1/policy/proposals');
    });
  });
});
