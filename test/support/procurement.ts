/**
 * Shared vocabulary of the procurement stories: the short test policy, tender bodies, error and ledger
 * assertions, a server-sent-events reader and the bestPriceQuality formula of API.md, computed here
 * independently of the chaincode.
 */
import { createHash } from 'node:crypto';
import {
  type AwardCriteria,
  type BidContent,
  type Money,
  type OpeningKeys,
  type OpeningStatus,
  type Policy,
  type PolicyProposal,
  type SealedBidEnvelope,
  sealBidContent,
} from '@procurement/contract';
import { createTenderBody } from '@procurement/contract/testing';
import { ApiClient, type ApiResponse, type RunningGateway } from './gateway';
import { type Session, utf8 } from './network';

/** Fields every write adds to the resource it answers with. */
export interface Written {
  txId: string;
  blockNumber: number | string;
}

/** Short periods so a whole tender runs in about a minute (each write takes about a second). */
export const SHORT_POLICY: Omit<Policy, 'updatedAt' | 'updatedBy'> = {
  minSubmissionSeconds: { open: 4, restricted: 4 },
  minRevealSeconds: 4,
  // Wide enough for the suites' distant tenders (opening five days after submission).
  maxRevealSeconds: 30 * 86400,
  standstillSeconds: 10,
  amendmentExtensionSeconds: 8,
  minPriceWeight: 20,
  scoringSeconds: 3600,
  clockToleranceSeconds: 30,
};

/**
 * Puts the short policy in force the only way there is (issue 10 §13): `auditor` proposes it and
 * `auditor-2` approves it. Idempotent: nothing is proposed when it is already in force.
 */
export async function useShortPolicy(
  gateway: RunningGateway,
  auditor: ApiClient,
  extra: Partial<Omit<Policy, 'updatedAt' | 'updatedBy'>> = {},
): Promise<Policy> {
  const wanted = { ...SHORT_POLICY, ...extra };
  const current = await auditor.get<Policy>('/api/v1/policy');
  const rules = Object.entries(wanted) as [keyof typeof wanted, unknown][];
  if (rules.every(([k, v]) => JSON.stringify(current.body[k]) === JSON.stringify(v))) return current.body;
  const proposed = await auditor.post<PolicyProposal>('/api/v1/policy/proposals', {
    ...wanted,
    reason: 'short periods for the end-to-end tests',
  });
  if (proposed.status !== 201)
    throw new Error(`POST /api/v1/policy/proposals: ${proposed.status} ${JSON.stringify(proposed.body)}`);
  const second = await ApiClient.login(gateway, 'auditor-2');
  const approved = await second.post<Policy>(
    `/api/v1/policy/proposals/${proposed.body.proposalId}/approval`,
    { reason: 'agreed for the tests' },
  );
  if (approved.status !== 200)
    throw new Error(`policy approval: ${approved.status} ${JSON.stringify(approved.body)}`);
  return approved.body;
}

export function inSeconds(seconds: number, from = Date.now()): string {
  return new Date(from + seconds * 1000).toISOString();
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function eur(amount: string): Money {
  return { amount, currency: 'EUR' };
}

/** A unique id for this run (ids match ^[A-Za-z0-9._-]{1,64}$). */
export function uniqueId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
}

export interface TenderOptions {
  submissionInSeconds: number;
  openingInSeconds: number;
  awardCriteria?: AwardCriteria;
  budgetCeiling?: Money;
  evaluators?: string[];
  title?: string;
}

/**
 * A valid POST /api/v1/tenders body (the contract's create-tender builder, with the network's users and
 * deadlines from now); tests spoil single fields of it for the validation refusals.
 */
export function tenderBody(id: string, options: TenderOptions): Record<string, unknown> {
  const now = Date.now();
  return createTenderBody({
    id,
    title: options.title ?? 'Resurfacing of the northern ring road',
    description: 'Milling and resurfacing of 12 km of carriageway, with road markings.',
    cpv: '45233140-2',
    estimatedValue: eur('100000000'),
    ...(options.budgetCeiling ? { budgetCeiling: options.budgetCeiling } : {}),
    procedure: 'open',
    submissionDeadline: inSeconds(options.submissionInSeconds, now),
    openingDeadline: inSeconds(options.openingInSeconds, now),
    awardCriteria: options.awardCriteria ?? { method: 'lowestPrice' },
    evaluators: options.evaluators ?? ['pw-eval-1', 'pw-eval-2', 'pw-eval-3'],
    documents: [{ name: 'specification.pdf', sha256: sha256(`specification of ${id}`) }],
  });
}

/** A `tender:Create` argument for direct ledger writes: deadlines weeks away, nothing waits on them. */
export function distantTenderJson(
  id: string,
  options: Pick<TenderOptions, 'title' | 'evaluators'> = {},
): string {
  const day = 86_400;
  return JSON.stringify(
    tenderBody(id, { submissionInSeconds: 40 * day, openingInSeconds: 45 * day, ...options }),
  );
}

