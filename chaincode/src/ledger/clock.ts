/**
 * The endorser's clock: the only wall-clock read in the chaincode. It never decides what is written,
 * only whether a proposal is refused (a timestamp too far from it, or a deadline it has passed).
 *
 * PROCUREMENT_CLOCK_OFFSET_MS (CLOCK_OFFSET_ENV), read once when the chaincode process starts, shifts
 * this process's clock by a whole number of milliseconds (at most a day either way). It exists for fault
 * tests that give one organisation's endorser a clock that runs ahead or behind; production runs leave
 * it unset. A malformed value stops the process at start rather than run with a wrong clock.
 */
import { CLOCK_OFFSET_ENV } from '@procurement/contract';

const MAX_OFFSET_MS = 86_400_000;

/** The offset a value of PROCUREMENT_CLOCK_OFFSET_MS gives; anything but a bounded integer is refused. */
export function clockOffsetFrom(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 0;
  if (!/^[+-]?[0-9]{1,9}$/.test(value.trim()))
    throw new Error(`${CLOCK_OFFSET_ENV} must be an integer number of milliseconds, not ${value}`);
  const offset = Number(value.trim());
  if (Math.abs(offset) > MAX_OFFSET_MS)
    throw new Error(`${CLOCK_OFFSET_ENV} must be within ±${MAX_OFFSET_MS} ms`);
  return offset;
}

const offsetMs = clockOffsetFrom(process.env[CLOCK_OFFSET_ENV]);

/** Replaceable in tests (the harness sets it per call). */
export const endorserClock = { now: (): number => Date.now() + offsetMs };
