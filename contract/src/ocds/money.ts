/**
 * Exact conversion of the ledger's money (integer minor units as a decimal string, ISO 4217 code) to
 * OCDS's `Value` (a decimal JSON number). No arithmetic on floating-point numbers: the decimal text is
 * built from the digits, and the one `Number()` call is proven exact by a round trip.
 */
import type { Money } from '../schemas/records';

/**
 * ISO 4217 minor-unit exponents of every currency whose exponent is not 2 (ISO 4217 list one,
 * "Minor unit" column). Every other currency has two decimals. Codes without minor units (gold,
 * SDR, …) count as 0.
 */
// prettier-ignore
export const MINOR_UNIT_EXPONENTS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0,
  VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0, XAG: 0, XAU: 0, XBA: 0, XBB: 0, XBC: 0, XBD: 0, XDR: 0,
  XPD: 0, XPT: 0, XSU: 0, XTS: 0, XUA: 0, XXX: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** The exponent used for a currency without an entry in MINOR_UNIT_EXPONENTS. */
export const DEFAULT_MINOR_UNIT_EXPONENT = 2;

/**
 * Largest amount in minor units that is converted: 2^53. Beyond it a JSON number (an IEEE 754 double)
 * cannot even hold every integer, so the conversion refuses instead of rounding.
 */
export const MAX_OCDS_MINOR_UNITS = 9_007_199_254_740_992n;

/** An OCDS `Value`: a decimal amount and its currency. */
export interface OcdsValue {
  amount: number;
  currency: string;
}

/** The ISO 4217 minor-unit exponent of `currency` (2 unless listed in MINOR_UNIT_EXPONENTS). */
export function minorUnitExponent(currency: string): number {
  return MINOR_UNIT_EXPONENTS[currency] ?? DEFAULT_MINOR_UNIT_EXPONENT;
}

/**
 * The exact decimal text of `amount` minor units: `"1234"` in EUR is `"12.34"`, in JPY `"1234"`,
 * in BHD `"1.234"`. Trailing fraction zeros are dropped (`"1200"` EUR is `"12"`), as JSON prints them.
 * @throws {RangeError} when `amount` is not a canonical non-negative integer string.
 */
export function decimalText(amount: string, exponent: number): string {
  if (!/^(0|[1-9][0-9]*)$/.test(amount)) throw new RangeError(`not an amount in minor units: ${amount}`);
  if (exponent === 0) return amount;
  const padded = amount.padStart(exponent + 1, '0');
  const whole = padded.slice(0, padded.length - exponent);
  const fraction = padded.slice(padded.length - exponent).replace(/0+$/, '');
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

/**
 * Converts ledger money to an OCDS `Value` whose JSON text is exactly the decimal amount.
 * @throws {RangeError} when the amount is not canonical minor units, is above 2^53 minor units, or
 *   has a decimal text that no double reproduces exactly (more than 15 significant digits that do not
 *   survive the round trip): the amount is refused, never rounded.
 */
export function toOcdsValue(money: Money): OcdsValue {
  const text = decimalText(money.amount, minorUnitExponent(money.currency));
  if (BigInt(money.amount) > MAX_OCDS_MINOR_UNITS) {
    throw new RangeError(`${money.amount} ${money.currency} minor units exceed 2^53: not exact in JSON`);
  }
  const amount = Number(text);
  if (String(amount) !== text) {
    throw new RangeError(`${text} ${money.currency} has no exact JSON number (it would print ${amount})`);
  }
  return { amount, currency: money.currency };
}
