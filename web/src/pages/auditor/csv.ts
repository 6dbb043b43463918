/** Award history as CSV (RFC 4180): amounts stay integer minor units, with the currency beside them. */
import type { Award } from '@procurement/contract';

const COLUMNS = [
  'tenderId',
  'agency',
  'vendorId',
  'bidId',
  'amountMinorUnits',
  'currency',
  'status',
  'awardedAt',
  'standstillEndsAt',
  'txId',
] as const;

function cell(value: string): string {
  // Quote what needs it; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function awardsCsv(awards: readonly Award[]): string {
  const rows = awards.map((a) =>
    [
      a.tenderId,
      a.agency,
      a.vendorId,
      a.bidId,
      a.price.amount,
      a.price.currency,
      a.status,
      a.awardedAt,
      a.standstillEndsAt,
      a.txId,
    ]
      .map(cell)
      .join(','),
  );
  return [COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}
