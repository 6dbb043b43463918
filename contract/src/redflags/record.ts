/** A red flag as the ledger stores it: the rule's result, where and when it was raised, its review. */
import { z } from 'zod/v4';

import { idSchema, timestampSchema } from '../schemas/fields';
import { RED_FLAG_CODES, type RedFlag } from './flag';

export const RED_FLAG_STATUSES = ['raised', 'reviewed'] as const;
export type RedFlagStatus = (typeof RED_FLAG_STATUSES)[number];

export const redFlagRecordSchema = z.object({
  /** `${txId}-${code}`: one flag of each code per transaction, found again from the transaction. */
  flagId: z.string(),
  code: z.enum(RED_FLAG_CODES),
  tenderId: idSchema,
  /** The raising transaction's timestamp. */
  raisedAt: timestampSchema,
  txId: z.string(),
  evidence: z.object({ threshold: z.record(z.string(), z.unknown()) }).catchall(z.unknown()),
  status: z.enum(RED_FLAG_STATUSES),
  /** Set by the auditor. */
  review: z.object({ note: z.string(), at: timestampSchema, by: z.string() }).optional(),
});
export type RedFlagRecord = z.output<typeof redFlagRecordSchema>;
export const redFlagListSchema = z.object({ items: z.array(redFlagRecordSchema) });

/** The id of a flag raised by a transaction. */
export function redFlagIdOf(txId: string, code: RedFlag['code']): string {
  return `${txId}-${code}`;
}

/**
 * The record of a flag just raised by a transaction (status `raised`, no review).
 * @throws {RangeError} when the txId is empty.
 */
export function raisedFlagRecord(
  flag: RedFlag,
  tenderId: string,
  txId: string,
  txTime: string,
): RedFlagRecord {
  if (txId === '') throw new RangeError('a red flag needs the transaction id');
  return {
    flagId: redFlagIdOf(txId, flag.code),
    code: flag.code,
    tenderId,
    raisedAt: txTime,
    txId,
    evidence: flag.evidence,
    status: 'raised',
  };
}