/** A POST /api/v1/tenders/{id}/bids body. */
export function bidBody(amount: string, proposal: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    price: eur(amount),
    technicalProposal: { method: 'standard', crew: 12, weeks: 10, ...proposal },
    documents: [{ name: 'offer.pdf', sha256: sha256(`offer ${amount}`) }],
  };
}

/** The `{ error: { code, message } }` of a refusal, or undefined. */
export function errorOf(res: ApiResponse<unknown>): { code?: string; message?: string } | undefined {
  const body = res.body as { error?: { code?: string; message?: string } } | undefined;
  return body?.error;
}

/** Asserts status and stable code together, so a failure shows both plus the message. */
export function expectRefusal(res: ApiResponse<unknown>, status: number, code: string): void {
  const error = errorOf(res);
  expect({ status: res.status, code: error?.code }).toEqual({ status, code });
  expect(typeof error?.message).toBe('string');
}

/** Asserts a success status, showing the body when it is not. */
export function expectStatus(res: ApiResponse<unknown>, status: number): void {
  expect({ status: res.status, body: res.status === status ? 'ok' : res.body }).toEqual({
    status,
    body: 'ok',
  });
}

/**
 * Logs in with explicit credentials (for users that are not demo users, e.g. a newly onboarded vendor);
 * `newPassword` for the first login after onboarding.
 */
export async function loginWith(
  gateway: RunningGateway,
  credentials: { mspId: string; username: string; password: string; newPassword?: string },
): Promise<{ res: ApiResponse; client?: ApiClient }> {
  const res = await new ApiClient(gateway.baseUrl).post('/api/v1/auth/login', credentials);
  const token = res.body.token;
  return {
    res,
    ...(res.status === 200 && typeof token === 'string'
      ? { client: new ApiClient(gateway.baseUrl, token) }
      : {}),
  };
}

/** The password an onboarded test user chooses for itself (the contract's rule holds: long, varied, no username). */
export function ownPassword(username: string): string {
  return `own-${createHash('sha256').update(username).digest('hex').slice(0, 20)}`;
}

/**
 * The first login of a user the registrar onboarded with `secret`: with the secret and the user's own
 * password (`ownPassword`), which it logs in with from then on. Fails unless the gateway answers 200.
 */
export async function firstLogin(
  gateway: RunningGateway,
  user: { mspId: string; username: string; password: string },
): Promise<{ client: ApiClient; res: ApiResponse; password: string }> {
  const password = ownPassword(user.username);
  const { res, client } = await loginWith(gateway, { ...user, newPassword: password });
  if (!client) throw new Error(`first login of ${user.username}: ${res.status} ${JSON.stringify(res.body)}`);
  return { client, res, password };
}

/** Reads a record straight from the ledger (not through the gateway). */
export async function ledgerRead<T = Record<string, unknown>>(
  session: Session,
  fn: string,
  ...args: string[]
): Promise<T> {
  return JSON.parse(utf8(await session.contract.evaluateTransaction(fn, ...args))) as T;
}

/** The text (message plus endorsement details) of a ledger read that fails; throws if it succeeds. */
export async function ledgerRefusal(session: Session, fn: string, ...args: string[]): Promise<string> {
  try {
    await session.contract.evaluateTransaction(fn, ...args);
  } catch (err) {
    const e = err as { message?: string; details?: { message?: string }[] };
    return [e.message ?? '', ...(e.details ?? []).map((d) => d.message ?? '')].join(' | ');
  }
  throw new Error(`${fn}(${args.join(', ')}) succeeded, but a refusal was expected`);
}

/** Every path in a JSON value at which one of the given keys occurs. */
export function keysFound(value: unknown, keys: readonly string[], at = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keysFound(v, keys, `${at}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [
      ...(keys.includes(k) ? [`${at}.${k}`] : []),
      ...keysFound(v, keys, `${at}.${k}`),
    ]);
  }
  return [];
}

export interface ServerSentEvent {
  id?: string;
  event?: string;
  data: string;
}

/**
 * Reads GET {path} as server-sent events until `enough(events)` holds or `timeoutMs` passes, then
 * closes the stream. Returns what was read and the response status and content type.
 */
export async function readEvents(
  baseUrl: string,
  token: string,
  pathWithQuery: string,
  enough: (events: ServerSentEvent[]) => boolean,
  timeoutMs: number,
  headers: Record<string, string> = {},
): Promise<{ status: number; contentType: string | null; events: ServerSentEvent[] }> {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort();
  }, timeoutMs);
  const events: ServerSentEvent[] = [];
  try {
    const res = await fetch(`${baseUrl}${pathWithQuery}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...headers },
      signal: controller.signal,
    });
    const contentType = res.headers.get('content-type');
    if (!res.ok || !res.body) return { status: res.status, contentType, events };
    try {
      await readFrames(res.body.getReader(), events, enough);
    } catch (err) {
      if (!controller.signal.aborted) throw err;
    } finally {
      controller.abort();
    }
    return { status: res.status, contentType, events };
  } finally {
    clearTimeout(timer);
  }
}

