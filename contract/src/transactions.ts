/**
 * The transaction registry: every chaincode transaction as `contract:Function`, with its string
 * arguments, whether it writes, and its result. Conventions every transaction follows:
 * - Arguments are strings. Structured input is one JSON string argument; the chaincode parses and
 *   validates it against the schema named here (bad input: `INVALID_ARGUMENT`).
 * - Every transaction returns one canonical JSON string (keys sorted, no floats), so all endorsers
 *   produce the same bytes.
 * - A refusal is thrown as an Error whose message is `<ChaincodeErrorCode>: <human message>`.
 * - Times are RFC 3339 UTC strings with millisecond precision, from the transaction timestamp.
 * - Money is integer minor units as a decimal string plus an ISO 4217 code.
 * `who` is informative; the chaincode's access table is the authority.
 */
import type { z } from 'zod/v4';

import * as input from './schemas/inputs';
import * as record from './schemas/records';
import * as bids from './schemas/bids';
import { registeredOpeningKeySchema } from './sealing/opening-keys';
import { redFlagListSchema, redFlagRecordSchema } from './redflags/record';
import type { Role } from './vocabulary';

export interface TransactionSpec {
  /** Names of the string arguments, in order. */
  readonly args: readonly string[];
  /** Schema of the JSON argument named `json` in `args`, if there is one. */
  readonly json?: z.ZodType;
  /** True for a transaction that writes (submit); false for a query (evaluate). */
  readonly writes: boolean;
  readonly result: z.ZodType;
  /** Who may call it; `anyone` for any channel member. */
  readonly who: readonly (Role | 'anyone')[];
}

function spec<const A extends readonly string[], R extends z.ZodType>(
  writes: boolean,
  who: readonly (Role | 'anyone')[],
  args: A,
  result: R,
  extra: { json?: z.ZodType } = {},
): { writes: boolean; who: readonly (Role | 'anyone')[]; args: A; result: R; json?: z.ZodType } {
  return { writes, who, args, result, ...extra };
}

const anyone = ['anyone'] as const;

