/**
 * The OpenAPI 3.1 document: every route, request body and response. Request bodies are validated against
 * these schemas (validation.ts) and the tests validate responses against them.
 */
type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const str = (extra: Schema = {}): Schema => ({ type: 'string', ...extra });
const int = (extra: Schema = {}): Schema => ({ type: 'integer', ...extra });
const obj = (properties: Record<string, Schema>, required: string[] = [], extra: Schema = {}): Schema => ({
  type: 'object',
  properties,
  required,
  ...extra,
});
const closed = (properties: Record<string, Schema>, required: string[] = []): Schema =>
  obj(properties, required, { additionalProperties: false });
const arrayOf = (items: Schema, extra: Schema = {}): Schema => ({ type: 'array', items, ...extra });
const written = (name: string): Schema => ({ allOf: [ref(name), ref('Committed')] });
const text = (max: number): Schema => str({ minLength: 1, maxLength: max });
const nonNegative = int({ minimum: 0, maximum: 315_360_000 });

const schemas: Record<string, Schema> = {
  Id: str({ pattern: '^[A-Za-z0-9._-]{1,64}$' }),
  Timestamp: str({ format: 'date-time', description: 'RFC 3339, UTC' }),
  Money: closed(
    {
      amount: str({ pattern: '^(0|[1-9][0-9]{0,30})$', description: 'integer minor units' }),
      currency: str({ pattern: '^[A-Z]{3}$', description: 'ISO 4217' }),
    },
    ['amount', 'currency'],
  ),
  DocumentRef: closed(
    {
      name: text(256),
      sha256: str({ pattern: '^[0-9a-f]{64}$' }),
      url: str({ format: 'uri', maxLength: 2048 }),
    },
    ['name', 'sha256'],
  ),
  Documents: arrayOf(ref('DocumentRef'), { maxItems: 100 }),
  Procedure: str({ enum: ['open', 'restricted'] }),
  QualityCriterion: closed(
    {
      id: ref('Id'),
      name: text(256),
      weight: int({ minimum: 0, maximum: 100 }),
      maxScore: int({ minimum: 1, maximum: 1000 }),
    },
    ['id', 'name', 'weight', 'maxScore'],
  ),
  AwardCriteria: {
    oneOf: [
      closed({ method: { const: 'lowestPrice' } }, ['method']),
      closed(
        {
          method: { const: 'bestPriceQuality' },
          priceWeight: int({ minimum: 0, maximum: 100 }),
          criteria: arrayOf(ref('QualityCriterion'), { minItems: 1, maxItems: 50 }),
        },
        ['method', 'priceWeight', 'criteria'],
      ),
    ],
  },
  CreateTender: closed(
    {
      id: ref('Id'),
      title: text(256),
      description: text(10_000),
      cpv: str({ pattern: '^[0-9]{8}(-[0-9])?$' }),
      estimatedValue: ref('Money'),
      budgetCeiling: ref('Money'),
      procedure: ref('Procedure'),
      submissionDeadline: ref('Timestamp'),
      openingDeadline: ref('Timestamp'),
      awardCriteria: ref('AwardCriteria'),
      evaluators: arrayOf(str({ pattern: '^[A-Za-z0-9._@-]{1,64}$' }), { maxItems: 50, uniqueItems: true }),
      documents: ref('Documents'),
    },
    [
      'id',
      'title',
      'description',
      'cpv',
      'estimatedValue',
      'procedure',
      'submissionDeadline',
      'openingDeadline',
      'awardCriteria',
      'evaluators',
      'documents',
    ],
  ),
  TenderChanges: closed(
    {
      title: text(256),
      description: text(10_000),
      documents: ref('Documents'),
      submissionDeadline: ref('Timestamp'),
      openingDeadline: ref('Timestamp'),
      budgetCeiling: ref('Money'),
    },
    [],
  ),
  Amend: closed({ reason: text(2000), changes: { allOf: [ref('TenderChanges')], minProperties: 1 } }, [
    'reason',
    'changes',
  ]),
  Reason: closed({ reason: text(2000) }, ['reason']),
  PolicyInput: closed(
    {
      minSubmissionSeconds: closed({ open: nonNegative, restricted: nonNegative }, ['open', 'restricted']),
      minRevealSeconds: nonNegative,
      standstillSeconds: nonNegative,
      amendmentExtensionSeconds: nonNegative,
      clockToleranceSeconds: int({ minimum: 0, maximum: 3600 }),
    },
    [
      'minSubmissionSeconds',
      'minRevealSeconds',
      'standstillSeconds',
      'amendmentExtensionSeconds',
      'clockToleranceSeconds',
    ],
  ),
  PlaceBid: closed(
    { price: ref('Money'), technicalProposal: { type: 'object' }, documents: ref('Documents') },
    ['price', 'technicalProposal'],
  ),
  EvaluationInput: closed(
    {
      bidId: ref('Id'),
      scores: { type: 'object', additionalProperties: int({ minimum: 0, maximum: 1000 }), maxProperties: 50 },
      conflictOfInterest: { type: 'boolean' },
    },
    ['bidId', 'scores', 'conflictOfInterest'],
  ),
  DecisionInput: closed({ decision: str({ enum: ['upheld', 'dismissed'] }), reason: text(2000) }, [
    'decision',
    'reason',
  ]),
  ContractInput: closed({ documents: ref('Documents') }),
  RegisterVendor: closed(
    {
      vendorId: ref('Id'),
      legalName: text(256),
      username: str({ pattern: '^[A-Za-z0-9._@-]{1,64}$' }),
      password: str({ minLength: 8, maxLength: 256 }),
    },
    ['vendorId', 'legalName', 'username', 'password'],
  ),
  DebarInput: closed({ reason: text(2000), until: ref('Timestamp') }, ['reason']),
  LoginInput: closed(
    { mspId: text(64), username: text(64), password: str({ minLength: 1, maxLength: 256 }) },
    ['mspId', 'username', 'password'],
  ),

  Error: closed(
    {
      error: obj({ code: str(), message: str(), details: { type: 'object' } }, ['code', 'message'], {
        additionalProperties: false,
      }),
    },
    ['error'],
  ),
  Committed: obj({ txId: str({ minLength: 1 }), blockNumber: int({ minimum: 0 }) }, ['txId', 'blockNumber']),
  Identity: obj(
    {
      mspId: str(),
      username: str(),
      role: str({ enum: ['officer', 'evaluator', 'auditor', 'registrar', 'vendor'] }),
      vendorId: str(),
    },
    ['mspId', 'username', 'role'],
  ),
  LoginResult: obj({ token: str(), expiresAt: ref('Timestamp'), identity: ref('Identity') }, [
    'token',
    'expiresAt',
    'identity',
  ]),
  Policy: obj(
    {
      minSubmissionSeconds: obj({ open: int(), restricted: int() }, ['open', 'restricted']),
      minRevealSeconds: int(),
      standstillSeconds: int(),
      amendmentExtensionSeconds: int(),
      clockToleranceSeconds: int(),
      updatedAt: ref('Timestamp'),
      updatedBy: str(),
    },
    [
      'minSubmissionSeconds',
      'minRevealSeconds',
      'standstillSeconds',
      'amendmentExtensionSeconds',
      'clockToleranceSeconds',
    ],
  ),
  Tender: obj(
    {
      id: ref('Id'),
      agency: str(),
      status: str({ enum: ['draft', 'published', 'evaluation', 'awarded', 'contracted', 'cancelled'] }),
      title: str(),
      description: str(),
      cpv: str(),
      estimatedValue: ref('Money'),
      budgetCeiling: ref('Money'),
      procedure: ref('Procedure'),
      submissionDeadline: ref('Timestamp'),
      openingDeadline: ref('Timestamp'),
      awardCriteria: { type: 'object' },
      evaluators: arrayOf(str()),
      documents: arrayOf({ type: 'object' }),
      amendments: arrayOf({ type: 'object' }),
      createdAt: ref('Timestamp'),
      createdBy: str(),
      publishedAt: ref('Timestamp'),
      updatedAt: ref('Timestamp'),
      txId: str(),
    },
    ['id', 'agency', 'status', 'submissionDeadline', 'openingDeadline', 'awardCriteria', 'amendments'],
  ),
  TenderPage: obj({ items: arrayOf(ref('Tender')), bookmark: str() }, ['items']),
  TenderHistory: obj(
    {
      items: arrayOf(
        obj(
          {
            txId: str(),
            timestamp: ref('Timestamp'),
            mspId: str(),
            isDelete: { type: 'boolean' },
            tender: ref('Tender'),
          },
          ['txId', 'timestamp', 'mspId'],
        ),
      ),
    },
    ['items'],
  ),
  SealedBid: obj(
    {
      tenderId: str(),
      bidId: str(),
      vendorId: str(),
      price: ref('Money'),
      technicalProposal: { type: 'object' },
      documents: arrayOf({ type: 'object' }),
      salt: str(),
    },
    ['tenderId', 'bidId', 'vendorId', 'price', 'technicalProposal', 'documents', 'salt'],
  ),
  Bid: obj(
    {
      tenderId: str(),
      bidId: ref('Id'),
      vendorId: str(),
      commitment: str({ pattern: '^[0-9a-f]{64}$' }),
      committedAt: ref('Timestamp'),
      status: str({ enum: ['sealed', 'committed', 'withdrawn', 'replaced', 'revealed'] }),
      beforeAmendment: { type: 'boolean' },
      revealedAt: ref('Timestamp'),
      price: ref('Money'),
      technicalProposal: { type: 'object' },
      revealed: { type: 'boolean' },
      sealed: {
        ...ref('SealedBid'),
        description: "only for the bid's own vendor, before the opening deadline",
      },
    },
    ['tenderId', 'bidId', 'vendorId', 'commitment', 'status'],
  ),
  BidList: obj({ items: arrayOf(ref('Bid')) }, ['items']),
  PlacedBid: {
    allOf: [
      ref('Bid'),
      ref('Committed'),
      obj({ sealed: ref('SealedBid'), sealTxId: str(), sealBlockNumber: int() }, ['sealed', 'sealTxId']),
    ],
  },
  Evaluation: obj(
    { tenderId: str(), bidId: str(), evaluator: str(), scores: { type: 'object' }, at: ref('Timestamp') },
    ['tenderId', 'evaluator'],
  ),
  EvaluationList: obj({ items: arrayOf(ref('Evaluation')), recusals: arrayOf({ type: 'object' }) }, [
    'items',
  ]),
  Award: obj(
    {
      tenderId: str(),
      agency: str(),
      bidId: str(),
      vendorId: str(),
      price: ref('Money'),
      score: int(),
      ranking: arrayOf(
        obj(
          {
            bidId: str(),
            vendorId: str(),
            score: int(),
            compliant: { type: 'boolean' },
            reason: str(),
            rank: int(),
          },
          ['bidId', 'vendorId', 'compliant'],
        ),
      ),
      awardedAt: ref('Timestamp'),
      standstillEndsAt: ref('Timestamp'),
      status: str({ enum: ['standstill', 'annulled', 'contracted'] }),
    },
    ['bidId', 'vendorId', 'price', 'ranking', 'standstillEndsAt'],
  ),
  AwardPage: obj({ items: arrayOf(ref('Award')), bookmark: str() }, ['items']),
  Challenge: obj(
    {
      challengeId: ref('Id'),
      tenderId: str(),
      vendorId: str(),
      reason: str(),
      lodgedAt: ref('Timestamp'),
      status: str({ enum: ['open', 'upheld', 'dismissed'] }),
      decision: { type: 'object' },
    },
    ['challengeId', 'tenderId', 'status'],
  ),
  Contract: obj(
    {
      tenderId: str(),
      bidId: str(),
      vendorId: str(),
      price: ref('Money'),
      documents: arrayOf({ type: 'object' }),
    },
    ['tenderId', 'bidId', 'vendorId'],
  ),
  Vendor: obj(
    {
      vendorId: ref('Id'),
      legalName: str(),
      registeredAt: ref('Timestamp'),
      debarred: { type: 'boolean' },
      debarment: { type: 'object' },
    },
    ['vendorId', 'legalName', 'debarred'],
  ),
};

