/**
 * One table of boundary inputs, judged three times: by the gateway's request validation (over HTTP), by
 * the chaincode's argument validation (the real contract on an in-memory stub) and by the generated
 * OpenAPI document (ajv). All three must accept and refuse the same inputs.
 */
import { canonicalJson, type ComponentName, LIMITS, type TransactionName } from '@procurement/contract';
import request from 'supertest';

import { Ledger as ChaincodeLedger } from '../../../chaincode/src/testing/harness';
import { WHO, prepareIdentities } from '../../../chaincode/src/testing/fixtures';
import { DomainError } from '../domain/errors';
import { createTenderBody } from '../testing/fixtures';
import { schemaValidator } from '../testing/openapi';
import { World, type UserKey } from '../testing/world';

type Verdict = 'accept' | 'refuse';

interface Operation {
  method: 'post' | 'put';
  path: string;
  user: UserKey;
  component: ComponentName;
  transaction: TransactionName;
  chaincodeUser: (typeof WHO)[keyof typeof WHO];
  valid: Record<string, unknown>;
  /** The chaincode's JSON argument for an HTTP body (the gateway's own fields left out). */
  argument: (body: Record<string, unknown>) => Record<string, unknown>;
}

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const LATER = '2030-01-10T00:00:00Z';
const SHA = 'a'.repeat(64);
const x = (n: number, c = 'x'): string => c.repeat(n);
const emoji = (n: number): string => '😀'.repeat(n);
const list = <T>(n: number, item: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => item(i));

const tender = {
  method: 'post',
  path: '/api/v1/tenders',
  user: 'officer',
  component: 'CreateTender',
  transaction: 'tender:Create',
  chaincodeUser: WHO.officer,
  valid: createTenderBody({
    submissionDeadline: '2030-01-01T00:00:00Z',
    openingDeadline: LATER,
    evaluators: ['eva1'],
    documents: [{ name: 'spec.pdf', sha256: SHA }],
  }),
  argument: (body) => body,
} satisfies Operation;

const policy = {
  method: 'post',
  path: '/api/v1/policy/proposals',
  user: 'auditor',
  component: 'PolicyProposalInput',
  transaction: 'policy:Propose',
  chaincodeUser: WHO.auditor,
  valid: {
    minSubmissionSeconds: { open: 600, restricted: 600 },
    minRevealSeconds: 60,
    maxRevealSeconds: 600,
    standstillSeconds: 60,
    amendmentExtensionSeconds: 60,
    minPriceWeight: 20,
    scoringSeconds: 600,
    clockToleranceSeconds: 30,
    reason: 'shorter periods for the pilot',
  },
  argument: (body) => body,
} satisfies Operation;

const vendor = {
  method: 'post',
  path: '/api/v1/vendors',
  user: 'registrar',
  component: 'RegisterVendor',
  transaction: 'vendor:Register',
  chaincodeUser: WHO.registrar,
  valid: { vendorId: 'V-1', legalName: 'Acme Roads Ltd', username: 'acme-owner', password: 'secret-pw' },
  argument: (body) => ({ vendorId: body.vendorId, legalName: body.legalName, username: body.username }),
} satisfies Operation;

const criteria = (n: number, maxScore = 10) => ({
  method: 'bestPriceQuality',
  priceWeight: 100 - n,
  criteria: list(n, (i) => ({ id: `c${i}`, name: `Criterion ${i}`, weight: 1, maxScore })),
});
const seconds = (n: number) => ({
  minSubmissionSeconds: { open: n, restricted: n },
  minRevealSeconds: n,
  maxRevealSeconds: n,
  standstillSeconds: n,
  amendmentExtensionSeconds: n,
  scoringSeconds: n,
});

