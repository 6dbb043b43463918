/**
 * The live event stream (`GET /api/v1/events`). EventSource cannot send a bearer token, so the stream is
 * read with fetch. Each event refreshes what the portal shows; when the connection drops, a banner says
 * so and the stream resumes just after the last event it saw (Last-Event-ID).
 */
import { type EventPayload, type EventName } from '@procurement/contract';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';

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

export function LiveEventsProvider({ children }: { children: ReactNode }) {
  const { api, identity } = useSession();
  const queryClient = useQueryClient();
  const [live, setLive] = useState<Live>({ state: 'connecting', events: [] });

  useEffect(() => {
    if (!identity) return undefined;
    const controller = new AbortController();
    let lastId: string | undefined;
    const run = { stopped: false };
    const active = (): boolean => !run.stopped;
    const timer: { refresh?: ReturnType<typeof setTimeout> } = {};

    const receive = (event: LedgerEvent): void => {
      lastId = event.id;
      setLive((prev) => ({ state: 'open', events: [event, ...prev.events].slice(0, KEEP) }));
      // A replay delivers many events at once: refresh what is shown once they settle.
      clearTimeout(timer.refresh);
      timer.refresh = setTimeout(() => {
        void queryClient.invalidateQueries();
      }, REFRESH_MS);
    };

    const readOnce = async (): Promise<void> => {
      const res = await fetch(
        api.url('events', { query: { fromBlock: lastId === undefined ? '0' : undefined } }),
        {
          headers: {
            accept: 'text/event-stream',
            ...api.authHeader(),
            ...(lastId ? { 'last-event-id': lastId } : {}),
          },
          signal: controller.signal,
          cache: 'no-store',
        },
      );
      if (!res.ok || !res.body) throw new Error(`events: ${String(res.status)}`);
      setLive((prev) => ({ ...prev, state: 'open' }));
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const { events, rest } = parseFrames(buffer + value);
        buffer = rest;
        for (const e of events) {
          const event = toLedgerEvent(e.id, e.data);
          if (event) receive(event);
        }
      }
    };

    const loop = async (): Promise<void> => {
      while (active()) {
        await readOnce().catch(() => undefined);
        if (!active()) return;
        setLive((prev) => ({ ...prev, state: 'lost' }));
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    };
    void loop();
    return () => {
      run.stopped = true;
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
