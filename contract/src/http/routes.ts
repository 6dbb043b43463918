/**
 * THE route table: every HTTP operation declared once (method, path, who, parameters, body, success
 * and error statuses). The gateway mounts its Express routes, validates requests and checks responses
 * from it; the OpenAPI document is generated from it.
 */
import { z } from 'zod/v4';

import { LIMITS } from '../limits';
import { listAwardsSchema, listTendersSchema } from '../schemas/inputs';
import { listBidsSchema } from '../schemas/bids';
import type { KeysWhere } from '../types';
import type { Role } from '../vocabulary';
import type { ComponentName } from './components';
import {
  PUBLIC_BASE,
  publicAwardsQuerySchema,
  publicRecordsQuerySchema,
  publicRedFlagsQuerySchema,
  publicReleasesQuerySchema,
  publicTendersQuerySchema,
} from './public';

/** Base path of the versioned API. */
export const API_BASE = '/api/v1';

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

/** Who may call: roles, any signed-in user, or the public (no token). */
export type Audience = Role | 'anyone' | 'public';

/** Which gateway component serves an operation: the route table's own router, or a dedicated one. */
export type ServedBy = 'table' | 'login' | 'events' | 'app' | 'public';

export interface RouteSpec {
  readonly method: HttpMethod;
  /** OpenAPI path template, e.g. `/api/v1/tenders/{id}`; every `{param}` is an id unless `pathSchemas` says. */
  readonly path: string;
  /** The named schema of a path parameter that is not an `Id`. */
  readonly pathSchemas?: Readonly<Record<string, ComponentName>>;
  readonly summary: string;
  readonly who: readonly Audience[];
  /** Query parameters (values arrive as strings; integers are converted before validation). */
  readonly query?: z.ZodObject;
  /** Request headers the operation reads (documented; validated by the operation's own router). */
  readonly headers?: readonly {
    readonly name: string;
    readonly schema: z.ZodString;
    readonly description: string;
  }[];
  /** Named request body schema. */
  readonly body?: ComponentName;
  /** True when the body may be left out altogether (an empty body means `{}`). */
  readonly bodyOptional?: boolean;
  readonly success: { readonly status: number; readonly schema?: ComponentName };
  /** Error statuses beyond those every signed-in operation (and every body) can answer. */
  readonly errors?: readonly number[];
  /** A success that is not JSON: its media type and what it carries. */
  readonly produces?: { readonly type: string; readonly description: string };
  /** A non-error answer besides the success (e.g. readiness's 503 with the same body). */
  readonly alsoAnswers?: {
    readonly status: number;
    readonly description: string;
    readonly schema: ComponentName;
  };
  readonly servedBy: ServedBy;
}

const route = <const R extends RouteSpec>(r: R): R => r;

const listTendersQuery = z.object({
  ...listTendersSchema.shape,
  agency: listTendersSchema.shape.agency.meta({ description: "the owning organisation's MSP ID" }),
  pageSize: listTendersSchema.shape.pageSize.optional(),
});
const listAwardsQuery = z.object({
  ...listAwardsSchema.shape,
  from: listAwardsSchema.shape.from.meta({ description: 'inclusive, on awardedAt' }),
  to: listAwardsSchema.shape.to.meta({ description: 'exclusive, on awardedAt' }),
  pageSize: listAwardsSchema.shape.pageSize.optional(),
});
const listBidsQuery = z.object({
  ...listBidsSchema.shape,
  pageSize: listBidsSchema.shape.pageSize.optional(),
});
const eventsQuery = z.object({
  fromBlock: z
    .string()
    .regex(new RegExp(`^[0-9]{1,${LIMITS.blockDigits}}$`))
    .optional(),
});

