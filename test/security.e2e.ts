/**
 * Issue 10's gateway findings against the real network and its Fabric CAs: an anonymous flood of wrong
 * passwords cannot lock a user at the CA (findings 4 and 17), logout revokes a token and closes its event
 * streams (finding 11), path-like and CA-internal usernames are plain 401s (finding 4), and over-deep
 * JSON is a 400 (finding 12).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';

import { ApiClient, type RunningGateway, startGateway } from './support/gateway';
import { demoUser } from './support/network';
import { expectRefusal, expectStatus, loginWith, readEvents } from './support/procurement';

const officer = demoUser('pw-officer');
const wrong = (i: number) => ({ mspId: officer.mspId, username: officer.username, password: `guess-${i}` });
const right = { mspId: officer.mspId, username: officer.username, password: officer.password };

describe('security: the gateway refuses the attacks of issue 10', () => {
  describe('login lockout protection', () => {
    let gw: RunningGateway;

    afterEach(async () => {
      await gw.stop();
    });

    it('when 20 wrong passwords arrive for pw-officer after a login, then none reaches the CA lock and the right password still logs in', async () => {
      gw = await startGateway();
      expectStatus((await loginWith(gw, right)).res, 200);
      const statuses: number[] = [];
      for (let i = 0; i < 20; i += 1) statuses.push((await loginWith(gw, wrong(i))).res.status);
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
      const again = await loginWith(gw, right);
      expectStatus(again.res, 200);
      expect(again.client).toBeDefined();
    });

    it('when every login must be checked by the CA (no cached hash counts), then 20 wrong passwords reach the CA at most 5 times and the right password still enrols there', async () => {
      // PASSWORD_RECHECK_SECONDS=0: the cached hash is always stale, so the old gateway forwarded all 20
      // guesses to the CA, which locks an identity after 10.
      gw = await startGateway({ env: { PASSWORD_RECHECK_SECONDS: '0' } });
      expectStatus((await loginWith(gw, right)).res, 200);
      const statuses: number[] = [];
      for (let i = 0; i < 20; i += 1) statuses.push((await loginWith(gw, wrong(i))).res.status);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
      expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
      // The right password matches the (stale) cached hash, so it goes to the CA, which still accepts it.
      expectStatus((await loginWith(gw, right)).res, 200);
      await gw.stop();
      // A fresh gateway (no wallet) has to enrol at the CA: the identity is not locked there.
      gw = await startGateway();
      expectStatus((await loginWith(gw, right)).res, 200);
    });
  });

  describe('logout and event streams', () => {
    let gw: RunningGateway;

    beforeAll(async () => {
      gw = await startGateway();
    });

    afterAll(async () => {
      await gw.stop();
    });

    it('when a user logs out, then 204, the token is refused, and another login still works', async () => {
      const client = await ApiClient.login(gw, 'pw-officer');
      expectStatus(await client.get('/api/v1/policy'), 200);
      expectStatus(await client.post('/api/v1/auth/logout'), 204);
      expectRefusal(await client.get('/api/v1/policy'), 401, 'UNAUTHENTICATED');
      expectRefusal(await client.post('/api/v1/auth/logout'), 401, 'UNAUTHENTICATED');
      const again = await ApiClient.login(gw, 'pw-officer');
      expectStatus(await again.get('/api/v1/policy'), 200);
    });

    it('when the token of an open event stream is logged out, then the stream says so and closes', async () => {
      const client = await ApiClient.login(gw, 'auditor');
      const reading = readEvents(
        gw.baseUrl,
        client.token!,
        '/api/v1/events',
        (events) => events.some((e) => e.event === 'error'),
        20_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expectStatus(await client.post('/api/v1/auth/logout'), 204);
      const { status, events } = await reading;
      expect(status).toBe(200);
      const error = events.find((e) => e.event === 'error');
      expect(JSON.parse(error?.data ?? '{}')).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it.each([
      ['..'],
      ['.'],
      ['../wallet'],
      ['.hidden'],
      ['a\\b'],
      ['nul\u0000x'],
      ['admin'],
      ['publicworks-admin'],
    ])(
      'when the username is %j, then 401 UNAUTHENTICATED (never 500) and the wallet gets no such file',
      async (username) => {
        const { res } = await loginWith(gw, { mspId: 'PublicWorksMSP', username, password: 'x' });
        expectRefusal(res, 401, 'UNAUTHENTICATED');
        let files: string[] = [];
        try {
          files = readdirSync(path.join(gw.stateDir, 'wallet'), { recursive: true }).map(String);
        } catch {
          // no wallet folder yet: nothing was written
        }
        // Only <MSP>/<demo username>.json, as written by the successful logins of this file.
        for (const file of files) expect(file).toMatch(/^[A-Za-z]+MSP(\/[a-z][a-z0-9-]*\.json)?$/);
        expect(files.filter((f) => f.includes('admin'))).toEqual([]);
      },
    );

    it('when a body is nested deeper than the limit, then 400 INVALID_ARGUMENT, never 500', async () => {
      const client = await ApiClient.login(gw, 'pw-officer');
      const res = await client.raw('POST', '/api/v1/tenders', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
      expectRefusal(res, 400, 'INVALID_ARGUMENT');
    });
  });
});
