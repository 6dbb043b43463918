/** A raised red flag: its code and the evidence that raised it. */
import type { Money } from '../schemas/records';
import { parseTime } from '../time';

/**
 * The codes. `R…` codes are the Open Contracting Partnership's red-flag indicators (as in its Cardinal
 * library); `PL-…` codes are this project's own, for rules that have no OCP code we are sure of.
 */
export const RED_FLAG_CODES = [
  'R003',
  'R018',
  'R028',
  'R035',
  'R036',
  'PL-OVER-ESTIMATE',
  'PL-LATE-AMENDMENT',
  'PL-SPLIT',
] as const;
export type RedFlagCode = (typeof RED_FLAG_CODES)[number];

/** A JSON figure of the evidence. Amounts are money objects or minor-unit strings, never floats. */
export type Figure =
  | string
  | number
  | boolean
  | Money
  | readonly Figure[]
  | { readonly [key: string]: Figure };

/** The figures that triggered the flag, and the threshold that was applied. */
export interface Evidence {
  readonly threshold: { readonly [key: string]: Figure };
  readonly [figure: string]: Figure;
}

export interface RedFlag {
  code: RedFlagCode;
  evidence: Evidence;
}

/**
 * Epoch milliseconds of an RFC 3339 timestamp (an integer).
 * @throws {RangeError} when the value is not an RFC 3339 timestamp.
 */
export function millisOf(time: string): number {
  const value = parseTime(time);
  if (value === undefined) throw new RangeError(`not an RFC 3339 timestamp: ${time}`);
  return value;
}

/** Whole seconds in a non-negative millisecond duration, rounded down, by integer arithmetic. */
export function wholeSeconds(millis: number): number {
  return (millis - (millis % 1000)) / 1000;
}