type Role = 'anyone' | 'officer' | 'evaluator' | 'auditor' | 'registrar' | 'vendor' | 'public';

interface Operation {
  summary: string;
  who: Role[];
  body?: string;
  success: [number, string | undefined];
  params?: Schema[];
  errors?: number[];
  extra?: Schema;
}

const STANDARD_ERRORS: Record<number, string> = {
  400: 'INVALID_ARGUMENT: malformed JSON, wrong types, missing or out-of-range fields, bad ids',
  401: 'UNAUTHENTICATED: no, malformed or expired token; bad credentials',
  403: 'NOT_AUTHORISED: the role or organisation may not do this',
  404: 'NOT_FOUND',
  409: 'CONFLICT, DEADLINE_PASSED, TOO_EARLY, or CLOCK_SKEW (an endorser found the request time too far from its clock; retry)',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
  500: 'INTERNAL: an unexpected failure (details are logged, not returned)',
  502: 'LEDGER_REJECTED: the network refused the transaction for a reason other than a chaincode rule',
  503: 'LEDGER_UNAVAILABLE: peers, orderers or the CA are unreachable',
  504: 'LEDGER_TIMEOUT: no answer in time; details.txId names a transaction whose outcome is unknown',
};

const pathParam = (name: string): Schema => ({ name, in: 'path', required: true, schema: ref('Id') });
const queryParam = (name: string, schema: Schema, description?: string): Schema => ({
  name,
  in: 'query',
  required: false,
  schema,
  ...(description ? { description } : {}),
});
const pageParams = [
  queryParam('pageSize', int({ minimum: 1, maximum: 100, default: 20 })),
  queryParam('bookmark', str({ maxLength: 4096 })),
];

