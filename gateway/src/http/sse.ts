import { EVENT_NAMES, type EventName } from '@procurement/contract';

/** The chaincode's event names, declared once in the contract package: only these reach a stream. */
const KNOWN: ReadonlySet<string> = new Set(EVENT_NAMES);

export function isKnownEventName(name: string): name is EventName {
  return KNOWN.has(name);
}

/** The stream's own events (not chaincode events). */
export type ControlEventName = 'error';

/** `id:` values: what Last-Event-ID accepts back (`<blockNumber>:<txId>`). */
const EVENT_ID = /^\d{1,19}:[A-Za-z0-9]{1,128}$/;
/** An event field name: a known name only, and never anything but letters. */
const EVENT_FIELD = /^[A-Za-z]{1,64}$/;

/** One field per line of the value, so that no CR or LF in it can end the field or the frame. */
function field(name: 'id' | 'event' | 'data', value: string): string {
  return value
    .split(/\r\n|\r|\n/)
    .map((line) => `${name}: ${line}\n`)
    .join('');
}

/**
 * One server-sent event frame. The event name must be a known chaincode event (or the stream's own
 * `error`), else nothing is sent; an id that does not look like `<blockNumber>:<txId>` is left out; `data`
 * is JSON, with every line of it (there is one: JSON.stringify escapes CR and LF) prefixed by `data: `.
 */
export function sseFrame(
  frame: Readonly<{ id?: string; event: string; data: unknown }>,
  allowed: (name: string) => boolean = isKnownEventName,
): string | undefined {
  if (!EVENT_FIELD.test(frame.event) || !allowed(frame.event)) return undefined;
  // JSON.stringify escapes CR and LF; U+2028/U+2029 are escaped too, for clients that split lines on them.
  const json = (JSON.stringify(frame.data) as string | undefined)
    ?.replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return (
    (frame.id !== undefined && EVENT_ID.test(frame.id) ? field('id', frame.id) : '') +
    field('event', frame.event) +
    field('data', json ?? 'null') +
    '\n'
  );
}

/** A frame of the stream's own (`error`), always sent. */
export function controlFrame(event: ControlEventName, data: unknown): string {
  return sseFrame({ event, data }, () => true) ?? '';
}