/** [what, operation, changes to its valid body, verdict] */
const BOUNDARIES: [string, Operation, Record<string, unknown>, Verdict][] = [
  ['a valid tender', tender, {}, 'accept'],
  ['an id of 64 characters', tender, { id: x(64) }, 'accept'],
  ['an id of 65 characters', tender, { id: x(65) }, 'refuse'],
  ['an empty id', tender, { id: '' }, 'refuse'],
  ['an id of dots, dashes and underscores', tender, { id: '._-' }, 'accept'],
  ['an id with a space', tender, { id: 'T 1' }, 'refuse'],
  ['an id with a slash', tender, { id: 'T/1' }, 'refuse'],
  ['an id with an @', tender, { id: 'T@1' }, 'refuse'],
  ['an id with a non-ASCII letter', tender, { id: 'Té' }, 'refuse'],
  ['a title of 256 characters', tender, { title: x(256) }, 'accept'],
  ['a title of 257 characters', tender, { title: x(257) }, 'refuse'],
  ['an empty title', tender, { title: '' }, 'refuse'],
  ['a title of 256 emoji (512 UTF-16 units)', tender, { title: emoji(256) }, 'accept'],
  ['a title of 257 emoji', tender, { title: emoji(257) }, 'refuse'],
  ['a title in several scripts', tender, { title: 'Straßenbau – 道路 – طريق' }, 'accept'],
  ['a description of 8192 characters', tender, { description: x(LIMITS.description) }, 'accept'],
  ['a description of 8193 characters', tender, { description: x(8193) }, 'refuse'],
  ['a description of 10000 characters (the old OpenAPI limit)', tender, { description: x(10_000) }, 'refuse'],
  ['an amount of 18 digits', tender, { estimatedValue: { amount: x(18, '9'), currency: 'EUR' } }, 'accept'],
  ['an amount of 19 digits', tender, { estimatedValue: { amount: x(19, '9'), currency: 'EUR' } }, 'refuse'],
  [
    'an amount of 31 digits (the old OpenAPI limit)',
    tender,
    { estimatedValue: { amount: x(31, '9'), currency: 'EUR' } },
    'refuse',
  ],
  ['an amount of 0', tender, { estimatedValue: { amount: '0', currency: 'EUR' } }, 'accept'],
  ['an amount with a leading zero', tender, { estimatedValue: { amount: '01', currency: 'EUR' } }, 'refuse'],
  ['a negative amount', tender, { estimatedValue: { amount: '-1', currency: 'EUR' } }, 'refuse'],
  ['an amount as a number', tender, { estimatedValue: { amount: 12.5, currency: 'EUR' } }, 'refuse'],
  ['a lower-case currency', tender, { estimatedValue: { amount: '1', currency: 'eur' } }, 'refuse'],
  ['a four-letter currency', tender, { estimatedValue: { amount: '1', currency: 'EURO' } }, 'refuse'],
  ['an evaluator with an @', tender, { evaluators: ['eva@publicworks.example'] }, 'accept'],
  ['an evaluator of 64 characters', tender, { evaluators: [x(64)] }, 'accept'],
  ['an evaluator of 65 characters', tender, { evaluators: [x(65)] }, 'refuse'],
  ['an evaluator with a space', tender, { evaluators: ['eva 1'] }, 'refuse'],
  ['20 evaluators', tender, { evaluators: list(20, (i) => `eva${i}`) }, 'accept'],
  ['21 evaluators', tender, { evaluators: list(21, (i) => `eva${i}`) }, 'refuse'],
  ['no evaluators', tender, { evaluators: [] }, 'refuse'],
  ['50 documents', tender, { documents: list(50, (i) => ({ name: `d${i}`, sha256: SHA })) }, 'accept'],
  ['51 documents', tender, { documents: list(51, (i) => ({ name: `d${i}`, sha256: SHA })) }, 'refuse'],
  ['an upper-case document hash', tender, { documents: [{ name: 'd', sha256: 'A'.repeat(64) }] }, 'refuse'],
  [
    'a document url of 2048 characters',
    tender,
    { documents: [{ name: 'd', sha256: SHA, url: `https://${x(2040)}` }] },
    'accept',
  ],
  [
    'a document url of 2049 characters',
    tender,
    { documents: [{ name: 'd', sha256: SHA, url: `https://${x(2041)}` }] },
    'refuse',
  ],
  [
    'a javascript: document url',
    tender,
    { documents: [{ name: 'd', sha256: SHA, url: 'javascript:alert(1)' }] },
    'refuse',
  ],
  [
    'a data: document url',
    tender,
    { documents: [{ name: 'd', sha256: SHA, url: 'data:text/html,x' }] },
    'refuse',
  ],
  [
    'an http document url',
    tender,
    { documents: [{ name: 'd', sha256: SHA, url: 'http://example.org/spec.pdf' }] },
    'accept',
  ],
  ['a currency that is not ISO 4217', tender, { estimatedValue: { amount: '1', currency: 'ABC' } }, 'refuse'],
  ['a yen amount', tender, { estimatedValue: { amount: '1', currency: 'JPY' } }, 'accept'],
  [
    'a criterion named __proto__',
    tender,
    { awardCriteria: { ...criteria(1), criteria: [{ ...criteria(1).criteria[0], id: '__proto__' }] } },
    'refuse',
  ],
  [
    'a criterion named constructor',
    tender,
    { awardCriteria: { ...criteria(1), criteria: [{ ...criteria(1).criteria[0], id: 'constructor' }] } },
    'refuse',
  ],
  [
    'a criterion named toJSON',
    tender,
    { awardCriteria: { ...criteria(1), criteria: [{ ...criteria(1).criteria[0], id: 'toJSON' }] } },
    'refuse',
  ],
  [
    'a criterion named prototype',
    tender,
    { awardCriteria: { ...criteria(1), criteria: [{ ...criteria(1).criteria[0], id: 'prototype' }] } },
    'refuse',
  ],
  [
    'a criterion named proto',
    tender,
    { awardCriteria: { ...criteria(1), criteria: [{ ...criteria(1).criteria[0], id: 'proto' }] } },
    'accept',
  ],
  ['a CPV code without check digit', tender, { cpv: '45233140' }, 'accept'],
  ['a CPV code of 7 digits', tender, { cpv: '4523314' }, 'refuse'],
  ['an unknown procedure', tender, { procedure: 'secret' }, 'refuse'],
  ['an unknown field', tender, { colour: 'red' }, 'refuse'],
  ['29 February of a leap year', tender, { submissionDeadline: '2028-02-29T00:00:00Z' }, 'accept'],
  ['29 February of a common year', tender, { submissionDeadline: '2029-02-29T00:00:00Z' }, 'refuse'],
  [
    'nine fraction digits and an offset',
    tender,
    { submissionDeadline: '2029-06-01T00:00:00.123456789+02:00' },
    'accept',
  ],
  ['a lower-case z', tender, { submissionDeadline: '2029-06-01T00:00:00z' }, 'refuse'],
  ['a space for the T', tender, { submissionDeadline: '2029-06-01 00:00:00Z' }, 'refuse'],
  ['hour 24', tender, { submissionDeadline: '2029-06-01T24:00:00Z' }, 'refuse'],
  ['a leap second', tender, { submissionDeadline: '2029-06-30T23:59:60Z' }, 'refuse'],
  ['no time zone', tender, { submissionDeadline: '2029-06-01T00:00:00' }, 'refuse'],
  ['20 quality criteria', tender, { awardCriteria: criteria(20) }, 'accept'],
  ['21 quality criteria', tender, { awardCriteria: criteria(21) }, 'refuse'],
  ['a maxScore of 1000', tender, { awardCriteria: criteria(1, 1000) }, 'accept'],
  ['a maxScore of 1001', tender, { awardCriteria: criteria(1, 1001) }, 'refuse'],
  ['a fractional price weight', tender, { awardCriteria: { ...criteria(1), priceWeight: 98.5 } }, 'refuse'],
  ['policy periods of ten years', policy, seconds(LIMITS.policySeconds), 'accept'],
  ['policy periods one second over ten years', policy, seconds(LIMITS.policySeconds + 1), 'refuse'],
  ['a clock tolerance of 60 s', policy, { clockToleranceSeconds: LIMITS.clockToleranceSeconds }, 'accept'],
  [
    'a clock tolerance of 61 s',
    policy,
    { clockToleranceSeconds: LIMITS.clockToleranceSeconds + 1 },
    'refuse',
  ],
  ['a clock tolerance of ten years', policy, { clockToleranceSeconds: LIMITS.policySeconds }, 'refuse'],
  ['a minimum price weight of 100', policy, { minPriceWeight: 100 }, 'accept'],
  ['a minimum price weight of 101', policy, { minPriceWeight: 101 }, 'refuse'],
  ['a negative period', policy, { minRevealSeconds: -1 }, 'refuse'],
  ['a fractional period', policy, { standstillSeconds: 1.5 }, 'refuse'],
  ['a valid vendor', vendor, {}, 'accept'],
  ['a legal name of 512 characters', vendor, { legalName: x(512) }, 'accept'],
  ['a legal name of 513 characters', vendor, { legalName: x(513) }, 'refuse'],
  ['a vendor id with an @', vendor, { vendorId: 'V@1' }, 'refuse'],
  ['a vendor id of 65 characters', vendor, { vendorId: x(65) }, 'refuse'],
];

