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

/**
 * The two clocks of a transaction: its timestamp (chosen by the client, identical on every endorser, the
 * time that is written) and the endorser's own clock (read once per proposal, never written).
 */
export interface Clocks {
  txMs: number;
  endorserMs: number;
}

/** A moment to check a deadline at: both clocks, or the transaction time alone. */
export type Now = number | Clocks;

/** The later of the clocks: a deadline has passed if it has passed by either. */
export function latestOf(now: Now): number {
  return typeof now === 'number' ? now : Math.max(now.txMs, now.endorserMs);
}

/** The earlier of the clocks: a moment has come only once it has come by both. */
export function earliestOf(now: Now): number {
  return typeof now === 'number' ? now : Math.min(now.txMs, now.endorserMs);
}
