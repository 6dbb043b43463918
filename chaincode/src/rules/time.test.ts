import { isSkewed } from './policy';
import { isDebarred } from './vendors';
import { isTime, parseTime, toIso, toMillis } from './time';

describe('RFC 3339 times', () => {
  it.each([
    ['2026-01-31T12:00:00Z', 1769860800000],
    ['2026-01-31T12:00:00.123Z', 1769860800123],
    ['2026-01-31T13:00:00+01:00', 1769860800000],
    ['2024-02-29T00:00:00Z', 1709164800000],
  ])('when given %s, then it parses to %d', (text, ms) => {
    expect(parseTime(text)).toBe(ms);
  });

  it.each([
    '2026-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01',
    '1969-12-31T23:59:59Z',
    'soon',
    '2100-02-29T00:00:00Z',
  ])('when given %s, then it is not a time', (text) => {
    expect(isTime(text)).toBe(false);
  });

  it('when converting, then the canonical form is UTC with milliseconds', () => {
    expect(toIso(toMillis('2026-01-31T13:00:00+01:00'))).toBe('2026-01-31T12:00:00.000Z');
    expect(() => toMillis('nope')).toThrow(/^INVALID_ARGUMENT/);
  });
});

describe('clock skew and debarment', () => {
  it('when the tx time is within tolerance, then it is not skewed; beyond it, it is', () => {
    expect(isSkewed(1_000_000, 1_300_000, 300)).toBe(false);
    expect(isSkewed(1_000_000, 1_300_001, 300)).toBe(true);
    expect(isSkewed(1_300_001, 1_000_000, 300)).toBe(true);
  });
  it('when a debarment has an end in the past, then the vendor is no longer debarred', () => {
    expect(isDebarred(undefined, '2026-01-01T00:00:00.000Z')).toBe(false);
    const d = { reason: 'r', since: '2025-01-01T00:00:00.000Z', by: 'a' };
    expect(isDebarred(d, '2026-01-01T00:00:00.000Z')).toBe(true);
    expect(isDebarred({ ...d, until: '2026-01-01T00:00:00.000Z' }, '2026-01-01T00:00:00.000Z')).toBe(false);
    expect(isDebarred({ ...d, until: '2026-06-01T00:00:00.000Z' }, '2026-01-01T00:00:00.000Z')).toBe(true);
  });
});
