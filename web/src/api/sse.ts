/** Server-sent events framing (the gateway's `id`, `event`, `data` lines), for a fetch body stream. */

export interface ServerEvent {
  id?: string;
  event?: string;
  data: string;
}

/** Splits complete frames off the buffer; returns them and what is left for the next chunk. */
export function parseFrames(buffer: string): { events: ServerEvent[]; rest: string } {
  const frames = buffer.split(/\r?\n\r?\n/);
  const rest = frames.pop() ?? '';
  const events: ServerEvent[] = [];
  for (const frame of frames) {
    const event: ServerEvent = { data: '' };
    const data: string[] = [];
    for (const line of frame.split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue; // blank or a comment (keep-alive)
      const field = line.slice(0, colon);
      const value = line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') data.push(value);
      else if (field === 'id') event.id = value;
      else if (field === 'event') event.event = value;
    }
    if (data.length > 0 || event.event !== undefined) events.push({ ...event, data: data.join('\n') });
  }
  return { events, rest };
}
