/**
 * A steady, bounded load through the gateway's HTTP API, for the fault suite and the soak: a fixed set of
 * clients, each sending one request at a time (officers create tenders, vendors bid, readers read), each
 * write with its own Idempotency-Key, with a deadline per request. Optionally paced: a client waits for
 * its turn (`pace`) before each request, so the load runs at a set rate rather than as fast as it can.
 * Every answer is recorded with its time, so a caller can cut the record into windows (baseline, during
 * a fault, after it).
 */
export interface LoadRequest {
  path: string;
  /** A POST body; GET when `method` says so (no body, no Idempotency-Key). */
  body?: unknown;
  method?: 'GET' | 'POST';
}

export interface LoadClient {
  /** Who sends (a demo user name), for the report and for per-peer checks. */
  user: string;
  token: string;
  /** What kind of request it sends (for per-kind figures), e.g. `bid`. */
  kind?: string;
  /** The i-th request of this client. */
  request: (i: number) => LoadRequest;
}

export interface Answer {
  user: string;
  kind?: string;
  method?: 'GET';
  key: string;
  path: string;
  body: unknown;
  startedAt: number;
  ms: number;
  status: number;
  code?: string;
  /** The error's message, for a failure (so a report says why). */
  message?: string;
  txId?: string;
}

export interface Figures {
  answers: number;
  ok: number;
  successRate: number;
  goodputPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  byAnswer: Record<string, number>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What an answer says: its status, and for a failure its code and message; its txId when it has one. */
type Outcome = Pick<Answer, 'status' | 'code' | 'message' | 'txId'>;

async function outcomeOf(res: Response): Promise<Outcome> {
  const answer = (await res.json().catch(() => ({}))) as {
    txId?: string;
    error?: { code?: string; message?: string; details?: { txId?: string } };
  };
  const txId = answer.txId ?? answer.error?.details?.txId;
  return {
    status: res.status,
    ...(answer.error?.code === undefined ? {} : { code: answer.error.code }),
    ...(answer.error?.message === undefined ? {} : { message: answer.error.message }),
    ...(txId === undefined ? {} : { txId }),
  };
}

export class SteadyLoad {
  readonly answers: Answer[] = [];
  readonly #baseUrl: string;
  readonly #clients: LoadClient[];
  readonly #deadlineMs: number;
  readonly #pauseMs: number;
  readonly #pace: ((client: LoadClient) => Promise<void>) | undefined;
  #running = false;
  #loops: Promise<void>[] = [];
  /** Requests not answered yet, with their start time. */
  readonly #pending = new Map<Promise<Answer>, number>();

  constructor(
    baseUrl: string,
    clients: LoadClient[],
    options: {
      deadlineMs: number;
      pauseMs: number;
      /** Resolves when `client` may send its next request (e.g. a per-kind rate). */
      pace?: (client: LoadClient) => Promise<void>;
    },
  ) {
    this.#baseUrl = baseUrl;
    this.#clients = clients;
    this.#deadlineMs = options.deadlineMs;
    this.#pauseMs = options.pauseMs;
    this.#pace = options.pace;
  }

  start(): void {
    this.#running = true;
    this.#loops = this.#clients.map((client, n) => this.#loop(client, n));
  }

  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#loops);
  }

  /** Send one keyed request (also used to retry a recorded one with its key). */
  async send(user: string, token: string, key: string, path: string, body: unknown): Promise<Answer> {
    return this.#send({ user, token }, key, { path, body });
  }

  async #send(
    client: Pick<LoadClient, 'user' | 'token' | 'kind'>,
    key: string,
    req: LoadRequest,
  ): Promise<Answer> {
    const { user, kind } = client;
    const { path, body } = req;
    const get = req.method === 'GET';
    const startedAt = Date.now();
    let outcome: Outcome;
    try {
      const res = await fetch(`${this.#baseUrl}${path}`, {
        ...requestInit(client.token, key, req),
        signal: AbortSignal.timeout(this.#deadlineMs),
      });
      outcome = await outcomeOf(res);
    } catch (error) {
      outcome = { status: 0, code: `client: ${(error as Error).name}` };
    }
    const { status, code, message, txId } = outcome;
    return {
      user,
      ...(kind === undefined ? {} : { kind }),
      ...(get ? { method: 'GET' as const } : {}),
      key,
      path,
      body,
      startedAt,
      ms: Date.now() - startedAt,
      status,
      ...(code === undefined ? {} : { code }),
      ...(message === undefined ? {} : { message }),
      ...(txId === undefined ? {} : { txId }),
    };
  }

  /** False once `stop` was called (a paced client may wake up after that). */
  isRunning(): boolean {
    return this.#running;
  }

  /** The answers to requests started in [from, to), once every one of them has been answered. */
  async between(from: number, to: number): Promise<Answer[]> {
    const started = [...this.#pending.entries()].filter(([, at]) => at < to).map(([p]) => p);
    await Promise.all(started);
    return this.answers.filter((a) => a.startedAt >= from && a.startedAt < to);
  }

  async #loop(client: LoadClient, n: number): Promise<void> {
    for (let i = 0; this.#running; i++) {
      if (this.#pace) await this.#pace(client);
      if (!this.isRunning()) break;
      // Unique per client and request: two clients of one user must never share a key.
      const key = `${client.user}-${n}-${Date.now().toString(36)}-${i}`;
      const sent = this.#send(client, key, client.request(i));
      this.#pending.set(sent, Date.now());
      const answer = await sent;
      this.answers.push(answer);
      this.#pending.delete(sent);
      await sleep(this.#pauseMs);
    }
  }
}

/** A GET with the bearer token, or a keyed JSON POST. */
function requestInit(token: string, key: string, req: LoadRequest): RequestInit {
  const authorization = `Bearer ${token}`;
  if (req.method === 'GET') return { method: 'GET', headers: { authorization } };
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization, 'idempotency-key': key },
    body: JSON.stringify(req.body),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Success rate, goodput (2xx per second of the window), latency and the answers by status and code. */
export function figures(answers: Answer[], windowMs: number): Figures {
  const ok = answers.filter((a) => a.status >= 200 && a.status < 300);
  const byAnswer: Record<string, number> = {};
  for (const a of answers) {
    const label = `${a.status}${a.code ? ` ${a.code}` : ''}`;
    byAnswer[label] = (byAnswer[label] ?? 0) + 1;
  }
  const sorted = answers.map((a) => a.ms).sort((x, y) => x - y);
  return {
    answers: answers.length,
    ok: ok.length,
    successRate: answers.length === 0 ? 0 : ok.length / answers.length,
    goodputPerSecond: ok.length / (windowMs / 1000),
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    maxMs: sorted.at(-1) ?? 0,
    byAnswer,
  };
}