/** Appends every complete frame the stream delivers until `enough(events)` holds or it ends. */
async function readFrames(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  events: ServerSentEvent[],
  enough: (events: ServerSentEvent[]) => boolean,
): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  while (!enough(events)) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    const frames = buffer.split(/\r?\n\r?\n/);
    buffer = frames.pop() ?? '';
    for (const frame of frames) {
      const event = parseFrame(frame);
      if (event) events.push(event);
    }
  }
}

/** One `field: value` line of a frame (a line without a colon is a field with an empty value). */
function parseLine(line: string): { field: string; value: string } {
  const colon = line.indexOf(':');
  if (colon < 0) return { field: line, value: '' };
  return { field: line.slice(0, colon), value: line.slice(colon + 1).replace(/^ /, '') };
}

function parseFrame(frame: string): ServerSentEvent | undefined {
  const event: ServerSentEvent = { data: '' };
  const data: string[] = [];
  for (const line of frame.split(/\r?\n/)) {
    if (line === '' || line.startsWith(':')) continue;
    const { field, value } = parseLine(line);
    if (field === 'id') event.id = value;
    else if (field === 'event') event.event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0 && event.event === undefined) return undefined;
  event.data = data.join('\n');
  return event;
}

/**
 * API.md's bestPriceQuality score in basis points, each component floored:
 * floor(priceWeight·100 · lowest / price) + Σ floor(weight·100 · Σscores / (members · maxScore)).
 */
export function expectedScore(
  criteria: { priceWeight: number; criteria: { id: string; weight: number; maxScore: number }[] },
  lowest: bigint,
  price: bigint,
  scoresByMember: Record<string, number>[],
): number {
  let score = (BigInt(criteria.priceWeight) * 100n * lowest) / price;
  for (const c of criteria.criteria) {
    const sum = scoresByMember.reduce((s, m) => s + BigInt(m[c.id] ?? 0), 0n);
    score += (BigInt(c.weight) * 100n * sum) / (BigInt(scoresByMember.length) * BigInt(c.maxScore));
  }
  return Number(score);
}

/** Logs in every named demo user at once, in order. */
export async function loginAll<const N extends readonly string[]>(
  gateway: RunningGateway,
  usernames: N,
): Promise<{ [K in keyof N]: ApiClient }> {
  return (await Promise.all(usernames.map((u) => ApiClient.login(gateway, u)))) as {
    [K in keyof N]: ApiClient;
  };
}

/**
 * A bid sealed by the client itself, as the portal and API clients do: the registered keys and t from
 * `GET /api/v1/opening-keys`, sealed with the contract package; `corrupt` swaps in the ciphertext of
 * another envelope (a client bug: the shares open, the bid never decrypts).
 */
export async function clientSealedBid(
  client: ApiClient,
  tenderId: string,
  vendorId: string,
  body: Record<string, unknown>,
  options: { corrupt?: boolean } = {},
): Promise<{ bidId: string; nonce: string; envelope: SealedBidEnvelope }> {
  const keys = await client.get<OpeningKeys>('/api/v1/opening-keys');
  expectStatus(keys, 200);
  const seal = (content: BidContent) =>
    sealBidContent({
      tenderId,
      vendorId,
      content,
      openingKeys: keys.body.keys,
      threshold: keys.body.threshold,
    });
  const content = { documents: [], ...body } as unknown as BidContent;
  const sealed = await seal(content);
  if (!options.corrupt) return sealed;
  const donor = await seal({ ...content, price: { ...content.price, amount: '1' } });
  return {
    ...sealed,
    envelope: { ...sealed.envelope, iv: donor.envelope.iv, ciphertext: donor.envelope.ciphertext },
  };
}

/** Polls a tender's opening status until `done` holds (the openers release shortly after the deadline). */
export async function waitForOpening(
  client: ApiClient,
  tenderId: string,
  done: (status: OpeningStatus) => boolean = (s) => s.complete && s.bids.sealed === 0,
  timeoutMs = 60_000,
): Promise<OpeningStatus> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await client.get<OpeningStatus>(`/api/v1/tenders/${tenderId}/opening`);
    expectStatus(res, 200);
    if (done(res.body)) return res.body;
    if (Date.now() > until) throw new Error(`opening of ${tenderId} not done: ${JSON.stringify(res.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
