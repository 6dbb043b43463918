/** Field schemas shared by the chaincode's arguments, its records and the HTTP bodies. */
import { z } from 'zod/v4';

import {
  AMOUNT_PATTERN,
  CRITERION_ID_PATTERN,
  CURRENCY_PATTERN,
  ID_PATTERN,
  LIMITS,
  SHA256_PATTERN,
  TIMESTAMP_PATTERN,
  URL_PATTERN,
  USERNAME_PATTERN,
} from '../limits';
import { isTime } from '../time';
import { AWARD_METHODS, PROCEDURES } from '../vocabulary';

export const idSchema = z.string().regex(ID_PATTERN, `must match ${ID_PATTERN.source}`);
export const usernameSchema = z.string().regex(USERNAME_PATTERN, `must match ${USERNAME_PATTERN.source}`);

/** Characters as JSON Schema's `maxLength` counts them: Unicode code points, not UTF-16 units. */
export function characters(value: string): number {
  return Array.from(value).length;
}

/** A string of `min` to `max` characters (code points), published as JSON Schema min/maxLength. */
export function chars(min: number, max: number): z.ZodString {
  return z
    .string()
    .refine((s) => characters(s) >= min, `must be at least ${min} characters`)
    .refine((s) => characters(s) <= max, `must be at most ${max} characters`)
    .meta(min > 0 ? { minLength: min, maxLength: max } : { maxLength: max });
}

/** Non-empty text of at most `max` characters. */
export function text(max: number): z.ZodString {
  return chars(1, max);
}

/** RFC 3339 timestamp (pattern plus a real calendar day; `date-time` in JSON Schema). */
export const timestampSchema = z
  .string()
  .regex(TIMESTAMP_PATTERN, 'must be an RFC 3339 timestamp')
  .refine(isTime, 'must be an RFC 3339 timestamp')
  .meta({ format: 'date-time', description: 'RFC 3339' });

export const moneySchema = z.strictObject({
  amount: z.string().regex(AMOUNT_PATTERN, 'integer minor units'),
  currency: z.string().regex(CURRENCY_PATTERN, 'must be an ISO 4217 currency code'),
});

export const documentSchema = z.strictObject({
  name: text(LIMITS.documentName),
  sha256: z.string().regex(SHA256_PATTERN, 'lower-case hex SHA-256'),
  // .meta again: a check added after chars() makes a new schema, which would lose the JSON Schema lengths.
  url: text(LIMITS.url)
    .regex(URL_PATTERN, 'must be an http or https URL')
    .meta({ minLength: 1, maxLength: LIMITS.url })
    .optional(),
});
export const documentsSchema = z.array(documentSchema).max(LIMITS.documents);

export const procedureSchema = z.enum(PROCEDURES);
export const awardMethodSchema = z.enum(AWARD_METHODS);

/** An integer (zod's own message says "int"; the contract says "integer"). */
export const integer = (): z.ZodNumber => z.number().int('must be an integer');

/** The policy's t: shares needed to open a sealed bid; at least 2, at most the sealing core's 16 organisations. */
export const openingThresholdSchema = integer().min(2).max(16);

export const percentSchema = integer().min(0).max(LIMITS.percent);
export const scoreValueSchema = integer().min(0).max(LIMITS.maxScore);

export const criterionIdSchema = z
  .string()
  .regex(
    CRITERION_ID_PATTERN,
    `must match ${ID_PATTERN.source} and not be __proto__, prototype, constructor or toJSON`,
  );

export const criterionSchema = z.strictObject({
  id: criterionIdSchema,
  name: text(LIMITS.criterionName),
  weight: percentSchema,
  maxScore: integer().min(1).max(LIMITS.maxScore),
});

export const pageSizeSchema = integer().min(1).max(LIMITS.pageSize);
export const bookmarkSchema = chars(0, LIMITS.bookmark);
export const policySecondsSchema = integer().min(0).max(LIMITS.policySeconds);
