/**
 * Operating the gateway on the real network: readiness and metrics, the per-token rate limit, and a
 * peer that cannot be reached (503 LEDGER_UNAVAILABLE, nothing written).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiClient, type RunningGateway, startGateway } from './support/gateway';
import { net, sessionAs } from './support/network';
import { expectRefusal, ledgerRefusal, tenderBody, uniqueId } from './support/procurement';

describe('operating the gateway', () => {
  describe('on a healthy network', () => {
    let gateway: RunningGateway;

    beforeAll(async () => {
      gateway = await startGateway({ env: { RATE_LIMIT_PER_MINUTE: '8' } });
    });

    afterAll(async () => {
      await gateway.stop();
    });

    it('when every peer answers, then /readyz is 200 (once the fresh gateway has connected) and /healthz is 200', async () => {
      // Readiness is polled, as an orchestrator does: a gateway just started may still be connecting to
      // the peers (and catching its read model up) when first asked, and then answers 503 for a moment.
      let status = 0;
      for (const started = Date.now(); Date.now() - started < 30_000; ) {
        status = (await fetch(`${gateway.baseUrl}/readyz`)).status;
        if (status === 200) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(status).toBe(200);
      expect((await fetch(`${gateway.baseUrl}/healthz`)).status).toBe(200);
    });

    it('when a token sends more requests than the limit allows, then it gets 429 RATE_LIMITED', async () => {
      const officer = await ApiClient.login(gateway, 'pw-officer');
      const statuses: number[] = [];
      let limited: Awaited<ReturnType<ApiClient['get']>> | undefined;
      // The limit's window is fixed (a minute): 17 requests pass 8 per minute even when a window ends
      // among them.
      for (let i = 0; i < 20 && !limited; i++) {
        const res = await officer.get('/api/v1/policy');
        statuses.push(res.status);
        if (res.status === 429) limited = res;
      }
      expect(statuses[0]).toBe(200);
      expect(limited).toBeDefined();
      expectRefusal(limited!, 429, 'RATE_LIMITED');
    });

    it('when Prometheus scrapes /metrics, then HTTP and Fabric transaction figures are there', async () => {
      const text = await (await fetch(`${gateway.baseUrl}/metrics`)).text();
      expect(text).toContain('gateway_http_requests_total');
      expect(text).toContain('gateway_http_request_duration_seconds_bucket');
      expect(text).toMatch(/gateway_fabric_evaluate_duration_seconds_count\{[^}]*\} [1-9]/);
    });
  });

  describe('when the Health peer cannot be reached', () => {
    let gateway: RunningGateway;

    beforeAll(async () => {
      // Same network, but the profile points Health's users at a port where nothing listens.
      const profile = JSON.parse(readFileSync(net.paths.connectionProfile, 'utf8')) as {
        organisations: { mspId: string; peer: { endpoint: string } }[];
      };
      for (const org of profile.organisations) {
        if (org.mspId === 'HealthMSP') org.peer.endpoint = '127.0.0.1:1';
      }
      const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'profile-')), 'connection.json');
      writeFileSync(file, JSON.stringify(profile));
      gateway = await startGateway({ env: { CONNECTION_PROFILE: file } });
    });

    afterAll(async () => {
      await gateway.stop();
    });

    it('then /readyz is 503', async () => {
      expect((await fetch(`${gateway.baseUrl}/readyz`)).status).toBe(503);
    });

    it('then a Health write is 503 LEDGER_UNAVAILABLE and nothing is created', async () => {
      const officer = await ApiClient.login(gateway, 'health-officer');
      const id = uniqueId('unreachable');
      const res = await officer.post(
        '/api/v1/tenders',
        tenderBody(id, { submissionInSeconds: 3600, openingInSeconds: 7200 }),
      );
      expectRefusal(res, 503, 'LEDGER_UNAVAILABLE');
      // A draft is visible to its own agency only (issue 10 §19): Health itself must not find it.
      const health = sessionAs('health-officer');
      try {
        expect(await ledgerRefusal(health, 'tender:Get', id)).toMatch(/NOT_FOUND/);
      } finally {
        health.close();
      }
    });
  });
});
