import { describe, expect, it } from '@jest/globals';

import { canonicalJson } from './canonical-json';

describe('canonical JSON', () => {
  it('sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('escapes strings as JSON does and refuses non-finite numbers', () => {
    expect(canonicalJson({ s: 'quote " and é' })).toBe('{"s":"quote \\" and é"}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow('non-finite');
  });
});
