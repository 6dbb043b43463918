/** Time as integer milliseconds since the epoch; strings are RFC 3339. Pure. */
import { parseTime } from '@procurement/contract';
import { invalid } from '../errors';

export { isTime, parseTime } from '@procurement/contract';

/** Epoch ms (must be an RFC 3339 string already validated) */
export function toMillis(value: string): number {
  const ms = parseTime(value);
  if (ms === undefined) throw invalid(`not an RFC 3339 timestamp: ${value}`);
  return ms;
}

/** Canonical form: UTC with millisecond precision. A deterministic conversion, not a clock read. */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

export const SECOND = 1000;
