import { TIMESTAMP_PATTERN } from './limits';

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Parses an RFC 3339 timestamp (see TIMESTAMP_PATTERN) to epoch milliseconds, or undefined. Pure. */
export function parseTime(value: string): number | undefined {
  const m = TIMESTAMP_PATTERN.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (Number(m[3]) > daysInMonth(year, month)) return undefined;
  return Date.parse(value);
}

/** True for an RFC 3339 timestamp that names a real calendar day. */
export function isTime(value: string): boolean {
  return parseTime(value) !== undefined;
}
