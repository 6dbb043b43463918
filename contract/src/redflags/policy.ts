/** The red-flag thresholds of the procurement policy: their shape and their defaults. */
import { z } from 'zod/v4';

import { AMOUNT_PATTERN, CURRENCY_PATTERN } from '../limits';
import { integer, policySecondsSchema } from '../schemas/fields';

/** Seconds in a day: every period of the policy is in whole seconds. */
export const DAY_SECONDS = 86_400;

/** 100% in basis points. */
export const BASIS_POINTS = 10_000;

export const redFlagPolicySchema = z.strictObject({
  /** R003: a submission period shorter than this, per procedure, is flagged. */
  shortSubmissionSeconds: z.strictObject({ open: policySecondsSchema, restricted: policySecondsSchema }),
  /** PL-OVER-ESTIMATE: an award above the estimate by more than this many basis points is flagged. */
  overEstimateBasisPoints: integer().min(0).max(1_000_000),
  /** PL-LATE-AMENDMENT: a deadline or criteria change with less than this left before the deadline. */
  lateAmendmentSeconds: policySecondsSchema,
  /** PL-SPLIT: cross-agency contract splitting. */
  splitting: z.strictObject({
    /** Digits of the CPV code that make its group (2 = division, 3 = group, 4 = class, 5 = category). */
    cpvGroupDigits: integer().min(2).max(8),
    /** An earlier award counts when it is at most this old when the new award is made. */
    windowSeconds: policySecondsSchema,
    /** Threshold per currency, integer minor units; awards in another currency are not checked. */
    thresholds: z.record(z.string().regex(CURRENCY_PATTERN), z.string().regex(AMOUNT_PATTERN)),
  }),
});

export type RedFlagPolicy = z.output<typeof redFlagPolicySchema>;

/** The defaults, used until the auditor sets other thresholds. */
export const DEFAULT_RED_FLAG_POLICY: RedFlagPolicy = {
  shortSubmissionSeconds: { open: 15 * DAY_SECONDS, restricted: 15 * DAY_SECONDS },
  overEstimateBasisPoints: 1_000,
  lateAmendmentSeconds: 5 * DAY_SECONDS,
  splitting: {
    cpvGroupDigits: 3,
    windowSeconds: 90 * DAY_SECONDS,
    /** EUR 143,000.00: the EU threshold for central-government supply and service contracts. */
    thresholds: { EUR: '14300000' },
  },
};
