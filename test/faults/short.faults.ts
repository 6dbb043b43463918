/**
 * The fault suite's short version (`npm run test:faults`, its own network): under a steady, bounded load
 * through the gateway (two officers create tenders, three vendors bid), nodes are killed by their
 * recorded pid (SIGKILL) and restarted: the Raft leader orderer, one agency peer, then two of the three
 * orderers (quorum lost). Every answer is recorded. The checks: no committed write is lost (every 2xx
 * txId is VALID on every peer afterwards), every failure is a clean 503/504 (never a 500 or a hang past
 * the request deadline), restarted nodes catch up with the same blocks, and every 504's Idempotency-Key
 * resolves to exactly one outcome. The figures (success, goodput against the baseline) are printed for
 * the README.
 */
import { peer } from '@hyperledger/fabric-protos';

import { orderingLeader, peerHeight } from '../../scripts/lib/channel';
import { peerNode, startOrderer, startPeer } from '../../scripts/lib/nodes';
import { operationsGet } from '../../scripts/lib/operations';
import { chainInfo } from '../../scripts/lib/snapshot';
import {
  type OrdererOrganisation,
  type Organisation,
  ordererOrganisations,
} from '../../scripts/lib/topology';
import { type RunningGateway, startGateway } from '../support/gateway';
import { demoUser, net, sessionAs, type Session } from '../support/network';
import { bidBody, tenderBody, uniqueId } from '../support/procurement';
import {
  type Answer,
  type Figures,
  figures,
  type LoadClient,
  SteadyLoad,
} from '../../scripts/lib/steady-load';

const WINDOW_MS = Number(process.env.FAULTS_WINDOW_MS ?? 15_000);
const REQUEST_DEADLINE_MS = 70_000;
const CATCH_UP_MS = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

