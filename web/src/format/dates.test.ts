import { formatCountdown, formatInstant, fromLocalInput, secondsUntil, toLocalInput } from './dates';

describe('instants in the user’s zone with UTC beside them', () => {
  const instant = '2026-07-01T10:00:00Z';

  it('shows the local time with its zone and the UTC time', () => {
    const berlin = formatInstant(instant, { locale: 'en-GB', timeZone: 'Europe/Berlin' });
    expect(berlin.local).toBe('1 Jul 2026, 12:00:00 CEST');
    expect(berlin.utc).toBe('1 Jul 2026, 10:00:00 UTC');
    const tokyo = formatInstant(instant, { locale: 'en-GB', timeZone: 'Asia/Tokyo' });
    expect(tokyo.local).toBe('1 Jul 2026, 19:00:00 GMT+9');
    expect(tokyo.utc).toBe(berlin.utc);
  });

  it('counts down in whole seconds and never below zero', () => {
    const now = Date.parse(instant);
    expect(secondsUntil('2026-07-01T10:00:09.900Z', now)).toBe(9);
    expect(formatCountdown(9)).toBe('00:00:09');
    expect(formatCountdown(3 * 86_400 + 3661)).toBe('3d 01:01:01');
    expect(formatCountdown(-5)).toBe('00:00:00');
  });

  it('turns a datetime-local value (the user’s zone) into UTC RFC 3339 and back', () => {
    const local = toLocalInput(Date.parse(instant));
    expect(fromLocalInput(local)).toBe(instant);
    expect(fromLocalInput('')).toBeUndefined();
    expect(fromLocalInput('not a date')).toBeUndefined();
  });
});