/** The header that makes a write idempotent (per user): the same key again gets the first outcome. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

const idempotencyKey = {
  name: IDEMPOTENCY_KEY_HEADER,
  schema: z.string().regex(/^[A-Za-z0-9._:-]{8,128}$/),
  description:
    '8 to 128 letters, digits or ._:-, chosen by the client (a UUID will do), unique per write: ' +
    'the same key again (same user, same request) answers the first outcome and never writes twice; ' +
    'the same key for another request is refused with 409 CONFLICT. Outcomes are kept for a day',
} as const;

export const ROUTES = {
  login: route({
    method: 'post',
    path: '/api/v1/auth/login',
    summary:
      'Log in with the Fabric CA enrolment secret; enrols on first login. A user onboarded by the registrar ' +
      'must add newPassword at that first login (403 PASSWORD_CHANGE_REQUIRED without it): the one-time ' +
      'secret enrols once and is never their password',
    who: ['public'],
    body: 'LoginInput',
    success: { status: 200, schema: 'LoginResult' },
    errors: [401, 403, 429, 503],
    servedBy: 'login',
  }),
  logout: route({
    method: 'post',
    path: '/api/v1/auth/logout',
    summary:
      'Log the bearer token out: it is refused from now on (until it would have expired) and event streams opened with it close',
    who: ['anyone'],
    success: { status: 204 },
    servedBy: 'login',
  }),
  getPolicy: route({
    method: 'get',
    path: '/api/v1/policy',
    summary: 'The policy in force',
    who: ['anyone'],
    success: { status: 200, schema: 'Policy' },
    servedBy: 'table',
  }),
  proposePolicy: route({
    method: 'post',
    path: '/api/v1/policy/proposals',
    summary: 'Propose a policy change (in force only once another auditor approves it)',
    who: ['auditor'],
    body: 'PolicyProposalInput',
    success: { status: 201, schema: 'WrittenPolicyProposal' },
    errors: [403, 409],
    headers: [idempotencyKey],
    servedBy: 'table',
  }),
  getPolicyProposal: route({
    method: 'get',
    path: '/api/v1/policy/proposal',
    summary: 'The pending policy proposal',
    who: ['anyone'],
    success: { status: 200, schema: 'PolicyProposal' },
    errors: [404],
    servedBy: 'table',
  }),
  approvePolicy: route({
    method: 'post',
    path: '/api/v1/policy/proposals/{proposalId}/approval',
    summary: 'Approve another auditor’s pending policy proposal: it is then in force',
    who: ['auditor'],
    body: 'Reason',
    success: { status: 200, schema: 'WrittenPolicy' },
    errors: [400, 403, 404, 409],
    servedBy: 'table',
  }),
  policyHistory: route({
    method: 'get',
    path: '/api/v1/policy/history',
    summary: 'Every policy that has been in force, with its reasons',
    who: ['anyone'],
    success: { status: 200, schema: 'PolicyHistory' },
    servedBy: 'table',
  }),
  listTenders: route({
    method: 'get',
    path: '/api/v1/tenders',
    summary: 'List tenders',
    who: ['anyone'],
    query: listTendersQuery,
    success: { status: 200, schema: 'TenderPage' },
    errors: [400],
    servedBy: 'table',
  }),
  createTender: route({
    method: 'post',
    path: '/api/v1/tenders',
    summary: 'Create a draft tender',
    who: ['officer'],
    body: 'CreateTender',
    success: { status: 201, schema: 'WrittenTender' },
    errors: [403, 409],
    headers: [idempotencyKey],
    servedBy: 'table',
  }),
  getTender: route({
    method: 'get',
    path: '/api/v1/tenders/{id}',
    summary: 'A tender',
    who: ['anyone'],
    success: { status: 200, schema: 'Tender' },
    errors: [400, 404],
    servedBy: 'table',
  }),
  publishTender: route({
    method: 'post',
    path: '/api/v1/tenders/{id}/publish',
    summary: 'Publish a draft tender',
    who: ['officer'],
    success: { status: 200, schema: 'WrittenTender' },
    errors: [400, 403, 404, 409],
    headers: [idempotencyKey],
    servedBy: 'table',
  }),
  amendTender: route({
    method: 'post',
    path: '/api/v1/tenders/{id}/amendments',
    summary: 'Amend a tender before the submission deadline',
    who: ['officer'],
    body: 'Amend',
    success: { status: 200, schema: 'WrittenTender' },
    errors: [403, 404, 409],
    headers: [idempotencyKey],
    servedBy: 'table',
  }),
  cancelTender: route({
    method: 'post',
    path: '/api/v1/tenders/{id}/cancel',
    summary: 'Cancel a tender',
    who: ['officer'],
    body: 'Reason',
    success: { status: 200, schema: 'WrittenTender' },
    errors: [403, 404, 409],
    headers: [idempotencyKey],
    servedBy: 'table',
  }),
  approveCancellation: route({
    method: 'post',
    path: '/api/v1/tenders/{id}/cancel-approval',
    summary: 'Approve cancelling a tender after its opening deadline (auditor)',
    who: ['auditor'],
    body: 'Reason',
    success: { status: 200, schema: 'WrittenTender' },
    errors: [403, 404, 409],
    servedBy: 'table',
  }),
  tenderHistory: route({
    method: 'get',
    path: '/api/v1/tenders/{id}/history',
    summary: 'Every version of the tender',
    who: ['anyone'],
    success: { status: 200, schema: 'TenderHistory' },
    errors: [400, 404],
    servedBy: 'table',
  }),
  listOpeningKeys: route({
    method: 'get',
    path: '/api/v1/opening-keys',
    summary:
      "Every organisation's current opening key and the policy's threshold t: what a client seals a bid to",
    who: ['anyone'],
    success: { status: 200, schema: 'OpeningKeys' },
    servedBy: 'table',
  }),
  listBids: route({
    method: 'get',
    path: '/api/v1/tenders/{id}/bids',
    summary:
      'Bids, paged, without replaced ones; before the opening deadline only the count (a vendor also sees its own)',
    who: ['anyone'],
    query: listBidsQuery,
    success: { status: 200, schema: 'BidList' },
    errors: [400, 404],
    servedBy: 'table',
  }),
  placeBid: route({
    method: 'post',
    path: '/api/v1/tenders/{id}/bids',
    summary:
      'Place a sealed bid in one transaction: an envelope sealed by the client, or a plaintext bid the gateway seals (replaces this vendor’s previous bid)',
    who: ['vendor'],
    body: 'PlaceBid',
    success: { status: 201, schema: 'PlacedBid' },
    errors: [403, 404, 409],
    headers: [idempotencyKey],
    servedBy: 'table',
  }),
  getBid: route({
    method: 'get',
    path: '/api/v1/tenders/{id}/bids/{bidId}',
    summary: 'One bid: before the opening deadline only for its own vendor',
    who: ['anyone'],
    success: { status: 200, schema: 'Bid' },
    errors: [400, 403, 404],
    servedBy: 'table',
  }),
  withdrawBid: route({
    method: 'delete',
    path: '/api/v1/tenders/{id}/bids/{bidId}',
    summary: 'Withdraw a bid before the deadline',
    who: ['vendor'],
    success: { status: 200, schema: 'WrittenBid' },
    errors: [400, 403, 404, 409],
    headers: [idempotencyKey],
    servedBy: 'table',
  }),
  getOpening: route({
    method: 'get',
    path: '/api/v1/tenders/{id}/opening',
    summary:
      'Where the opening stands: which organisations released their key shares, which are missing, how many bids opened',
    who: ['anyone'],
    success: { status: 200, schema: 'OpeningStatus' },
    errors: [400, 404],
    servedBy: 'table',
  }),
  listEvaluations: route({
    method: 'get',
    path: '/api/v1/tenders/{id}/evaluations',
    summary: 'Evaluations and recusals, after the opening deadline',
    who: ['anyone'],
    success: { status: 200, schema: 'EvaluationList' },
    errors: [400, 403, 404, 409],
    servedBy: 'table',
  }),
  submitEvaluation: route({
    method: 'post',
    path: '/api/v1/tenders/{id}/evaluations',
    summary: 'Score a bid, or recuse (conflictOfInterest: true)',
    who: ['evaluator'],
    body: 'EvaluationInput',
    success: { status: 201, schema: 'WrittenEvaluation' },
    errors: [403, 404, 409],
    headers: [idempotencyKey],
    servedBy: 'table',
  }),
  getAward: route({
    method: 'get',
    path: '/api/v1/tenders/{id}/award',
    summary: 'The award',
    who: ['anyone'],
    success: { status: 200, schema: 'Award' },
    errors: [400, 404],
    servedBy: 'table',
  }),
  makeAward: route({
    method: 'post',
    path: '/api/v1/tenders/{id}/award',
    summary: 'Compute and record the award',
    who: ['officer'],
    success: { status: 200, schema: 'WrittenAward' },
    errors: [400, 403, 404, 409],
    headers: [idempotencyKey],
    servedBy: 'table',
  }),
  lodgeChallenge: route({
    method: 'post',
    path: '/api/v1/tenders/{id}/challenges',
    summary: 'Challenge the award during standstill',
    who: ['vendor'],
    body: 'Reason',
    success: { status: 201, schema: 'WrittenChallenge' },
    errors: [403, 404, 409],
    headers: [idempotencyKey],
    servedBy: 'table',
  }),
  recordContract: route({
    method: 'post',
    path: '/api/v1/tenders/{id}/contract',
    summary: 'Record the contract after standstill',
    who: ['officer'],
    body: 'ContractInput',
    bodyOptional: true,
    success: { status: 201, schema: 'WrittenContract' },
    errors: [403, 404, 409],
    headers: [idempotencyKey],
    servedBy: 'table',
  }),
  getChallenge: route({
    method: 'get',
    path: '/api/v1/challenges/{challengeId}',
    summary: 'A challenge',
    who: ['anyone'],
    success: { status: 200, schema: 'Challenge' },
    errors: [400, 404],
    servedBy: 'table',
  }),
  decideChallenge: route({
    method: 'post',
    path: '/api/v1/challenges/{challengeId}/decision',
    summary: 'Uphold or dismiss a challenge',
    who: ['auditor'],
    body: 'DecisionInput',
    success: { status: 200, schema: 'WrittenChallenge' },
    errors: [403, 404, 409],
    headers: [idempotencyKey],
    servedBy: 'table',
  }),
  listAwards: route({
    method: 'get',
    path: '/api/v1/awards',
    summary: 'Award history, newest first',
    who: ['anyone'],
    query: listAwardsQuery,
    success: { status: 200, schema: 'AwardPage' },
    errors: [400],
    servedBy: 'table',
  }),
  registerVendor: route({
    method: 'post',
    path: '/api/v1/vendors',
    summary: 'Onboard a vendor: CA user (role=vendor, vendorId) and ledger record',
    who: ['registrar'],
    body: 'RegisterVendor',
    success: { status: 201, schema: 'WrittenVendor' },
    errors: [403, 409],
    headers: [idempotencyKey],
    servedBy: 'table',
  }),
  addVendorUser: route({
    method: 'post',
    path: '/api/v1/vendors/{vendorId}/users',
    summary:
      'Register another user of a vendor at the Suppliers CA (one enrolment); it acts for the vendor only once the vendor approves it',
    who: ['registrar'],
    body: 'AddVendorUser',
    success: { status: 201, schema: 'Identity' },
    errors: [403, 404, 409],
    headers: [idempotencyKey],
    servedBy: 'table',
  }),
  approveVendorUser: route({
    method: 'put',
    path: '/api/v1/vendors/{vendorId}/users/{username}',
    pathSchemas: { username: 'Username' },
    summary: 'The vendor approves an enrolment id to act for it (only its own users may)',
    who: ['vendor'],
    success: { status: 200, schema: 'WrittenVendor' },
    errors: [403, 404, 409],
    headers: [idempotencyKey],
    servedBy: 'table',
  }),
  getVendor: route({
    method: 'get',
    path: '/api/v1/vendors/{vendorId}',
    summary: 'A vendor',
    who: ['anyone'],
    success: { status: 200, schema: 'Vendor' },
    errors: [400, 404],
    servedBy: 'table',
  }),
  debarVendor: route({
    method: 'post',
    path: '/api/v1/vendors/{vendorId}/debarment',
    summary: 'Debar a vendor',
    who: ['auditor'],
    body: 'DebarInput',
    success: { status: 200, schema: 'WrittenVendor' },
    errors: [403, 404, 409],
    headers: [idempotencyKey],
    servedBy: 'table',
  }),
  reinstateVendor: route({
    method: 'delete',
    path: '/api/v1/vendors/{vendorId}/debarment',
    summary: 'Reinstate a vendor',
    who: ['auditor'],
    body: 'Reason',
    success: { status: 200, schema: 'WrittenVendor' },
    errors: [403, 404, 409],
    headers: [idempotencyKey],
    servedBy: 'table',
  }),
  reviewRedFlag: route({
    method: 'post',
    path: '/api/v1/red-flags/{flagId}/review',
    summary: 'Mark a red flag reviewed, with a note (once); txId and blockNumber are those of the review',
    who: ['auditor'],
    pathSchemas: { flagId: 'FlagId' },
    body: 'ReviewFlagInput',
    success: { status: 200, schema: 'WrittenRedFlag' },
    errors: [403, 404, 409],
    servedBy: 'table',
  }),
  events: route({
    method: 'get',
    path: '/api/v1/events',
    summary: 'Chaincode events as server-sent events',
    who: ['anyone'],
    query: eventsQuery,
    headers: [
      {
        name: 'Last-Event-ID',
        schema: z.string().regex(new RegExp(`^[0-9]{1,${LIMITS.blockDigits}}:[A-Za-z0-9]{1,128}$`)),
        description: 'resume just after this event',
      },
    ],
    success: { status: 200 },
    produces: {
      type: 'text/event-stream',
      description:
        'text/event-stream: `id: <blockNumber>:<txId>`, `event: <eventName>`, `data: {"blockNumber","txId","eventName","payload"}`',
    },
    errors: [400],
    servedBy: 'events',
  }),
  publicRecords: route({
    method: 'get',
    path: `${PUBLIC_BASE}/records`,
    summary: 'OCDS record packages, one per contracting process, newest change first',
    who: ['public'],
    query: publicRecordsQuerySchema,
    success: { status: 200, schema: 'PublicRecordPage' },
    errors: [400, 429],
    servedBy: 'public',
  }),
  publicRecord: route({
    method: 'get',
    path: `${PUBLIC_BASE}/records/{ocid}`,
    summary: 'The OCDS record package of one contracting process',
    who: ['public'],
    pathSchemas: { ocid: 'Ocid' },
    success: { status: 200, schema: 'PublicRecordPackage' },
    errors: [400, 404, 429],
    servedBy: 'public',
  }),
  publicReleases: route({
    method: 'get',
    path: `${PUBLIC_BASE}/releases`,
    summary: 'OCDS releases in ledger order (oldest first), from a date on',
    who: ['public'],
    query: publicReleasesQuerySchema,
    success: { status: 200, schema: 'PublicReleasePage' },
    errors: [400, 429],
    servedBy: 'public',
  }),
  publicAwards: route({
    method: 'get',
    path: `${PUBLIC_BASE}/awards`,
    summary: 'Award history, newest first, by agency, vendor and period',
    who: ['public'],
    query: publicAwardsQuerySchema,
    success: { status: 200, schema: 'PublicAwardPage' },
    errors: [400, 429],
    servedBy: 'public',
  }),
  publicTenders: route({
    method: 'get',
    path: `${PUBLIC_BASE}/tenders`,
    summary: 'Published tenders: full-text search, filters by agency, status, CPV, period and value',
    who: ['public'],
    query: publicTendersQuerySchema,
    success: { status: 200, schema: 'PublicTenderPage' },
    errors: [400, 429],
    servedBy: 'public',
  }),
  publicTender: route({
    method: 'get',
    path: `${PUBLIC_BASE}/tenders/{id}`,
    summary:
      'A published tender with its timeline (txId, block, time, organisation), opened bids, award and red flags',
    who: ['public'],
    success: { status: 200, schema: 'PublicTenderDetail' },
    errors: [400, 404, 429],
    servedBy: 'public',
  }),
  publicRedFlags: route({
    method: 'get',
    path: `${PUBLIC_BASE}/red-flags`,
    summary: 'Red flags raised by the chaincode, newest first',
    who: ['public'],
    query: publicRedFlagsQuerySchema,
    success: { status: 200, schema: 'PublicRedFlagPage' },
    errors: [400, 429],
    servedBy: 'public',
  }),
  publicProof: route({
    method: 'get',
    path: `${PUBLIC_BASE}/proof/{txId}`,
    summary: 'Where a transaction is on the ledger: block, channel, validation code, endorsing organisations',
    who: ['public'],
    pathSchemas: { txId: 'TxId' },
    success: { status: 200, schema: 'Proof' },
    errors: [400, 404, 429],
    servedBy: 'public',
  }),
  openapi: route({
    method: 'get',
    path: '/api/v1/openapi.json',
    summary: 'This document',
    who: ['public'],
    success: { status: 200 },
    servedBy: 'app',
  }),
  healthz: route({
    method: 'get',
    path: '/healthz',
    summary: 'Liveness',
    who: ['public'],
    success: { status: 200, schema: 'Health' },
    servedBy: 'app',
  }),
  readyz: route({
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: peers reachable',
    who: ['public'],
    success: { status: 200, schema: 'Health' },
    alsoAnswers: { status: 503, description: 'some peer unreachable', schema: 'Health' },
    servedBy: 'app',
  }),
  metrics: route({
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics',
    who: ['public'],
    success: { status: 200 },
    produces: { type: 'text/plain', description: 'text/plain; version=0.0.4' },
    servedBy: 'app',
  }),
} as const satisfies Record<string, RouteSpec>;

export type OperationId = keyof typeof ROUTES;

/** The operations the gateway's table router serves (each needs a handler). */
export type TableOperationId = KeysWhere<typeof ROUTES, 'servedBy', 'table'>;

/** The path parameter names of a path template, in order. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1] ?? '');
}
