import { Router } from 'express';

import type { Services } from '../../services';
import { callerOf, watchSession } from '../auth';
import { queryString } from '../params';
import { controlFrame, sseFrame } from '../sse';
import { StreamSlots } from '../stream-limits';

const HEARTBEAT_MS = 15_000;

interface Log {
  warn: (o: object, m: string) => void;
}

/**
 * Server-sent events: one per chaincode event with a known name; `id` is `<blockNumber>:<txId>` for
 * Last-Event-ID. A stream closes when its token expires or is logged out; streams are capped per user
 * and overall (429 RATE_LIMITED past the cap).
 */
export function eventRoutes({ events }: Services, streams: StreamSlots = new StreamSlots()): Router {
  const router = Router();

  router.get('/events', async (req, res) => {
    const caller = callerOf(res);
    const log = (req as { log?: Log }).log;
    const controller = new AbortController();
    const lastEventId = req.get('last-event-id');
    const fromBlock = queryString(req, 'fromBlock');
    const stream = events.open(
      caller,
      {
        ...(lastEventId === undefined ? {} : { lastEventId }),
        ...(fromBlock === undefined ? {} : { fromBlock }),
      },
      controller.signal,
    );
    const release = streams.acquire(`${caller.mspId}/${caller.username}`);
    const unwatch = watchSession(res, (reason) => {
      res.write(
        controlFrame('error', {
          code: 'UNAUTHENTICATED',
          message: `the token ${reason === 'expired' ? 'has expired' : 'was logged out'}; log in again`,
        }),
      );
      controller.abort();
    });
    res.on('close', () => {
      controller.abort();
    });
    res.status(200).set({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    res.write(': stream open\n\n');
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    try {
      for await (const event of stream) {
        if (controller.signal.aborted) break;
        const frame = sseFrame({ id: event.id, event: event.event, data: event.data });
        if (frame === undefined) {
          log?.warn({ blockNumber: event.data.blockNumber }, 'unknown chaincode event name dropped');
          continue;
        }
        res.write(frame);
      }
    } catch (error) {
      if (!controller.signal.aborted) {
        log?.warn({ err: error }, 'event stream failed');
        res.write(controlFrame('error', { message: 'event stream interrupted; reconnect' }));
      }
    } finally {
      clearInterval(heartbeat);
      unwatch();
      release();
      res.end();
    }
  });

  return router;
}
