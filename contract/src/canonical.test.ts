import { describe, expect, it } from '@jest/globals';

import { canonicalJson } from './canonical';

/**
 * Inputs of every kind the ledger carries, with the exact bytes that the three former implementations
 * (chaincode, gateway, scripts) all produced: checked against each of them before they were removed.
 */
const CASES: [string, unknown, string][] = [
  ['an empty object', {}, '{}'],
  ['an empty array', [], '[]'],
  ['null', null, 'null'],
  ['a string', 'x', '"x"'],
  [
    'zero, negative zero and integers',
    [0, -0, 7, -12, 9_007_199_254_740_991],
    '[0,0,7,-12,9007199254740991]',
  ],
  ['fractions and exponents', [1.5, 1e21, 1e-7], '[1.5,1e+21,1e-7]'],
  ['booleans', { t: true, f: false }, '{"f":false,"t":true}'],
  [
    'nested keys out of order',
    { b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } },
    '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
  ],
  ['undefined members dropped', { a: undefined, b: 1 }, '{"b":1}'],
  ['undefined array items as null', [undefined, 1], '[null,1]'],
  ['escapes', { s: 'quote " back \\ nl \n tab \t' }, '{"s":"quote \\" back \\\\ nl \\n tab \\t"}'],
  ['control characters', { s: '\u0000\u001f' }, '{"s":"\\u0000\\u001f"}'],
  ['non-ASCII text kept as is', { s: 'é ü 漢字 😀' }, '{"s":"é ü 漢字 😀"}'],
  ['lone surrogates escaped', { s: '\ud800' }, '{"s":"\\ud800"}'],
  [
    'keys sorted by UTF-16 code units',
    { é: 1, z: 2, Z: 3, '😀': 4, ﬀ: 5, a: 6 },
    '{"Z":3,"a":6,"z":2,"é":1,"😀":4,"ﬀ":5}',
  ],
  ['numeric-looking keys', { '10': 'a', '9': 'b', '-1': 'c' }, '{"-1":"c","10":"a","9":"b"}'],
  ['empty key and empty string', { '': '' }, '{"":""}'],
  [
    'a sealed bid',
    {
      tenderId: 'T-1',
      bidId: 'b-xyz',
      vendorId: 'ACME',
      price: { currency: 'EUR', amount: '123456789012345678' },
      technicalProposal: { summary: 'Asphalt', nested: { weeks: 12, team: ['a', 'b'] } },
      documents: [{ sha256: 'a'.repeat(64), name: 'offer.pdf' }],
      salt: '0f'.repeat(32),
    },
    `{"bidId":"b-xyz","documents":[{"name":"offer.pdf","sha256":"${'a'.repeat(64)}"}],"price":{"amount":"123456789012345678","currency":"EUR"},"salt":"${'0f'.repeat(32)}","technicalProposal":{"nested":{"team":["a","b"],"weeks":12},"summary":"Asphalt"},"tenderId":"T-1","vendorId":"ACME"}`,
  ],
  ['deep nesting', { a: [[[{ b: [[{}]] }]]] }, '{"a":[[[{"b":[[{}]]}]]]}'],
];

describe('canonical JSON', () => {
  it.each(CASES)('when given %s, then it writes the same bytes as ever', (_what, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('when given JSON text parsed back, then it is a fixed point', () => {
    for (const [, value] of CASES) {
      const once = canonicalJson(value);
      expect(canonicalJson(JSON.parse(once))).toBe(once);
    }
  });
});