export const TRANSACTIONS = {
  'policy:Get': spec(false, anyone, [], record.policySchema),
  /** Records a pending change (replacing any earlier pending one); nothing changes until approved. */
  'policy:Propose': spec(true, ['auditor'], ['proposalJson'], record.policyProposalSchema, {
    json: input.policyProposalInputSchema,
  }),
  /** Another auditor than the proposer puts the named pending proposal in force. */
  'policy:Approve': spec(true, ['auditor'], ['proposalId', 'reason'], record.policySchema),
  'policy:GetProposal': spec(false, anyone, [], record.policyProposalSchema),
  'policy:History': spec(false, anyone, [], record.policyHistorySchema),

  'tender:Create': spec(true, ['officer'], ['inputJson'], record.tenderSchema, {
    json: input.createTenderSchema,
  }),
  'tender:Publish': spec(true, ['officer'], ['tenderId'], record.tenderSchema),
  'tender:Amend': spec(true, ['officer'], ['tenderId', 'inputJson'], record.tenderSchema, {
    json: input.amendTenderSchema,
  }),
  /** After the opening deadline only with the auditor's approval on the ledger (tender:ApproveCancel). */
  'tender:Cancel': spec(true, ['officer'], ['tenderId', 'reason'], record.tenderSchema),
  /** The auditor's approval of cancelling a tender whose opening deadline has passed (prices known). */
  'tender:ApproveCancel': spec(true, ['auditor'], ['tenderId', 'reason'], record.tenderSchema),
  'tender:Get': spec(false, anyone, ['tenderId'], record.tenderViewSchema),
  'tender:List': spec(false, anyone, ['queryJson'], record.tenderPageSchema, {
    json: input.listTendersSchema,
  }),
  'tender:History': spec(false, anyone, ['tenderId'], record.tenderHistorySchema),

  /** Open to every organisation's opener; a key-level endorsement policy then lets only it change its keys. */
  'openingKey:Register': spec(true, ['opener'], ['keyJson'], registeredOpeningKeySchema, {
    json: bids.registerOpeningKeySchema,
  }),
  'openingKey:List': spec(false, anyone, [], bids.openingKeysSchema),

  /** One majority-endorsed transaction: the envelope, checked for structure; the bid id derives from the nonce. */
  'bid:Seal': spec(true, ['vendor'], ['tenderId', 'nonce', 'envelopeJson'], record.bidRecordSchema, {
    json: bids.sealedBidEnvelopeSchema,
  }),
  'bid:Withdraw': spec(true, ['vendor'], ['tenderId', 'bidId'], record.bidRecordSchema),
  /** After the submission deadline: the caller organisation's shares; opens every bid that reaches t. */
  'bid:ReleaseShares': spec(true, ['opener'], ['tenderId', 'releaseJson'], bids.openingResultSchema, {
    json: bids.releaseSharesSchema,
  }),
  /** Opens every sealed bid of the tender that has t released shares (the release usually already did). */
  'bid:Open': spec(true, ['opener', 'officer'], ['tenderId'], bids.openingResultSchema),
  /** The caller organisation's pending work: live sealed bids it has released nothing for. */
  'bid:Envelopes': spec(false, ['opener'], ['tenderId'], bids.pendingEnvelopesSchema),
  'bid:Opening': spec(false, anyone, ['tenderId'], bids.openingStatusSchema),
  'bid:List': spec(false, anyone, ['tenderId', 'queryJson'], record.bidListSchema, {
    json: bids.listBidsSchema,
  }),
  'bid:Get': spec(false, anyone, ['tenderId', 'bidId'], record.bidRecordSchema),

  'evaluation:Submit': spec(
    true,
    ['evaluator'],
    ['tenderId', 'inputJson'],
    record.evaluationSchema.or(record.recusalSchema),
    { json: input.scoreInputSchema },
  ),
  'evaluation:List': spec(false, anyone, ['tenderId'], record.evaluationListSchema),

  'award:Make': spec(true, ['officer'], ['tenderId'], record.awardSchema),
  'award:Get': spec(false, anyone, ['tenderId'], record.awardSchema),
  'award:List': spec(false, anyone, ['queryJson'], record.awardPageSchema, { json: input.listAwardsSchema }),
  'award:LodgeChallenge': spec(
    true,
    ['vendor'],
    ['tenderId', 'challengeId', 'reason'],
    record.challengeSchema,
  ),
  'award:DecideChallenge': spec(
    true,
    ['auditor'],
    ['challengeId', 'decision', 'reason'],
    record.challengeSchema,
  ),
  'award:GetChallenge': spec(false, anyone, ['challengeId'], record.challengeSchema),
  'award:RecordContract': spec(true, ['officer'], ['tenderId', 'inputJson'], record.contractRecordSchema, {
    json: input.recordContractSchema,
  }),

  'vendor:Register': spec(true, ['registrar'], ['inputJson'], record.vendorSchema, {
    json: input.registerVendorSchema,
  }),
  /** A user of the vendor approves another enrolment id to act for it (the registrar cannot add one). */
  'vendor:ApproveUser': spec(true, ['vendor'], ['vendorId', 'username'], record.vendorSchema),
  'vendor:Debar': spec(true, ['auditor'], ['vendorId', 'inputJson'], record.vendorSchema, {
    json: input.debarSchema,
  }),
  'vendor:Reinstate': spec(true, ['auditor'], ['vendorId', 'reason'], record.vendorSchema),
  'vendor:Get': spec(false, anyone, ['vendorId'], record.vendorSchema),

  /** The red flags the chaincode raised on a tender (oldest first). */
  'redflag:List': spec(false, anyone, ['tenderId'], redFlagListSchema),
  /** The auditor marks a flag reviewed, with a note (once). */
  'redflag:Review': spec(true, ['auditor'], ['flagId', 'note'], redFlagRecordSchema),
} as const satisfies Record<string, TransactionSpec>;

export type TransactionName = keyof typeof TRANSACTIONS;

/** A transaction's string arguments, as a tuple as long as its declared argument list. */
export type TxArgs<N extends TransactionName> = StringsFor<(typeof TRANSACTIONS)[N]['args']>;

/** One string per declared argument name (a homomorphic map, so tuples stay tuples). */
type StringsFor<A extends readonly string[]> = { -readonly [I in keyof A]: string };

/** A transaction's result, as the JSON its result text parses to. */
export type TxResult<N extends TransactionName> = z.output<(typeof TRANSACTIONS)[N]['result']>;

/** Every transaction with its arguments and result (the shape of the registry, as types). */
export type Transactions = { [N in TransactionName]: { args: TxArgs<N>; result: TxResult<N> } };

export const TRANSACTION_NAMES = Object.keys(TRANSACTIONS) as TransactionName[];
