/** Time as integer milliseconds since the epoch; strings are RFC 3339. Pure. */
import { invalid } from '../errors';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Parses an RFC 3339 timestamp to epoch milliseconds, or undefined when it is not one. */
export function parseTime(value: string): number | undefined {
  const m = RFC3339.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return Date.parse(value);
}

export function isTime(value: string): boolean {
  return parseTime(value) !== undefined;
}

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