/**
 * Rules across fields, which JSON Schema cannot state: the gateway and the chaincode agree on them; the
 * OpenAPI document describes each field but not these.
 */
const CROSS_FIELD: [string, Operation, Record<string, unknown>][] = [
  ['weights that do not sum to 100', tender, { awardCriteria: { ...criteria(2), priceWeight: 50 } }],
  [
    'two criteria with one id',
    tender,
    { awardCriteria: { ...criteria(2), criteria: criteria(2).criteria.map((c) => ({ ...c, id: 'q' })) } },
  ],
  ['an evaluator named twice', tender, { evaluators: ['eva1', 'eva1'] }],
  ['a ceiling in another currency', tender, { budgetCeiling: { amount: '1', currency: 'USD' } }],
  ['a maximum reveal period below the minimum', policy, { minRevealSeconds: 600, maxRevealSeconds: 599 }],
];

let world: World;

beforeAll(async () => {
  await prepareIdentities();
});

beforeEach(() => {
  world = new World();
  world.ledger.throws('vendor:Get', new DomainError({ code: 'NOT_FOUND', message: 'no vendor' }));
});

afterEach(() => {
  world.cleanup();
});

async function gatewayVerdict(op: Operation, body: Record<string, unknown>): Promise<Verdict> {
  const res = await request(world.app)
    [op.method](op.path)
    .set(await world.auth(op.user))
    .send(body);
  if (res.status === 400) return 'refuse';
  if (world.ledger.calls.length === 0)
    throw new Error(`unexpected ${res.status}: ${JSON.stringify(res.body)}`);
  return 'accept';
}