async function post(
  gateway: RunningGateway,
  token: string,
  path: string,
  body?: unknown,
): Promise<Answer['status']> {
  const res = await fetch(`${gateway.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body ?? {}),
  });
  return res.status;
}

/** SIGKILL a node by its recorded pid (never by name). */
function killByPid(name: string): void {
  const pid = net.procs.alivePid(name);
  if (pid === undefined) throw new Error(`${name} is not running`);
  process.kill(pid, 'SIGKILL');
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check().catch(() => false)) return Date.now() - started;
    await sleep(500);
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

async function ordererHeight(org: OrdererOrganisation): Promise<number> {
  const res = await operationsGet(net.paths, org, org.orderer.operationsPort, '/metrics');
  const match = new RegExp(`ledger_blockchain_height\\{channel="${net.topology.channel}"\\} (\\d+)`).exec(
    res.body,
  );
  return match ? Number(match[1]) : 0;
}

/** The same height and the same current block hash as a reference peer, at one moment. */
async function level(org: Organisation, reference: Organisation): Promise<boolean> {
  const [a, b] = await Promise.all([
    chainInfo(net.topology, net.paths, peerNode(net.paths, org)),
    chainInfo(net.topology, net.paths, peerNode(net.paths, reference)),
  ]);
  return a.height === b.height && a.currentBlockHash === b.currentBlockHash;
}

const report: Record<string, Figures & { goodputRatio: number; extra?: string }> = {};

function record(
  name: string,
  answers: Answer[],
  windowMs: number,
  baseline?: Figures,
  extra?: string,
): Figures {
  const f = figures(answers, windowMs);
  report[name] = {
    ...f,
    goodputRatio: baseline ? f.goodputPerSecond / baseline.goodputPerSecond : 1,
    ...(extra ? { extra } : {}),
  };
  return f;
}

/** Every failure is a clean ledger answer: 503 (unavailable, busy) or 504 (timeout, with its txId). */
function cleanFailures(answers: Answer[]): Answer[] {
  return answers.filter(
    (a) =>
      !(a.status >= 200 && a.status < 300) &&
      !((a.status === 503 && /^LEDGER_/.test(a.code ?? '')) || (a.status === 504 && a.txId !== undefined)),
  );
}

describe('faults under a steady load (short version)', () => {
  let gateway: RunningGateway | undefined;
  let load: SteadyLoad | undefined;
  const readers: Session[] = [];
  const organisations = net.topology.organisations;
  const agency = organisations.find((o) => o.mspId === 'HealthMSP');
  const tenderId = uniqueId('faults');
  let baseline: Figures;

  beforeAll(async () => {
    const started = await startGateway();
    gateway = started;
    const [officer, health, acme, bolt, civic] = await Promise.all(
      ['pw-officer', 'health-officer', 'vendor-acme', 'vendor-bolt', 'vendor-civic'].map((u) =>
        login(started, u),
      ),
    );
    const day = 86_400;
    expect(
      await post(
        started,
        officer!,
        '/api/v1/tenders',
        tenderBody(tenderId, { submissionInSeconds: 40 * day, openingInSeconds: 45 * day }),
      ),
    ).toBe(201);
    expect(await post(started, officer!, `/api/v1/tenders/${tenderId}/publish`)).toBe(200);
    const creates = (user: string, token: string, evaluators: string[]): LoadClient => ({
      user,
      token,
      request: () => {
        const id = uniqueId('fl');
        return {
          path: '/api/v1/tenders',
          body: tenderBody(id, { submissionInSeconds: 40 * day, openingInSeconds: 45 * day, evaluators }),
        };
      },
    });
    const bids = (user: string, token: string): LoadClient => ({
      user,
      token,
      request: (i) => ({ path: `/api/v1/tenders/${tenderId}/bids`, body: bidBody(String(90_000_000 + i)) }),
    });
    load = new SteadyLoad(
      started.baseUrl,
      [
        creates('pw-officer', officer!, ['pw-eval-1']),
        creates('pw-officer', officer!, ['pw-eval-2']),
        creates('health-officer', health!, ['health-eval-1']),
        bids('vendor-acme', acme!),
        bids('vendor-bolt', bolt!),
        bids('vendor-civic', civic!),
      ],
      { deadlineMs: REQUEST_DEADLINE_MS, pauseMs: 100 },
    );
    for (const user of ['pw-officer', 'health-officer', 'auditor', 'vendor-acme'])
      readers.push(sessionAs(user));
    load.start();
    await sleep(5_000); // warm-up
    const from = Date.now();
    await sleep(WINDOW_MS);
    baseline = record('baseline', await load.between(from, Date.now()), WINDOW_MS);
  });

  afterAll(async () => {
    await load?.stop();
    for (const r of readers) r.close();
    await gateway?.stop();
    console.log(`fault suite figures:\n${JSON.stringify(report, null, 2)}`);
  });

  it('Raft leader orderer killed: every answer is clean, and the restarted orderer catches up within 60 s', async () => {
    const leader = await orderingLeader(net.topology, net.paths);
    expect(leader).toBeDefined();
    const from = Date.now();
    killByPid(`orderer.${leader!.name}`);
    await sleep(WINDOW_MS);
    const to = Date.now();
    startOrderer(net.topology, net.paths, net.procs, leader!);
    const reference = organisations[0]!;
    const caughtUpMs = await until(
      'the restarted orderer catches up',
      async () =>
        (await ordererHeight(leader!)) >=
        ((await peerHeight(net.topology, net.paths, reference)) ?? Infinity),
      CATCH_UP_MS,
    );
    const during = await load!.between(from, to);
    const f = record(
      'raft leader killed',
      during,
      WINDOW_MS,
      baseline,
      `orderer caught up in ${caughtUpMs} ms`,
    );
    expect(cleanFailures(during)).toEqual([]);
    expect(f.ok).toBeGreaterThan(0);
  });

  it('an agency peer killed: writes still commit through the others; its own users get a fast 503; it comes back level', async () => {
    const name = `peer.${agency!.name}`;
    const from = Date.now();
    killByPid(name);
    await sleep(WINDOW_MS);
    const to = Date.now();
    startPeer(net.topology, net.paths, net.procs, agency!);
    const levelMs = await until(
      'the restarted peer is level',
      () => level(agency!, organisations[0]!),
      CATCH_UP_MS,
    );
    const during = await load!.between(from, to);
    const viaDeadPeer = during.filter((a) => a.user === 'health-officer');
    const others = during.filter((a) => a.user !== 'health-officer');
    const f = record(
      'agency peer killed',
      during,
      WINDOW_MS,
      baseline,
      `same height and block hash ${levelMs} ms after restart`,
    );
    record('agency peer killed: other users', others, WINDOW_MS);
    expect(cleanFailures(during)).toEqual([]);
    // Writes of users whose own peer is up still commit: a majority can endorse.
    expect(others.filter((a) => a.status === 201).length).toBeGreaterThan(0);
    // Requests that need the dead peer fail fast.
    const failedFast = viaDeadPeer.filter((a) => a.status === 503);
    expect(failedFast.every((a) => a.ms <= 2_000)).toBe(true);
    expect(f.ok).toBeGreaterThan(0);
  });

  it('quorum lost (2 of 3 orderers killed): clean 503/504 only, and after restore every 504 resolves to one outcome', async () => {
    const leader = await orderingLeader(net.topology, net.paths);
    const orderers = ordererOrganisations(net.topology);
    const victims = [
      leader ?? orderers[0]!,
      ...orderers.filter((o) => o.name !== (leader ?? orderers[0]!).name),
    ].slice(0, 2);
    const from = Date.now();
    for (const o of victims) killByPid(`orderer.${o.name}`);
    await sleep(WINDOW_MS);
    const to = Date.now();
    for (const o of victims) startOrderer(net.topology, net.paths, net.procs, o);
    await until(
      'a Raft leader again',
      async () => (await orderingLeader(net.topology, net.paths)) !== undefined,
      CATCH_UP_MS,
    );
    // Requests in flight when the orderers went are awaited to their answer.
    const during = await load!.between(from, to);
    record('quorum lost', during, to - from, baseline);
    expect(cleanFailures(during)).toEqual([]);
    for (const timedOut of during.filter((a) => a.status === 504)) {
      const user = demoUser(timedOut.user);
      const token = await login(gateway!, user.username);
      const retried = await load!.send(timedOut.user, token, timedOut.key, timedOut.path, timedOut.body);
      expect(retried.status).toBe(201);
      expect(retried.txId).toBe(timedOut.txId);
    }
  });

  it('nothing committed is lost: every 2xx txId is VALID on every peer', async () => {
    await load!.stop();
    const committed = load!.answers.filter((a) => a.status >= 200 && a.status < 300 && a.txId);
    expect(committed.length).toBeGreaterThan(0);
    for (const reader of readers) {
      const qscc = reader.network.getContract('qscc');
      for (const a of committed) {
        const bytes = await qscc.evaluateTransaction('GetTransactionByID', net.topology.channel, a.txId!);
        expect(peer.ProcessedTransaction.deserializeBinary(bytes).getValidationcode()).toBe(0);
      }
    }
  });
});
