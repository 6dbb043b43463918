/**
 * Admission control and idempotent writes on the real network: a gateway allowed 2 requests in flight to
 * each peer and 3 waiting answers a burst with 201s and clean 503 LEDGER_BUSY (Retry-After, nothing
 * submitted), which the same Idempotency-Key then completes; and a gateway killed (SIGKILL) between
 * endorsement and commit answers the retry, after a restart, with the first outcome, not a second write.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { type RunningGateway, startGateway } from './support/gateway';
import { demoUser, sessionAs, utf8 } from './support/network';
import { tenderBody, uniqueId } from './support/procurement';

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

async function login(gateway: RunningGateway, username: string): Promise<string> {
  const user = demoUser(username);
  const res = await fetch(`${gateway.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mspId: user.mspId, username, password: user.password }),
  });
  const body = (await res.json()) as { token?: string };
  if (!body.token) throw new Error(`login of ${username} failed: ${res.status}`);
  return body.token;
}

async function createTender(
  gateway: RunningGateway,
  token: string,
  body: Record<string, unknown>,
  key: string,
): Promise<Answer> {
  const res = await fetch(`${gateway.baseUrl}/api/v1/tenders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The first idempotency record in `dir` that holds an endorsed transaction, if any yet. */
function endorsedRecord(dir: string): { transactions: { txId: string }[] } | undefined {
  if (!existsSync(dir)) return undefined;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const record = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as {
      transactions: { txId: string }[];
    };
    if (record.transactions.length > 0) return record;
  }
  return undefined;
}

describe('admission control and idempotent writes', () => {
  const officer = sessionAs('pw-officer');

  afterAll(() => {
    officer.close();
  });

  /** How many versions of the tender the ledger holds (0: none). */
  async function versionsOf(id: string): Promise<number> {
    try {
      const history = JSON.parse(utf8(await officer.contract.evaluateTransaction('tender:History', id))) as {
        items: unknown[];
      };
      return history.items.length;
    } catch {
      return 0;
    }
  }

  describe('a burst beyond the queue', () => {
    let gateway: RunningGateway;

    beforeAll(async () => {
      gateway = await startGateway({
        env: {
          // Room for two writes at a time (one in flight, one waiting): 12 at once overflow it even when
          // a loaded machine spreads their arrival.
          FABRIC_MAX_IN_FLIGHT_PER_PEER: '1',
          FABRIC_QUEUE_MAX: '1',
          FABRIC_QUEUE_MAX_WAIT_MS: '30000',
        },
      });
    });

    afterAll(async () => {
      await gateway.stop();
    });

    it('when 12 writes arrive at once, then each is committed or refused with LEDGER_BUSY before submit, and the retry with its key completes it', async () => {
      const token = await login(gateway, 'pw-officer');
      const bursts = Array.from({ length: 12 }, (_, i) => {
        const id = uniqueId(`adm${i}`);
        return {
          id,
          key: `key-${id}`,
          body: tenderBody(id, { submissionInSeconds: 86_400, openingInSeconds: 90_000 }),
        };
      });
      const first = await Promise.all(bursts.map((b) => createTender(gateway, token, b.body, b.key)));
      expect(first.every((a) => a.status === 201 || a.status === 503)).toBe(true);
      const busy = first.flatMap((a, i) => (a.status === 503 ? [i] : []));
      expect(busy.length).toBeGreaterThanOrEqual(1);
      for (const i of busy) {
        expect(first[i]!.body.error).toMatchObject({ code: 'LEDGER_BUSY' });
        expect(Number(first[i]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        // Refused before anything was submitted.
        expect(await versionsOf(bursts[i]!.id)).toBe(0);
      }
      const metrics = await (await fetch(`${gateway.baseUrl}/metrics`)).text();
      expect(metrics).toMatch(
        /gateway_fabric_refusals_total\{peer="PublicWorksMSP",reason="queue_full"\} [1-9]/,
      );
      expect(metrics).toMatch(/gateway_fabric_queue_wait_seconds_count\{peer="PublicWorksMSP"\} [1-9]/);

      // The client retries the refused ones, same key, after Retry-After; each completes once.
      for (const i of busy) {
        await sleep(Number(first[i]!.headers.get('retry-after')) * 1000);
        const retried = await createTender(gateway, token, bursts[i]!.body, bursts[i]!.key);
        expect(retried.status).toBe(201);
      }
      // A repeat of a committed one replays its answer.
      const done = first.findIndex((a) => a.status === 201);
      const replay = await createTender(gateway, token, bursts[done]!.body, bursts[done]!.key);
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body.txId).toBe(first[done]!.body.txId);
      for (const b of bursts) expect(await versionsOf(b.id)).toBe(1);
    });
  });

  describe('a gateway killed mid-request', () => {
    it('when the retry with the same key reaches a restarted gateway, then it gets the first outcome and the tender is written once', async () => {
      let gateway = await startGateway();
      const stateDir = gateway.stateDir;
      const token = await login(gateway, 'pw-officer');
      const id = uniqueId('killed');
      const key = `key-${id}`;
      const body = tenderBody(id, { submissionInSeconds: 86_400, openingInSeconds: 90_000 });
      const records = path.join(stateDir, 'idempotency');
      const request = { answered: false };
      const inFlight = createTender(gateway, token, body, key).then(
        (answer) => {
          request.answered = true;
          return answer;
        },
        (error: unknown) => error,
      );
      // Kill it as soon as the endorsed transaction is recorded, before its commit is known. The wait is
      // bounded by time, not by a count of short sleeps (which a loaded machine stretches unevenly).
      let recorded: { transactions: { txId: string }[] } | undefined;
      const giveUpAt = Date.now() + 30_000;
      while (!recorded && !request.answered && Date.now() < giveUpAt) {
        await sleep(5);
        recorded = endorsedRecord(records);
      }
      gateway.child.kill('SIGKILL');
      const lost = await inFlight;
      expect({ answeredBeforeTheKill: request.answered }).toEqual({ answeredBeforeTheKill: false });
      expect(recorded?.transactions).toHaveLength(1);
      // The connection died with the gateway: no answer.
      expect(lost).toHaveProperty('message');
      const txId = recorded!.transactions[0]!.txId;

      gateway = await startGateway({ stateDir });
      try {
        const retried = await createTender(gateway, await login(gateway, 'pw-officer'), body, key);
        expect(retried.status).toBe(201);
        expect(retried.body).toMatchObject({ id, txId });
        expect(retried.headers.get('idempotent-replayed')).toBe('true');
        expect(await versionsOf(id)).toBe(1);
      } finally {
        await gateway.stop();
      }
    });
  });
});
