/**
 * What the fault suites share (the short one in CI, the full one as its own command): the steady load
 * through a gateway started for the suite, the figures of each window, the checks every fault ends with
 * (clean failures, 504s resolved by their key, nothing committed lost), and the node operations by
 * recorded pid (kill, restart, readiness, catch-up).
 */
import { peer } from '@hyperledger/fabric-protos';

import { peerHeight } from '../../scripts/lib/channel';
import { peerNode, startPeer } from '../../scripts/lib/nodes';
import { isHealthy, operationsGet } from '../../scripts/lib/operations';
import { chainInfo } from '../../scripts/lib/snapshot';
import type { OrdererOrganisation, Organisation } from '../../scripts/lib/topology';
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

export const WINDOW_MS = Number(process.env.FAULTS_WINDOW_MS ?? 15_000);
/** The clients' own deadline: no request may hang past it. */
export const REQUEST_DEADLINE_MS = 70_000;
export const CATCH_UP_MS = 60_000;
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Logs a demo user in; a 503 (the ledger busy or a node still coming back) is tried again, as a client would. */
export async function login(gateway: RunningGateway, username: string): Promise<string> {
  const user = demoUser(username);
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${gateway.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mspId: user.mspId, username, password: user.password }),
    });
    const body = (await res.json()) as { token?: string };
    if (body.token) return body.token;
    if (res.status !== 503 || attempt === 5) throw new Error(`login of ${username} failed: ${res.status}`);
    await sleep(1_000);
  }
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

/** The recorded pid of a node of this network (never found by name). */
export function pidOf(name: string): number {
  const pid = net.procs.alivePid(name);
  if (pid === undefined) throw new Error(`${name} is not running`);
  return pid;
}

/** SIGKILL a node by its recorded pid. */
export function killByPid(name: string): void {
  process.kill(pidOf(name), 'SIGKILL');
}

/** Polls `check` until it holds; the time it took. */
export async function until(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 500,
): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check().catch(() => false)) return Date.now() - started;
    await sleep(intervalMs);
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

export async function ordererHeight(org: OrdererOrganisation): Promise<number> {
  const res = await operationsGet(net.paths, org, org.orderer.operationsPort, '/metrics');
  const match = new RegExp(`ledger_blockchain_height\\{channel="${net.topology.channel}"\\} (\\d+)`).exec(
    res.body,
  );
  return match ? Number(match[1]) : 0;
}

/** The same height and the same current block hash as a reference peer, at one moment. */
export async function level(org: Organisation, reference: Organisation): Promise<boolean> {
  const [a, b] = await Promise.all([
    chainInfo(net.topology, net.paths, peerNode(net.paths, org)),
    chainInfo(net.topology, net.paths, peerNode(net.paths, reference)),
  ]);
  return a.height === b.height && a.currentBlockHash === b.currentBlockHash;
}

/** A peer's height, or undefined while it does not answer. */
export function heightOf(org: Organisation): Promise<number | undefined> {
  return peerHeight(net.topology, net.paths, org);
}

export type Row = Figures & { goodputRatio: number; extra?: string };

/** The figures of every window of a suite, printed at its end for the README. */
export class FaultReport {
  readonly rows: Record<string, Row> = {};

  record(name: string, answers: Answer[], windowMs: number, baseline?: Figures, extra?: string): Figures {
    const f = figures(answers, windowMs);
    this.rows[name] = {
      ...f,
      goodputRatio: baseline ? f.goodputPerSecond / baseline.goodputPerSecond : 1,
      ...(extra ? { extra } : {}),
    };
    return f;
  }

  print(title: string): void {
    console.log(`${title}:\n${JSON.stringify(this.rows, null, 2)}`);
  }
}

export const isOk = (a: Answer): boolean => a.status >= 200 && a.status < 300;

/**
 * The answers that are neither a success nor a clean ledger answer: 503 (unavailable, busy) or 504
 * (timeout, with its txId), or whatever else `alsoClean` accepts for this fault.
 */
