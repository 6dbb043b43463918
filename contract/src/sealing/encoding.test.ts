import { fromBase64Url, toBase64Url, tryFromBase64Url } from './encoding';
import { SealingError } from './errors';

describe('base64url', () => {
  it('matches Node for every length from 0 to 70 bytes', () => {
    for (let length = 0; length <= 70; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 89 + length * 7) & 0xff);
      const text = Buffer.from(bytes).toString('base64url');
      expect(toBase64Url(bytes)).toBe(text);
      expect(fromBase64Url(text)).toEqual(bytes);
    }
  });

  it.each([
    ['padding', 'AQ=='],
    ['standard alphabet +', 'a+b/'],
    ['white space', 'AQ '],
    ['impossible length', 'AQIDB'],
    ['non-zero unused bits (second spelling of 0x01)', 'AR'],
    ['non-zero unused bits of two bytes', 'AQF'],
  ])('refuses %s', (_what, text) => {
    expect(tryFromBase64Url(text)).toBeUndefined();
    expect(() => fromBase64Url(text)).toThrow(SealingError);
  });

  it('accepts the canonical spellings next to the refused ones', () => {
    expect(fromBase64Url('AQ')).toEqual(Uint8Array.of(1));
    expect(fromBase64Url('AQI')).toEqual(Uint8Array.of(1, 2));
    expect(fromBase64Url('')).toEqual(new Uint8Array(0));
  });
});