function operation(op: Operation): Schema {
  const isPublic = op.who.includes('public');
  const errorStatuses = new Set<number>([
    ...(isPublic ? [] : [401, 429, 500, 502, 503, 504]),
    ...(op.body ? [400, 413] : []),
    ...(op.errors ?? []),
  ]);
  const [status, schema] = op.success;
  const responses: Record<string, Schema> = {
    [String(status)]: {
      description: 'success',
      ...(schema === undefined ? {} : { content: { 'application/json': { schema: ref(schema) } } }),
    },
  };
  for (const code of [...errorStatuses].sort()) {
    responses[String(code)] = {
      description: STANDARD_ERRORS[code] ?? 'error',
      content: { 'application/json': { schema: ref('Error') } },
    };
  }
  return {
    summary: op.summary,
    description: `Who: ${op.who.join(', ')}.`,
    ...(isPublic ? { security: [] } : {}),
    ...(op.params ? { parameters: op.params } : {}),
    ...(op.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: ref(op.body) } } } }
      : {}),
    responses,
    ...op.extra,
  };
}

const tender = [pathParam('id')];
const bid = [pathParam('id'), pathParam('bidId')];

const paths: Record<string, Record<string, Schema>> = {
  '/api/v1/auth/login': {
    post: operation({
      summary: 'Log in with the Fabric CA enrolment secret; enrols on first login',
      who: ['public'],
      body: 'LoginInput',
      success: [200, 'LoginResult'],
      errors: [401, 403, 429, 503],
    }),
  },
  '/api/v1/auth/logout': {
    post: operation({
      summary:
        'Log the bearer token out: it is refused from now on (until it would have expired) and event streams opened with it close',
      who: ['anyone'],
      success: [204, undefined],
    }),
  },
  '/api/v1/policy': {
    get: operation({ summary: 'The policy in force', who: ['anyone'], success: [200, 'Policy'] }),
    put: operation({
      summary: 'Set the procurement policy',
      who: ['auditor'],
      body: 'PolicyInput',
      success: [200, 'WrittenPolicy'],
      errors: [403, 409],
    }),
  },
  '/api/v1/tenders': {
    get: operation({
      summary: 'List tenders',
      who: ['anyone'],
      success: [200, 'TenderPage'],
      errors: [400],
      params: [
        queryParam(
          'status',
          str({ enum: ['draft', 'published', 'evaluation', 'awarded', 'contracted', 'cancelled'] }),
        ),
        queryParam('agency', str({ maxLength: 64 }), "the owning organisation's MSP ID"),
        ...pageParams,
      ],
    }),
    post: operation({
      summary: 'Create a draft tender',
      who: ['officer'],
      body: 'CreateTender',
      success: [201, 'WrittenTender'],
      errors: [403, 409],
    }),
  },
  '/api/v1/tenders/{id}': {
    get: operation({
      summary: 'A tender',
      who: ['anyone'],
      params: tender,
      success: [200, 'Tender'],
      errors: [400, 404],
    }),
  },
  '/api/v1/tenders/{id}/publish': {
    post: operation({
      summary: 'Publish a draft tender',
      who: ['officer'],
      params: tender,
      success: [200, 'WrittenTender'],
      errors: [400, 403, 404, 409],
    }),
  },
  '/api/v1/tenders/{id}/amendments': {
    post: operation({
      summary: 'Amend a tender before the submission deadline',
      who: ['officer'],
      params: tender,
      body: 'Amend',
      success: [200, 'WrittenTender'],
      errors: [403, 404, 409],
    }),
  },
  '/api/v1/tenders/{id}/cancel': {
    post: operation({
      summary: 'Cancel a tender',
      who: ['officer'],
      params: tender,
      body: 'Reason',
      success: [200, 'WrittenTender'],
      errors: [403, 404, 409],
    }),
  },
  '/api/v1/tenders/{id}/history': {
    get: operation({
      summary: 'Every version of the tender',
      who: ['anyone'],
      params: tender,
      success: [200, 'TenderHistory'],
      errors: [400, 404],
    }),
  },
  '/api/v1/tenders/{id}/bids': {
    get: operation({
      summary: 'Bids: commitments before the opening deadline (a vendor sees its own in full), prices after',
      who: ['anyone'],
      params: tender,
      success: [200, 'BidList'],
      errors: [400, 404],
    }),
    post: operation({
      summary: 'Place a sealed bid (replaces this vendor’s previous bid)',
      who: ['vendor'],
      params: tender,
      body: 'PlaceBid',
      success: [201, 'PlacedBid'],
      errors: [403, 404, 409],
    }),
  },
  '/api/v1/tenders/{id}/bids/{bidId}': {
    delete: operation({
      summary: 'Withdraw a bid before the deadline',
      who: ['vendor'],
      params: bid,
      success: [200, 'WrittenBid'],
      errors: [400, 403, 404, 409],
    }),
  },
  '/api/v1/tenders/{id}/bids/{bidId}/reveal': {
    post: operation({
      summary: 'Reveal what the gateway sealed, between the deadlines',
      who: ['vendor'],
      params: bid,
      success: [200, 'WrittenBid'],
      errors: [400, 403, 404, 409],
    }),
  },
  '/api/v1/tenders/{id}/evaluations': {
    get: operation({
      summary: 'Evaluations and recusals, after the opening deadline',
      who: ['anyone'],
      params: tender,
      success: [200, 'EvaluationList'],
      errors: [400, 403, 404, 409],
    }),
    post: operation({
      summary: 'Score a bid, or recuse (conflictOfInterest: true)',
      who: ['evaluator'],
      params: tender,
      body: 'EvaluationInput',
      success: [201, 'WrittenEvaluation'],
      errors: [403, 404, 409],
    }),
  },
  '/api/v1/tenders/{id}/award': {
    get: operation({
      summary: 'The award',
      who: ['anyone'],
      params: tender,
      success: [200, 'Award'],
      errors: [400, 404],
    }),
    post: operation({
      summary: 'Compute and record the award',
      who: ['officer'],
      params: tender,
      success: [200, 'WrittenAward'],
      errors: [400, 403, 404, 409],
    }),
  },
  '/api/v1/tenders/{id}/challenges': {
    post: operation({
      summary: 'Challenge the award during standstill',
      who: ['vendor'],
      params: tender,
      body: 'Reason',
      success: [201, 'WrittenChallenge'],
      errors: [403, 404, 409],
    }),
  },
  '/api/v1/tenders/{id}/contract': {
    post: operation({
      summary: 'Record the contract after standstill',
      who: ['officer'],
      params: tender,
      body: 'ContractInput',
      success: [201, 'WrittenContract'],
      errors: [403, 404, 409],
    }),
  },
  '/api/v1/challenges/{challengeId}': {
    get: operation({
      summary: 'A challenge',
      who: ['anyone'],
      params: [pathParam('challengeId')],
      success: [200, 'Challenge'],
      errors: [400, 404],
    }),
  },
  '/api/v1/challenges/{challengeId}/decision': {
    post: operation({
      summary: 'Uphold or dismiss a challenge',
      who: ['auditor'],
      params: [pathParam('challengeId')],
      body: 'DecisionInput',
      success: [200, 'WrittenChallenge'],
      errors: [403, 404, 409],
    }),
  },
  '/api/v1/awards': {
    get: operation({
      summary: 'Award history, newest first',
      who: ['anyone'],
      success: [200, 'AwardPage'],
      errors: [400],
      params: [
        queryParam('agency', str({ maxLength: 64 })),
        queryParam('vendor', ref('Id')),
        queryParam('from', ref('Timestamp'), 'inclusive, on awardedAt'),
        queryParam('to', ref('Timestamp'), 'exclusive, on awardedAt'),
        ...pageParams,
      ],
    }),
  },
  '/api/v1/vendors': {
    post: operation({
      summary: 'Onboard a vendor: CA user (role=vendor, vendorId) and ledger record',
      who: ['registrar'],
      body: 'RegisterVendor',
      success: [201, 'WrittenVendor'],
      errors: [403, 409],
    }),
  },
  '/api/v1/vendors/{vendorId}': {
    get: operation({
      summary: 'A vendor',
      who: ['anyone'],
      params: [pathParam('vendorId')],
      success: [200, 'Vendor'],
      errors: [400, 404],
    }),
  },
  '/api/v1/vendors/{vendorId}/debarment': {
    post: operation({
      summary: 'Debar a vendor',
      who: ['auditor'],
      params: [pathParam('vendorId')],
      body: 'DebarInput',
      success: [200, 'WrittenVendor'],
      errors: [403, 404, 409],
    }),
    delete: operation({
      summary: 'Reinstate a vendor',
      who: ['auditor'],
      params: [pathParam('vendorId')],
      body: 'Reason',
      success: [200, 'WrittenVendor'],
      errors: [403, 404, 409],
    }),
  },
  '/api/v1/events': {
    get: operation({
      summary: 'Chaincode events as server-sent events',
      who: ['anyone'],
      params: [
        queryParam('fromBlock', str({ pattern: '^[0-9]{1,19}$' })),
        {
          name: 'Last-Event-ID',
          in: 'header',
          required: false,
          schema: str({ pattern: '^[0-9]{1,19}:[A-Za-z0-9]{1,128}$' }),
          description: 'resume just after this event',
        },
      ],
      success: [200, undefined],
      errors: [400],
      extra: {
        responses: {
          200: {
            description:
              'text/event-stream: `id: <blockNumber>:<txId>`, `event: <eventName>`, `data: {"blockNumber","txId","eventName","payload"}`',
            content: { 'text/event-stream': { schema: str() } },
          },
          400: {
            description: STANDARD_ERRORS[400],
            content: { 'application/json': { schema: ref('Error') } },
          },
          401: {
            description: STANDARD_ERRORS[401],
            content: { 'application/json': { schema: ref('Error') } },
          },
        },
      },
    }),
  },
  '/api/v1/openapi.json': {
    get: operation({ summary: 'This document', who: ['public'], success: [200, undefined] }),
  },
  '/healthz': { get: operation({ summary: 'Liveness', who: ['public'], success: [200, 'Health'] }) },
  '/readyz': {
    get: operation({
      summary: 'Readiness: peers reachable',
      who: ['public'],
      success: [200, 'Health'],
      extra: {
        responses: {
          200: { description: 'ready', content: { 'application/json': { schema: ref('Health') } } },
          503: {
            description: 'some peer unreachable',
            content: { 'application/json': { schema: ref('Health') } },
          },
        },
      },
    }),
  },
  '/metrics': {
    get: operation({
      summary: 'Prometheus metrics',
      who: ['public'],
      success: [200, undefined],
      extra: {
        responses: {
          200: { description: 'text/plain; version=0.0.4', content: { 'text/plain': { schema: str() } } },
        },
      },
    }),
  },
};

for (const name of ['Policy', 'Tender', 'Bid', 'Evaluation', 'Award', 'Challenge', 'Contract', 'Vendor']) {
  schemas[`Written${name}`] = written(name);
}
schemas.Health = obj({ status: str(), peers: { type: 'object' } }, ['status']);

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Procurement ledger gateway',
    version: '1.0.0',
    description:
      'Public procurement on Hyperledger Fabric. Every write answers after commit with txId and blockNumber. ' +
      'Error bodies are { "error": { "code", "message", "details"? } }. CLOCK_SKEW is answered with 409.',
  },
  servers: [{ url: '/' }],
  security: [{ bearer: [] }],
  paths,
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    schemas,
  },
} as const;

export type OpenApiDocument = typeof openApiDocument;
