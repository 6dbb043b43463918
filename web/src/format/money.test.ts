import { formatMoney, minorDigits, parseAmount, toDecimalText } from './money';

describe('money from minor units', () => {
  it('knows each currency’s minor-unit digits', () => {
    expect([minorDigits('EUR'), minorDigits('JPY'), minorDigits('BHD')]).toEqual([2, 0, 3]);
  });

  it('moves the decimal point in the text, padding small amounts', () => {
    expect(toDecimalText('123456', 2)).toBe('1234.56');
    expect(toDecimalText('5', 2)).toBe('0.05');
    expect(toDecimalText('0', 3)).toBe('0.000');
    expect(toDecimalText('700', 0)).toBe('700');
  });

  it('shows the currency and every digit of amounts a float would round', () => {
    // 2^53 + 1 minor units: Number() would print ...992, not ...993.
    expect(formatMoney({ amount: '9007199254740993', currency: 'EUR' }, 'en-GB')).toBe(
      'EUR\u00a090,071,992,547,409.93',
    );
    expect(formatMoney({ amount: '999999999999999999', currency: 'EUR' }, 'en-GB')).toContain(
      '9,999,999,999,999,999.99',
    );
    expect(formatMoney({ amount: '1234', currency: 'JPY' }, 'en-GB')).toBe('JPY\u00a01,234');
    expect(formatMoney({ amount: '1234', currency: 'BHD' }, 'en-GB')).toBe('BHD\u00a01.234');
  });

  it('formats in the user’s locale', () => {
    expect(formatMoney({ amount: '123456789', currency: 'EUR' }, 'de-DE')).toBe('1.234.567,89\u00a0EUR');
  });

  it('parses what a person types into minor units, refusing what is not an amount', () => {
    expect(parseAmount('812345.67', 'EUR')).toBe('81234567');
    expect(parseAmount(' 905000 ', 'EUR')).toBe('90500000');
    expect(parseAmount('0.5', 'EUR')).toBe('50');
    expect(parseAmount('0', 'EUR')).toBe('0');
    expect(parseAmount('1234', 'JPY')).toBe('1234');
    expect(parseAmount('1.5', 'JPY')).toBeUndefined();
    expect(parseAmount('1.234', 'EUR')).toBeUndefined();
    expect(parseAmount('-1', 'EUR')).toBeUndefined();
    expect(parseAmount('1,000', 'EUR')).toBeUndefined();
    expect(parseAmount('', 'EUR')).toBeUndefined();
    expect(parseAmount('1e6', 'EUR')).toBeUndefined();
    // 18 digits of minor units at most (the contract's AMOUNT_PATTERN).
    expect(parseAmount('9999999999999999.99', 'EUR')).toBe('999999999999999999');
    expect(parseAmount('99999999999999999.99', 'EUR')).toBeUndefined();
  });
});
