/**
 * Money as the ledger keeps it: an integer count of the currency's minor units in a string. It is shown
 * and parsed by moving the decimal point in the text, never through a floating-point number.
 */
import { AMOUNT_PATTERN, type Money } from '@procurement/contract';

/** The currency's minor-unit digits (EUR 2, JPY 0, BHD 3), as the locale data knows them. */
export function minorDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/** "123456" minor units, 2 digits -> "1234.56" (exact decimal text). */
export function toDecimalText(amount: string, digits: number): string {
  if (digits === 0) return amount;
  const padded = amount.padStart(digits + 1, '0');
  return `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/** The amount with its currency in the user's locale, e.g. "€1,234.56"; exact for every amount the ledger allows. */
export function formatMoney(money: Money, locale?: string): string {
  const digits = minorDigits(money.currency);
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: money.currency,
    currencyDisplay: 'code',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // A decimal string is formatted exactly (Intl.NumberFormat v3); a number would round above 2^53.
  return format.format(toDecimalText(money.amount, digits) as Intl.StringNumericLiteral);
}

/**
 * What a person types ("1234.5", "1 234,50" is not accepted: one dot, no grouping) -> minor units, or
 * undefined when it is not an amount in that currency.
 */
export function parseAmount(input: string, currency: string): string | undefined {
  const digits = minorDigits(currency);
  const match = /^(\d+)(?:\.(\d*))?$/.exec(input.trim());
  if (!match) return undefined;
  const [, whole = '', fraction = ''] = match;
  if (fraction.length > digits) return undefined;
  const minor = `${whole}${fraction.padEnd(digits, '0')}`.replace(/^0+(?=\d)/, '');
  return AMOUNT_PATTERN.test(minor) ? minor : undefined;
}
