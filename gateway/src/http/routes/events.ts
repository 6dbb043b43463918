import { Router } from 'express';

import type { Services } from '../../services';
import { callerOf } from '../auth';
import { queryString } from '../params';

const HEARTBEAT_MS = 15_000;

/** Server-sent events: one per chaincode event; `id` is `<blockNumber>:<txId>` for Last-Event-ID. */
export function eventRoutes({ events }: Services): Router {
  const router = Router();

  router.get('/events', async (req, res) => {
    const caller = callerOf(res);
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
        res.write(`id: ${event.id}\nevent: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`);
      }
    } catch (error) {
      if (!controller.signal.aborted) {
        (req as { log?: { warn: (o: object, m: string) => void } }).log?.warn(
          { err: error },
          'event stream failed',
        );
        res.write(
          `event: error\ndata: ${JSON.stringify({ message: 'event stream interrupted; reconnect' })}\n\n`,
        );
      }
    } finally {
      clearInterval(heartbeat);
      res.end();
    }
  });

  return router;
}
