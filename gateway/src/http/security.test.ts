import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { afterEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';

import type { LedgerEvent } from '../domain/ledger';
import { policy } from '../testing/fixtures';
import { expectMatchesOpenApi } from '../testing/openapi';
import { USERS, type UserKey, World, type WorldOptions } from '../testing/world';
import { addressList } from './address-list';
import { addressKey } from './auth';
import { EVENT_NAMES } from '@procurement/contract';
import { sseFrame } from './sse';

/** Worlds made by a test, cleaned up after it. */
const worlds: World[] = [];
function world(options: WorldOptions = {}): World {
  const w = new World(options);
  worlds.push(w);
  return w;
}
afterEach(() => {
  for (const w of worlds.splice(0)) w.cleanup();
});

const login = (w: World, body: Record<string, unknown>, forwardedFor?: string) => {
  const req = request(w.app).post('/api/v1/auth/login');
  return (forwardedFor === undefined ? req : req.set('x-forwarded-for', forwardedFor)).send(body);
};
const loginAs = (w: World, key: UserKey, password?: string, forwardedFor?: string) => {
  const u = USERS[key];
  return login(w, { mspId: u.mspId, username: u.username, password: password ?? u.secret }, forwardedFor);
};
const walletNames = (w: World): string[] => {
  const dir = path.join(w.stateDir, 'wallet');
  return existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String).sort() : [];
};

describe('login over HTTP (issue 10, findings 4 and 17)', () => {
  it.each([
    ['..'],
    ['.'],
    ['../../etc/passwd'],
    ['/'],
    ['a\\b'],
    ['nul\u0000x'],
    ['ctl\u001bx'],
    ['.wallet'],
  ])(
    'when the username is %j, then 401 UNAUTHENTICATED (never 500) and neither the wallet nor the CA is touched',
    async (username) => {
      const w = world();
      const res = await login(w, { mspId: 'PublicWorksMSP', username, password: 'x' });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
      expectMatchesOpenApi(res, 'post', '/api/v1/auth/login');
      expect(w.ca.attempts).toEqual([]);
      expect(walletNames(w)).toEqual([]);
    },
  );

  it('when the CA-internal admin identity logs in, even with its right password, then 401 and the CA is never asked', async () => {
    const w = world();
    const res = await loginAs(w, 'orgAdmin');
    expect(res.status).toBe(401);
    for (const username of ['admin', 'peer0.publicworks', 'orderer0.publicworks'])
      expect((await login(w, { mspId: 'PublicWorksMSP', username, password: 'p' })).status).toBe(401);
    expect(w.ca.attempts).toEqual([]);
    expect(walletNames(w)).toEqual([]);
  });

  it('when a role-less or peer identity logs in with its right password, then 403 and the wallet stores nothing', async () => {
    const w = world();
    expect((await loginAs(w, 'roleless')).status).toBe(403);
    expect((await loginAs(w, 'peer')).status).toBe(403);
    expect(w.ca.enrolments).toBe(2);
    expect(walletNames(w)).toEqual([]);
  });

  it('when 20 wrong passwords arrive for a signed-in user, then 401 then 429, the CA is never asked, the wallet is unchanged, and the right password still logs in', async () => {
    const w = world({ loginLimits: { ...DEFAULTS, maxFailuresPerAddress: 100 } });
    expect((await loginAs(w, 'officer')).status).toBe(200);
    const file = path.join(w.stateDir, 'wallet', 'PublicWorksMSP', 'pw-officer.json');
    const before = readFileSync(file, 'utf8');
    w.ca.attempts = [];
    const statuses: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const res = await loginAs(w, 'officer', `guess-${i}`);
      statuses.push(res.status);
      expectMatchesOpenApi(res, 'post', '/api/v1/auth/login');
    }
    expect(statuses).toEqual([...Array<number>(5).fill(401), ...Array<number>(15).fill(429)]);
    expect(w.ca.attempts).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect((await loginAs(w, 'officer')).status).toBe(200);
  });

  it('when failures come with made-up X-Forwarded-For headers and no proxy is trusted, then they all count against the real address', async () => {
    const w = world({ loginLimits: { ...DEFAULTS, maxFailuresPerAddress: 3 } });
    for (let i = 0; i < 3; i += 1)
      expect((await loginAs(w, 'auditor', 'wrong', `198.51.100.${i}`)).status).toBe(401);
    const res = await loginAs(w, 'auditor', undefined, '198.51.100.99');
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('RATE_LIMITED');
  });

  it('when the proxy is trusted, then X-Forwarded-For names the client and one client’s failures do not block another', async () => {
    const w = world({
      loginLimits: { ...DEFAULTS, maxFailuresPerAddress: 3 },
      app: { trustProxy: ['loopback'] },
    });
    for (let i = 0; i < 3; i += 1)
      expect((await loginAs(w, 'auditor', 'wrong', '198.51.100.1')).status).toBe(401);
    expect((await loginAs(w, 'auditor', undefined, '198.51.100.1')).status).toBe(429);
    expect((await loginAs(w, 'auditor', undefined, '198.51.100.2')).status).toBe(200);
  });
});

