/** Instants shown in the user's own time zone, with the UTC time beside them. */

export interface ShownInstant {
  /** In the user's (or the given) time zone, with the zone's name. */
  local: string;
  /** The same instant in UTC. */
  utc: string;
}

export function formatInstant(
  iso: string,
  options: { locale?: string; timeZone?: string } = {},
): ShownInstant {
  const date = new Date(iso);
  const style = { dateStyle: 'medium', timeStyle: 'long' } as const;
  return {
    local: new Intl.DateTimeFormat(options.locale, { ...style, timeZone: options.timeZone }).format(date),
    utc: new Intl.DateTimeFormat(options.locale, { ...style, timeZone: 'UTC' }).format(date),
  };
}

/** Whole seconds until the instant (negative once it has passed). */
export function secondsUntil(iso: string, now: number = Date.now()): number {
  return Math.floor((new Date(iso).getTime() - now) / 1000);
}

/** A countdown such as "2d 03:04:05" or "00:00:09"; "0" parts below a day are kept for steady width. */
export function formatCountdown(totalSeconds: number): string {
  const s = Math.max(0, totalSeconds);
  const days = Math.floor(s / 86_400);
  const clock = [Math.floor((s % 86_400) / 3600), Math.floor((s % 3600) / 60), s % 60]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
  return days > 0 ? `${days}d ${clock}` : clock;
}

/** A datetime-local input's value (the user's zone) -> RFC 3339 in UTC, or undefined when empty or invalid. */
export function fromLocalInput(value: string): string | undefined {
  if (value === '') return undefined;
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? undefined : new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** An instant -> a datetime-local input's value in the user's zone (minutes precision). */
export function toLocalInput(time: number): string {
  const d = new Date(time);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
