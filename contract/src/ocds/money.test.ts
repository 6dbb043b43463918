import { decimalText, MAX_OCDS_MINOR_UNITS, minorUnitExponent, toOcdsValue } from './money';

const eur = (amount: string) => ({ amount, currency: 'EUR' });

describe('minor-unit exponents', () => {
  it('knows the currencies with no, two, three and four decimals', () => {
    expect(['JPY', 'EUR', 'BHD', 'CLF'].map(minorUnitExponent)).toEqual([0, 2, 3, 4]);
  });
});

describe('decimalText', () => {
  it.each([
    ['0', 2, '0'],
    ['1', 2, '0.01'],
    ['10', 2, '0.1'],
    ['100', 2, '1'],
    ['1234', 2, '12.34'],
    ['1200', 2, '12'],
    ['1234', 0, '1234'],
    ['1234', 3, '1.234'],
    ['5', 4, '0.0005'],
  ])('%s minor units with exponent %i is %s', (amount, exponent, text) => {
    expect(decimalText(amount, exponent)).toBe(text);
  });

  it.each(['-1', '01', '1.5', '', '1e3'])('refuses %p', (amount) => {
    expect(() => decimalText(amount, 2)).toThrow(RangeError);
  });
});

describe('toOcdsValue', () => {
  it('prints exactly the decimal amount in JSON', () => {
    expect(JSON.stringify(toOcdsValue(eur('1234567')))).toBe('{"amount":12345.67,"currency":"EUR"}');
    expect(JSON.stringify(toOcdsValue(eur('10')))).toBe('{"amount":0.1,"currency":"EUR"}');
    expect(JSON.stringify(toOcdsValue({ amount: '1', currency: 'KWD' }))).toBe(
      '{"amount":0.001,"currency":"KWD"}',
    );
  });

  it('converts 15 significant digits with decimals exactly (the guaranteed range)', () => {
    expect(JSON.stringify(toOcdsValue(eur('999999999999999')).amount)).toBe('9999999999999.99');
  });

  it('converts integers up to 2^53 exactly and refuses one minor unit more', () => {
    const max = MAX_OCDS_MINOR_UNITS.toString();
    expect(toOcdsValue({ amount: max, currency: 'JPY' }).amount).toBe(2 ** 53);
    expect(() => toOcdsValue({ amount: (MAX_OCDS_MINOR_UNITS + 1n).toString(), currency: 'JPY' })).toThrow(
      /exceed 2\^53/,
    );
  });

  it('refuses a 16-digit decimal that no double holds, instead of rounding it', () => {
    // 90071992547409.91 is below 2^53 minor units, but the nearest double prints as …409.9.
    expect(() => toOcdsValue(eur('9007199254740991'))).toThrow(/no exact JSON number/);
  });

  it('refuses an amount that is not minor units', () => {
    expect(() => toOcdsValue(eur('12.5'))).toThrow(RangeError);
  });
});
