import { clockOffsetFrom } from '../ledger/clock';
import { skewOf } from './policy';
import { isDebarred } from './vendors';
import { earliestOf, isTime, latestOf, parseTime, toIso, toMillis } from './time';

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
  it('when the tx time lags the endorser clock by more than the tolerance, then it is back-dated', () => {
    expect(skewOf(1_000_000, 1_030_000, 30)).toBeUndefined();
    expect(skewOf(1_000_000, 1_030_001, 30)).toBe('backdated');
  });
  it('when a stored policy allows years of lag, then the cap of 60 s still holds', () => {
    expect(skewOf(1_000_000, 1_060_000, 315_360_000)).toBeUndefined();
    expect(skewOf(1_000_000, 1_060_001, 315_360_000)).toBe('backdated');
  });
  it('when the tx time runs ahead by more than two minutes, then it is refused whatever the policy', () => {
    expect(skewOf(1_120_000, 1_000_000, 0)).toBeUndefined();
    expect(skewOf(1_120_001, 1_000_000, 60)).toBe('forward');
  });
  it('when a deadline is checked on both clocks, then the later one decides "passed" and the earlier "come"', () => {
    expect(latestOf({ txMs: 5, endorserMs: 9 })).toBe(9);
    expect(earliestOf({ txMs: 5, endorserMs: 9 })).toBe(5);
    expect(latestOf(7)).toBe(7);
    expect(earliestOf(7)).toBe(7);
  });
  it('when the clock offset variable is set, then only a bounded integer is accepted', () => {
    expect(clockOffsetFrom(undefined)).toBe(0);
    expect(clockOffsetFrom('')).toBe(0);
    expect(clockOffsetFrom('-90000')).toBe(-90_000);
    expect(clockOffsetFrom('+1500')).toBe(1500);
    expect(() => clockOffsetFrom('1.5')).toThrow(/integer/);
    expect(() => clockOffsetFrom('abc')).toThrow(/integer/);
    expect(() => clockOffsetFrom('86400001')).toThrow(/within/);
  });
  it('when a debarment has an end in the past, then the vendor is no longer debarred', () => {
    expect(isDebarred(undefined, '2026-01-01T00:00:00.000Z')).toBe(false);
    const d = { reason: 'r', since: '2025-01-01T00:00:00.000Z', by: 'a' };
    expect(isDebarred(d, '2026-01-01T00:00:00.000Z')).toBe(true);
    expect(isDebarred({ ...d, until: '2026-01-01T00:00:00.000Z' }, '2026-01-01T00:00:00.000Z')).toBe(false);
    expect(isDebarred({ ...d, until: '2026-06-01T00:00:00.000Z' }, '2026-01-01T00:00:00.000Z')).toBe(true);
  });
});