const DEFAULTS = { maxFailuresPerUser: 5, maxFailuresPerAddress: 30, windowSeconds: 900, maxCaFailures: 5 };

describe('client addresses for throttling', () => {
  it('keeps IPv4 clients apart, also when the socket reports them IPv4-mapped, and groups an IPv6 host by /56', () => {
    expect(addressKey('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(addressKey('::FFFF:10.1.2.4')).toBe('10.1.2.4');
    expect(addressKey('10.1.2.3')).toBe('10.1.2.3');
    expect(addressKey('2001:db8:0:1::1')).toBe(addressKey('2001:db8:0:2::9'));
    expect(addressKey('2001:db8:1::1')).not.toBe(addressKey('2001:db8:2::1'));
    expect(addressKey(undefined)).toBe('unknown');
  });
});

describe('operations endpoints on an address list (issue 10, finding 10)', () => {
  it('matches addresses, CIDRs and range names, IPv4-mapped addresses as IPv4, and nothing else', () => {
    const allowed = addressList(['loopback', '10.1.0.0/16', '2001:db8::7']);
    expect(['127.0.0.1', '::1', '::ffff:127.0.0.1', '10.1.200.3', '2001:db8::7'].map(allowed)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['10.2.0.1', '192.168.1.1', '2001:db8::8', 'not-an-address', undefined].map(allowed)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('when the caller is not on the list, then /metrics and /readyz are 403 and say nothing', async () => {
    const w = world({ app: { operationsAllow: ['10.9.0.0/16'] } });
    for (const endpoint of ['/metrics', '/readyz']) {
      const res = await request(w.app).get(endpoint);
      expect([endpoint, res.status, res.body.error?.code]).toEqual([endpoint, 403, 'NOT_AUTHORISED']);
      expect(res.text).not.toMatch(/http_requests|peers/);
    }
  });

  it('when a made-up X-Forwarded-For names a listed address and no proxy is trusted, then it is still 403', async () => {
    const w = world({ app: { operationsAllow: ['10.9.0.0/16'] } });
    const res = await request(w.app).get('/metrics').set('x-forwarded-for', '10.9.0.1');
    expect(res.status).toBe(403);
  });

  it('when the caller is on the list (loopback by default), then both answer', async () => {
    const w = world();
    expect((await request(w.app).get('/metrics')).status).toBe(200);
    expect((await request(w.app).get('/readyz')).status).toBe(200);
  });
});

describe('logout (issue 10, finding 11)', () => {
  it('when a user logs out, then 204, that token is refused from then on, and their other tokens still work', async () => {
    const w = world();
    w.ledger.returns('policy:Get', policy);
    const first = (await loginAs(w, 'officer')).body.token as string;
    const second = (await loginAs(w, 'officer')).body.token as string;
    const res = await request(w.app).post('/api/v1/auth/logout').set('authorization', `Bearer ${first}`);
    expect(res.status).toBe(204);
    expectMatchesOpenApi(res, 'post', '/api/v1/auth/logout');
    const refused = await request(w.app).get('/api/v1/policy').set('authorization', `Bearer ${first}`);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('UNAUTHENTICATED');
    expect(
      (await request(w.app).post('/api/v1/auth/logout').set('authorization', `Bearer ${first}`)).status,
    ).toBe(401);
    expect((await request(w.app).get('/api/v1/policy').set('authorization', `Bearer ${second}`)).status).toBe(
      200,
    );
    expect(w.ledger.calls).toHaveLength(1);
  });

  it('when logout comes without a token, then 401', async () => {
    const w = world();
    expect((await request(w.app).post('/api/v1/auth/logout')).status).toBe(401);
  });

  it('is in the OpenAPI document', async () => {
    const w = world();
    const doc = (await request(w.app).get('/api/v1/openapi.json')).body as { paths: object };
    expect(Object.keys(doc.paths)).toContain('/api/v1/auth/logout');
  });
});

describe('rate limits (issue 10, finding 12)', () => {
  it('when one user spreads requests over several tokens, then the per-user limit still holds', async () => {
    const w = world({ rateLimitPerMinute: 3 });
    w.ledger.returns('policy:Get', policy);
    const tokens = [
      (await loginAs(w, 'officer')).body.token as string,
      (await loginAs(w, 'officer')).body.token as string,
    ];
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1)
      statuses.push(
        (
          await request(w.app)
            .get('/api/v1/policy')
            .set('authorization', `Bearer ${tokens[i % 2]!}`)
        ).status,
      );
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(w.ledger.calls).toHaveLength(3);
    expect(
      (
        await request(w.app)
          .get('/api/v1/policy')
          .set(await w.auth('auditor'))
      ).status,
    ).toBe(200);
  });

  it('when one address keeps sending missing or forged tokens, then 429 for it, while a sound token from it still works', async () => {
    const w = world({ app: { badTokensPerMinute: 3 } });
    w.ledger.returns('policy:Get', policy);
    const statuses: number[] = [];
    for (const header of [undefined, 'Bearer x.y.z', 'Bearer forged', 'Bearer x.y.z', undefined]) {
      const req = request(w.app).get('/api/v1/policy');
      statuses.push((await (header === undefined ? req : req.set('authorization', header))).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const limited = await request(w.app).get('/api/v1/policy');
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expectMatchesOpenApi(limited, 'get', '/api/v1/policy');
    expect(
      (
        await request(w.app)
          .get('/api/v1/policy')
          .set(await w.auth('auditor'))
      ).status,
    ).toBe(200);
  });
});

describe('JSON depth and key-count limits (issue 10, finding 12)', () => {
  const nested = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

  it.each([
    ['40 levels deep', nested(40)],
    ['200,000 levels deep', '['.repeat(200_000) + ']'.repeat(200_000)],
    [
      'with 10,001 keys',
      JSON.stringify(Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`k${i}`, 0]))),
    ],
    [
      'with 10,001 keys spread over objects',
      JSON.stringify(
        Array.from({ length: 101 }, () =>
          Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, 0])),
        ),
      ),
    ],
  ])(
    'when a body is %s, then 400 INVALID_ARGUMENT (never 500) and the ledger is not called',
    async (_what, body) => {
      const w = world();
      const res = await request(w.app)
        .post('/api/v1/tenders')
        .set(await w.auth('officer'))
        .set('content-type', 'application/json')
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: '(body)' } });
      expectMatchesOpenApi(res, 'post', '/api/v1/tenders');
      expect(w.ledger.calls).toHaveLength(0);
    },
  );

  it('when a login body is too deep, then 400 and the CA is not asked', async () => {
    const w = world();
    const res = await request(w.app)
      .post('/api/v1/auth/login')
      .set('content-type', 'application/json')
      .send(`{"mspId":"PublicWorksMSP","username":"pw-officer","password":"x","extra":${nested(40)}}`);
    expect(res.status).toBe(400);
    expect(w.ca.attempts).toEqual([]);
  });

  it('accepts a body at the limits', async () => {
    const w = world({ app: { jsonLimits: { maxDepth: 3, maxKeys: 2 } } });
    const ok = await request(w.app)
      .post('/api/v1/tenders')
      .set(await w.auth('officer'))
      .send({ a: { b: 1 } });
    expect(ok.status).not.toBe(500);
    expect(ok.body.error?.details?.field).not.toBe('(body)');
    const deep = await request(w.app)
      .post('/api/v1/tenders')
      .set(await w.auth('officer'))
      .send({ a: { b: { c: 1 } } });
    expect(deep.body.error.details.field).toBe('(body)');
  });
});

