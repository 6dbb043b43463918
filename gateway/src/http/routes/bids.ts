import { Router } from 'express';

import { requireRole } from '../../services/access';
import type { Services } from '../../services';
import type { PlaceBidInput } from '../../services/bids';
import { callerOf } from '../auth';
import { idParam, validBody } from '../params';

export function bidRoutes({ bids }: Services): Router {
  const router = Router();

  router.get('/tenders/:id/bids', async (req, res) => {
    res.json(await bids.list(callerOf(res), idParam(req, 'id')));
  });

  router.post('/tenders/:id/bids', async (req, res) => {
    const caller = callerOf(res);
    requireRole(caller, 'vendor');
    const id = idParam(req, 'id');
    const input = await validBody<PlaceBidInput>(req, 'PlaceBid', () => bids.assertCanBid(caller, id));
    res.status(201).json(await bids.place(caller, id, input));
  });

  router.delete('/tenders/:id/bids/:bidId', async (req, res) => {
    const caller = callerOf(res);
    requireRole(caller, 'vendor');
    res.json(await bids.withdraw(caller, idParam(req, 'id'), idParam(req, 'bidId')));
  });

  router.post('/tenders/:id/bids/:bidId/reveal', async (req, res) => {
    const caller = callerOf(res);
    requireRole(caller, 'vendor');
    res.json(await bids.reveal(caller, idParam(req, 'id'), idParam(req, 'bidId')));
  });

  return router;
}
