import { readFileSync } from 'node:fs';
import path from 'node:path';

import { CURRENCY_CODES } from './currencies';
import { CURRENCY_PATTERN } from './limits';

const csv = readFileSync(
  path.join(__dirname, '..', 'ocds-schema', '1.1.5', 'codelists', 'currency.csv'),
  'utf8',
);

describe('ISO 4217 currency codes', () => {
  it('when the list is compared with the OCDS currency codelist, then it holds exactly the codes still in use', () => {
    const inUse = csv
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','))
      .filter((cells) => (cells[cells.length - 1] ?? '').trim() === '')
      .map((cells) => cells[0]);
    expect([...CURRENCY_CODES].sort()).toEqual([...new Set(inUse)].sort());
  });

  it.each([
    ['EUR', true],
    ['JPY', true],
    ['ABC', false],
    ['EURO', false],
    ['eur', false],
    ['', false],
  ])('when the currency is %j, then the pattern says %s', (code, ok) => {
    expect(CURRENCY_PATTERN.test(code)).toBe(ok);
  });
});