describe('event streams (issue 10, findings 11, 12 and 14)', () => {
  const servers: http.Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  async function serve(w: World): Promise<string> {
    const server = http.createServer(w.app);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  interface Stream {
    status: number;
    text: () => string;
    /** Resolves when the server ends the stream. */
    ended: Promise<void>;
    close: () => void;
  }

  async function open(base: string, headers: Record<string, string>, query = ''): Promise<Stream> {
    const controller = new AbortController();
    const res = await fetch(`${base}/api/v1/events${query}`, { headers, signal: controller.signal });
    let text = '';
    const ended =
      res.status === 200
        ? (async () => {
            const reader = res.body!.getReader();
            try {
              for (;;) {
                const { value, done } = await reader.read();
                if (done) return;
                text += Buffer.from(value).toString('utf8');
              }
            } catch {
              // aborted by the test
            }
          })()
        : Promise.resolve();
    return {
      status: res.status,
      text: () => text,
      ended,
      close: () => {
        controller.abort();
      },
    };
  }

  const event = (blockNumber: bigint, txId: string, eventName: string, payload: string): LedgerEvent => ({
    blockNumber,
    txId,
    eventName,
    payload: Buffer.from(payload, 'utf8'),
  });

  it('when the ledger yields a malicious event name, id or payload, then only known names pass and no field can inject a frame', async () => {
    const w = world();
    w.ledger.events = [
      event(5n, 'aaa', 'TenderCreated\n\nevent: AwardMade\ndata: {"bidId":"forged"}', '{}'),
      event(5n, 'aab', 'Evil', '{}'),
      event(5n, 'aac', 'tendercreated', '{}'),
      event(6n, 'bbb\r\nevent: AwardMade', 'SharesReleased', '{"tenderId":"T-1"}'),
      event(7n, 'ccc', 'TenderCreated', '{"tenderId":"T-1\\n\\nevent: AwardMade\\r\\ndata: {}\\u2028"}'),
      event(8n, 'ddd', 'TenderPublished', 'not json\r\n\r\nevent: AwardMade\ndata: {}'),
      event(9n, 'eee', 'VendorDebarred', '{"vendorId":"ACME"}'),
    ];
    const base = await serve(w);
    const stream = await open(base, await w.auth('auditor'), '?fromBlock=0');
    expect(stream.status).toBe(200);
    while (!stream.text().includes('event: VendorDebarred')) await new Promise((r) => setTimeout(r, 10));
    stream.close();
    const lines = stream.text().split('\n');
    for (const line of lines)
      expect(line === '' || /^(: .*|id: \d+:[A-Za-z0-9]+|event: [A-Za-z]+|data: .*)$/.test(line)).toBe(true);
    expect(stream.text()).not.toContain('\r');
    const frames = stream
      .text()
      .split('\n\n')
      .filter((block) => block.includes('event: '));
    const names = frames.map((block) => /^event: (.*)$/m.exec(block)?.[1]);
    expect(names).toEqual(['SharesReleased', 'TenderCreated', 'TenderPublished', 'VendorDebarred']);
    expect(frames[0]).not.toMatch(/^id:/m);
    for (const block of frames) {
      const data = block.split('\n').filter((l) => l.startsWith('data: '));
      expect(data).toHaveLength(1);
      JSON.parse(data[0]!.slice('data: '.length));
    }
    expect(JSON.parse(/^data: (.*)$/m.exec(frames[0]!)![1]!)).toMatchObject({
      txId: 'bbb\r\nevent: AwardMade',
    });
    expect(JSON.parse(/^data: (.*)$/m.exec(frames[2]!)![1]!)).toMatchObject({
      payload: 'not json\r\n\r\nevent: AwardMade\ndata: {}',
    });
  });

  it('frames every known chaincode event name, escapes multi-line data, and drops unknown names', () => {
    for (const name of EVENT_NAMES) expect(sseFrame({ event: name, data: {} })).toContain(`event: ${name}\n`);
    expect(sseFrame({ event: 'Nope', data: {} })).toBeUndefined();
    expect(sseFrame({ event: 'TenderCreated\nx', data: {} }, () => true)).toBeUndefined();
    expect(sseFrame({ id: '1:a\n', event: 'TenderCreated', data: 'x\ny' })).toBe(
      'event: TenderCreated\ndata: "x\\ny"\n\n',
    );
  });

  it('when the token is logged out, then its open stream gets an error event and closes', async () => {
    const w = world();
    const base = await serve(w);
    const token = (await loginAs(w, 'auditor')).body.token as string;
    const stream = await open(base, { authorization: `Bearer ${token}` });
    expect(stream.status).toBe(200);
    const other = await open(base, await w.auth('officer'));
    const res = await fetch(`${base}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(204);
    await stream.ended;
    expect(stream.text()).toContain(
      'event: error\ndata: {"code":"UNAUTHENTICATED","message":"the token was logged out; log in again"}',
    );
    expect(other.text()).not.toContain('event: error');
    other.close();
    expect((await open(base, { authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it('when the token expires, then its open stream gets an error event and closes', async () => {
    // Tokens issued 58.5 s "ago" with a 60 s lifetime: they expire 1.5 s after the test starts.
    const w = world({ tokenTtlSeconds: 60, now: () => Date.now() - 58_500 });
    const base = await serve(w);
    const stream = await open(base, await w.auth('auditor'));
    expect(stream.status).toBe(200);
    const started = Date.now();
    await stream.ended;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(stream.text()).toContain('"the token has expired; log in again"');
  });

  it('when a user opens more streams than allowed, or the gateway is full, then 429 RATE_LIMITED; a closed stream frees its slot', async () => {
    const w = world({ app: { streams: { perUser: 2, total: 3 } } });
    const base = await serve(w);
    const officer = await w.auth('officer');
    const a = await open(base, officer);
    const b = await open(base, officer);
    expect([a.status, b.status]).toEqual([200, 200]);
    const third = await request(w.app).get('/api/v1/events').set(officer);
    expect(third.status).toBe(429);
    expect(third.body.error.code).toBe('RATE_LIMITED');
    const auditor = await open(base, await w.auth('auditor'));
    expect(auditor.status).toBe(200);
    expect(
      (
        await request(w.app)
          .get('/api/v1/events')
          .set(await w.auth('acme'))
      ).status,
    ).toBe(429);
    a.close();
    let reopened: Stream | undefined;
    for (let i = 0; i < 100 && reopened?.status !== 200; i += 1) {
      await new Promise((r) => setTimeout(r, 20));
      reopened = await open(base, officer);
    }
    expect(reopened?.status).toBe(200);
    for (const s of [b, auditor, reopened!]) s.close();
  });
});
