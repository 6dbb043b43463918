/**
 * The transaction registry: every chaincode transaction as `contract:Function`, with its string
 * arguments, whether it writes, and its result. Conventions every transaction follows:
 * - Arguments are strings. Structured input is one JSON string argument; the chaincode parses and
 *   validates it against the schema named here (bad input: `INVALID_ARGUMENT`).
 * - Every transaction returns one canonical JSON string (keys sorted, no floats), so all endorsers
 *   produce the same bytes; `bid:ReadSealed` returns the sealed bid's exact stored bytes.
 * - A refusal is thrown as an Error whose message is `<ChaincodeErrorCode>: <human message>`.
 * - Times are RFC 3339 UTC strings with millisecond precision, from the transaction timestamp.
 * - Money is integer minor units as a decimal string plus an ISO 4217 code.
 * `who` is informative; the chaincode's access table is the authority.
 */
import type { z } from 'zod/v4';

import * as input from './schemas/inputs';
import type { KeysWhere } from './types';
import * as record from './schemas/records';
import type { Role } from './vocabulary';

/** How a transaction's result text is read: JSON to parse, or exact bytes to pass on unchanged. */
export type ResultEncoding = 'json' | 'exact';

export interface TransactionSpec {
  /** Names of the string arguments, in order. */
  readonly args: readonly string[];
  /** Schema of the JSON argument named `json` in `args`, if there is one. */
  readonly json?: z.ZodType;
  /** True for a transaction that writes (submit); false for a query (evaluate). */
  readonly writes: boolean;
  readonly result: z.ZodType;
  readonly encoding: ResultEncoding;
  /** Who may call it; `anyone` for any channel member. */
  readonly who: readonly (Role | 'anyone')[];
}

function spec<const A extends readonly string[], R extends z.ZodType, E extends ResultEncoding = 'json'>(
  writes: boolean,
  who: readonly (Role | 'anyone')[],
  args: A,
  result: R,
  extra: { json?: z.ZodType; encoding?: E } = {},
): { writes: boolean; who: readonly (Role | 'anyone')[]; args: A; result: R; encoding: E; json?: z.ZodType } {
  return { writes, who, args, result, ...extra, encoding: (extra.encoding ?? 'json') as E };
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

  /** Transient `sealedBid` = canonical JSON of the SealedBid; endorsed by SuppliersMSP alone. */
  'bid:Seal': spec(true, ['vendor'], ['tenderId', 'bidId'], record.sealReceiptSchema),
  /** Majority-endorsed; records the private-data hash as the commitment. */
  'bid:Commit': spec(true, ['vendor'], ['tenderId', 'bidId'], record.bidRecordSchema),
  'bid:Withdraw': spec(true, ['vendor'], ['tenderId', 'bidId'], record.bidRecordSchema),
  /** Evaluated on the Suppliers peer only: the exact stored bytes of the caller's own sealed bid. */
  'bid:ReadSealed': spec(false, ['vendor'], ['tenderId', 'bidId'], input.sealedBidSchema, {
    encoding: 'exact',
  }),
  /** Between the deadlines; `sealedBidJson` is the exact sealed bytes as read back. */
  'bid:Reveal': spec(true, ['vendor'], ['tenderId', 'bidId', 'sealedBidJson'], record.bidRecordSchema),
  'bid:List': spec(false, anyone, ['tenderId'], record.bidListSchema),
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
  'vendor:Debar': spec(true, ['auditor'], ['vendorId', 'inputJson'], record.vendorSchema, {
    json: input.debarSchema,
  }),
  'vendor:Reinstate': spec(true, ['auditor'], ['vendorId', 'reason'], record.vendorSchema),
  'vendor:Get': spec(false, anyone, ['vendorId'], record.vendorSchema),
} as const satisfies Record<string, TransactionSpec>;

export type TransactionName = keyof typeof TRANSACTIONS;

/** A transaction's string arguments, as a tuple as long as its declared argument list. */
export type TxArgs<N extends TransactionName> = StringsFor<(typeof TRANSACTIONS)[N]['args']>;

/** One string per declared argument name (a homomorphic map, so tuples stay tuples). */
type StringsFor<A extends readonly string[]> = { -readonly [I in keyof A]: string };

/** A transaction's result, as the JSON its result text parses to. */
export type TxResult<N extends TransactionName> = z.output<(typeof TRANSACTIONS)[N]['result']>;

/** Transactions whose result text is JSON to parse (every one but the exact-bytes reads). */
export type JsonTransactionName = Exclude<
  TransactionName,
  KeysWhere<typeof TRANSACTIONS, 'encoding', 'exact'>
>;

/** Every transaction with its arguments and result (the shape of the registry, as types). */
export type Transactions = { [N in TransactionName]: { args: TxArgs<N>; result: TxResult<N> } };

export const TRANSACTION_NAMES = Object.keys(TRANSACTIONS) as TransactionName[];