export function cleanFailures(answers: Answer[], alsoClean: (a: Answer) => boolean = () => false): Answer[] {
  return answers.filter(
    (a) =>
      !isOk(a) &&
      !((a.status === 503 && /^LEDGER_/.test(a.code ?? '')) || (a.status === 504 && a.txId !== undefined)) &&
      !alsoClean(a),
  );
}

/** Users whose requests go through an organisation's peer (its members; vendors through Suppliers). */
export function usersOf(org: Organisation): (a: Answer) => boolean {
  return (a) => demoUser(a.user).mspId === org.mspId;
}

const DAY = 86_400;

/**
 * The suite's fixture: a gateway of its own, one published tender, and the steady load on it (two
 * PublicWorks officer clients and one Health officer create tenders, three vendors bid), with the
 * baseline window measured after a warm-up.
 */
export class FaultRun {
  readonly report = new FaultReport();
  readonly readers: Session[] = [];
  readonly tenderId = uniqueId('faults');
  baseline!: Figures;
  #gateway?: RunningGateway;
  #load?: SteadyLoad;

  get gateway(): RunningGateway {
    if (!this.#gateway) throw new Error('the fault suite has not started');
    return this.#gateway;
  }

  get load(): SteadyLoad {
    if (!this.#load) throw new Error('the fault suite has not started');
    return this.#load;
  }

  async start(): Promise<void> {
    const gateway = await startGateway();
    this.#gateway = gateway;
    const [officer, health, acme, bolt, civic] = await Promise.all(
      ['pw-officer', 'health-officer', 'vendor-acme', 'vendor-bolt', 'vendor-civic'].map((u) =>
        login(gateway, u),
      ),
    );
    const window = { submissionInSeconds: 40 * DAY, openingInSeconds: 45 * DAY };
    expect(await post(gateway, officer!, '/api/v1/tenders', tenderBody(this.tenderId, window))).toBe(201);
    expect(await post(gateway, officer!, `/api/v1/tenders/${this.tenderId}/publish`)).toBe(200);
    const creates = (user: string, token: string, evaluators: string[]): LoadClient => ({
      user,
      token,
      request: () => ({
        path: '/api/v1/tenders',
        body: tenderBody(uniqueId('fl'), { ...window, evaluators }),
      }),
    });
    const bids = (user: string, token: string): LoadClient => ({
      user,
      token,
      request: (i) => ({
        path: `/api/v1/tenders/${this.tenderId}/bids`,
        body: bidBody(String(90_000_000 + i)),
      }),
    });
    this.#load = new SteadyLoad(
      gateway.baseUrl,
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
      this.readers.push(sessionAs(user));
    this.load.start();
    await sleep(5_000); // warm-up
    const from = Date.now();
    await sleep(WINDOW_MS);
    this.baseline = this.report.record('baseline', await this.load.between(from, Date.now()), WINDOW_MS);
  }

  async stop(title: string): Promise<void> {
    await this.#load?.stop();
    for (const r of this.readers) r.close();
    await this.#gateway?.stop();
    this.report.print(title);
  }

  /** Each 504 sent again with its Idempotency-Key resolves to its own txId, committed once. */
  async expectTimeoutsResolve(answers: Answer[]): Promise<void> {
    for (const timedOut of answers.filter((a) => a.status === 504)) {
      const token = await login(this.gateway, demoUser(timedOut.user).username);
      const retried = await this.load.send(timedOut.user, token, timedOut.key, timedOut.path, timedOut.body);
      expect(retried.status).toBe(201);
      expect(retried.txId).toBe(timedOut.txId);
    }
  }

  /**
   * Each 504 sent again with its Idempotency-Key resolves to exactly one outcome, and the ledger agrees:
   * committed (2xx with its own txId, VALID), or not (a clean refusal naming no other write, and its txId
   * not VALID on the ledger, e.g. an MVCC conflict once ordering resumed). The outcomes, counted.
   */
  async expectTimeoutsResolveOnce(answers: Answer[]): Promise<Record<string, number>> {
    const outcomes: Record<string, number> = {};
    for (const timedOut of answers.filter((a) => a.status === 504)) {
      const token = await login(this.gateway, demoUser(timedOut.user).username);
      const retried = await this.load.send(timedOut.user, token, timedOut.key, timedOut.path, timedOut.body);
      const label = `${retried.status}${retried.code ? ` ${retried.code}` : ''}`;
      outcomes[label] = (outcomes[label] ?? 0) + 1;
      const validation = await this.validationOf(timedOut.txId!);
      if (isOk(retried)) {
        expect(retried.txId).toBe(timedOut.txId);
        expect(validation).toBe(0);
      } else {
        expect(cleanFailures([retried], (a) => a.status === 409 || a.status === 502)).toEqual([]);
        expect(validation).not.toBe(0);
      }
    }
    return outcomes;
  }

  /** A transaction's validation code on the first reader's peer (0 is VALID), undefined if not on it. */
  async validationOf(txId: string): Promise<number | undefined> {
    const qscc = this.readers[0]!.network.getContract('qscc');
    try {
      const bytes = await qscc.evaluateTransaction('GetTransactionByID', net.topology.channel, txId);
      return peer.ProcessedTransaction.deserializeBinary(bytes).getValidationcode();
    } catch {
      return undefined;
    }
  }

  /** After the last fault: every 2xx txId of the whole run is VALID on every organisation's peer. */
  async expectNothingLost(): Promise<void> {
    await this.load.stop();
    const committed = this.load.answers.filter((a) => isOk(a) && a.txId);
    expect(committed.length).toBeGreaterThan(0);
    for (const reader of this.readers) {
      const qscc = reader.network.getContract('qscc');
      for (const a of committed) {
        const bytes = await qscc.evaluateTransaction('GetTransactionByID', net.topology.channel, a.txId!);
        expect(peer.ProcessedTransaction.deserializeBinary(bytes).getValidationcode()).toBe(0);
      }
    }
  }

  /**
   * One organisation's peer SIGKILLed for a window, then restarted: the answers of the window (awaited
   * to the end), when the restarted peer answered its health check, and how long after its restart it
   * was level (same height and block hash) with `reference`. Checks that every failure was clean, that
   * other users still committed, and that the peer's own users got their 503 within 2 s.
   */
  async killPeer(org: Organisation, reference: Organisation, name: string): Promise<PeerOutage> {
    const from = Date.now();
    killByPid(`peer.${org.name}`);
    await sleep(WINDOW_MS);
    const to = Date.now();
    startPeer(net.topology, net.paths, net.procs, org);
    const restartedAt = Date.now();
    await until(
      `peer.${org.name} answers`,
      () => isHealthy(net.paths, org, org.peer.operationsPort),
      30_000,
      100,
    );
    const readyAt = Date.now();
    await until(`peer.${org.name} is level`, () => level(org, reference), CATCH_UP_MS);
    const levelMs = Date.now() - restartedAt;
    const during = await this.load.between(from, to);
    const ownUsers = usersOf(org);
    const own = during.filter(ownUsers);
    const others = during.filter((a) => !ownUsers(a));
    const f = this.report.record(
      name,
      during,
      WINDOW_MS,
      this.baseline,
      `same height and block hash ${levelMs} ms after restart`,
    );
    this.report.record(`${name}: other users`, others, WINDOW_MS);
    expect(cleanFailures(during)).toEqual([]);
    // Writes of users whose own peer is up still commit: a majority can endorse.
    expect(others.filter((a) => a.status === 201).length).toBeGreaterThan(0);
    // Requests that need the dead peer fail fast.
    expect(own.filter((a) => a.status === 503).every((a) => a.ms <= 2_000)).toBe(true);
    expect(f.ok).toBeGreaterThan(0);
    return { during, own, others, restartedAt, readyAt, levelMs };
  }
}

export interface PeerOutage {
  during: Answer[];
  own: Answer[];
  others: Answer[];
  restartedAt: number;
  readyAt: number;
  levelMs: number;
}