async function chaincodeVerdict(op: Operation, body: Record<string, unknown>): Promise<Verdict> {
  const ledger = new ChaincodeLedger(T0);
  const outcome = await ledger.call(op.chaincodeUser, op.transaction, [canonicalJson(op.argument(body))]);
  if (outcome.error?.message.startsWith('INVALID_ARGUMENT')) return 'refuse';
  if (outcome.error) throw outcome.error;
  return 'accept';
}

function openApiVerdict(op: Operation, body: Record<string, unknown>): Verdict {
  return schemaValidator(op.component)(body) ? 'accept' : 'refuse';
}

describe('the contract’s boundaries', () => {
  it('has at least 40 boundary inputs', () => {
    expect(BOUNDARIES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(BOUNDARIES)(
    '%s: gateway, chaincode and OpenAPI all %4$s it',
    async (_what, op, changes, verdict) => {
      const body = { ...op.valid, ...changes };
      expect({
        gateway: await gatewayVerdict(op, body),
        chaincode: await chaincodeVerdict(op, body),
        openapi: openApiVerdict(op, body),
      }).toEqual({ gateway: verdict, chaincode: verdict, openapi: verdict });
    },
  );

  it.each(CROSS_FIELD)('%s: the gateway and the chaincode both refuse it', async (_what, op, changes) => {
    const body = { ...op.valid, ...changes };
    expect(openApiVerdict(op, body)).toBe('accept');
    expect({
      gateway: await gatewayVerdict(op, body),
      chaincode: await chaincodeVerdict(op, body),
    }).toEqual({ gateway: 'refuse', chaincode: 'refuse' });
  });
});
