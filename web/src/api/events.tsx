/**
 * The live event stream (`GET /api/v1/events`). EventSource cannot send a bearer token, so the stream is
 * read with fetch. A stream starts at the next block (the live feed replays nothing at login) or, for a
 * page that needs the recent past, at a block it names; when the connection drops, a banner says so and
 * the stream resumes just after the last event it saw (Last-Event-ID).
 */
import { type EventPayload, type EventName } from '@procurement/contract';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';

import type { ApiClient } from './client';
import { useSession } from './session';
import { parseFrames } from './sse';

export interface LedgerEvent {
  id: string;
  blockNumber: string;
  txId: string;
  eventName: EventName;
  payload: EventPayload;
}

export interface Live {
  /** connecting: not yet opened; open: receiving; lost: dropped, retrying. */
  state: 'connecting' | 'open' | 'lost';
  /** Newest first, at most KEEP. */
  events: readonly LedgerEvent[];
}

const KEEP = 200;
const RETRY_MS = 2000;
const REFRESH_MS = 300;
const LiveContext = createContext<Live>({ state: 'connecting', events: [] });

function toLedgerEvent(id: string | undefined, data: string): LedgerEvent | undefined {
  try {
    const parsed = JSON.parse(data) as Omit<LedgerEvent, 'id' | 'blockNumber'> & {
      blockNumber: string | number;
    };
    const blockNumber = String(parsed.blockNumber);
    return { ...parsed, blockNumber, id: id ?? `${blockNumber}:${parsed.txId}` };
  } catch {
    return undefined;
  }
}

export interface StreamHandlers {
  /** The connection is (again) open. */
  onOpen: () => void;
  onEvent: (event: LedgerEvent) => void;
  /** The connection dropped; it is retried after RETRY_MS. */
  onLost: () => void;
}

/**
 * Reads the event stream until `signal` aborts: from `fromBlock` (the next block when absent) and,
 * after a drop, from just after the last event seen.
 */
export async function followEvents(
  api: ApiClient,
  fromBlock: string | undefined,
  signal: AbortSignal,
  handlers: StreamHandlers,
): Promise<void> {
  let lastId: string | undefined;
  const readOnce = async (): Promise<void> => {
    const res = await fetch(
      api.url('events', { query: { fromBlock: lastId === undefined ? fromBlock : undefined } }),
      {
        headers: {
          accept: 'text/event-stream',
          ...api.authHeader(),
          ...(lastId ? { 'last-event-id': lastId } : {}),
        },
        signal,
        cache: 'no-store',
      },
    );
    if (!res.ok || !res.body) throw new Error(`events: ${String(res.status)}`);
    handlers.onOpen();
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      const { events, rest } = parseFrames(buffer + value);
      buffer = rest;
      for (const e of events) {
        const event = toLedgerEvent(e.id, e.data);
        if (!event) continue;
        lastId = event.id;
        handlers.onEvent(event);
      }
    }
  };
  // A function: the compiler would take `signal.aborted` for unchanged across the awaits.
  const stopped = (): boolean => signal.aborted;
  while (!stopped()) {
    await readOnce().catch(() => undefined);
    if (stopped()) return;
    handlers.onLost();
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}

export function LiveEventsProvider({ children }: { children: ReactNode }) {
  const { api, identity } = useSession();
  const queryClient = useQueryClient();
  const [live, setLive] = useState<Live>({ state: 'connecting', events: [] });

  useEffect(() => {
    if (!identity) return undefined;
    const controller = new AbortController();
    const timer: { refresh?: ReturnType<typeof setTimeout> } = {};
    void followEvents(api, undefined, controller.signal, {
      onOpen: () => {
        setLive((prev) => ({ ...prev, state: 'open' }));
      },
      onEvent: (event) => {
        setLive((prev) => ({ state: 'open', events: [event, ...prev.events].slice(0, KEEP) }));
        // Events come in bursts (a block at a time): refresh what is shown once they settle.
        clearTimeout(timer.refresh);
        timer.refresh = setTimeout(() => {
          void queryClient.invalidateQueries();
        }, REFRESH_MS);
      },
      onLost: () => {
        setLive((prev) => ({ ...prev, state: 'lost' }));
      },
    });
    return () => {
      controller.abort();
      clearTimeout(timer.refresh);
      setLive({ state: 'connecting', events: [] });
    };
  }, [api, identity, queryClient]);

  return <LiveContext.Provider value={live}>{children}</LiveContext.Provider>;
}

export function useLive(): Live {
  return useContext(LiveContext);
}

/**
 * The events named `names` from block `fromBlock` on (oldest first), for a page that needs a bounded
 * stretch of the past; nothing is read while `fromBlock` is undefined. The stream stays open, so later
 * events arrive too.
 */
export function useEventsFrom(
  fromBlock: string | undefined,
  names: readonly EventName[],
): readonly LedgerEvent[] {
  const { api, identity } = useSession();
  const [events, setEvents] = useState<readonly LedgerEvent[]>([]);
  const key = names.join(',');
  useEffect(() => {
    if (!identity || fromBlock === undefined) return undefined;
    const wanted = new Set(key.split(','));
    const controller = new AbortController();
    void followEvents(api, fromBlock, controller.signal, {
      onOpen: () => undefined,
      onEvent: (event) => {
        if (wanted.has(event.eventName)) setEvents((prev) => [...prev, event]);
      },
      onLost: () => undefined,
    });
    return () => {
      controller.abort();
      setEvents([]);
    };
  }, [api, identity, fromBlock, key]);
  return events;
}
