import { Router } from 'express';

import type { CreateTenderInput, ListTendersQuery, TenderStatus } from '@procurement/contract';
import { invalidArgument } from '../../domain/errors';
import { requireRole } from '../../services/access';
import type { Services } from '../../services';
import type { AmendInput } from '../../services/tenders';
import { callerOf } from '../auth';
import { bookmark, defined, idParam, pageSize, queryString, validBody } from '../params';

const STATUSES: readonly TenderStatus[] = [
  'draft',
  'published',
  'evaluation',
  'awarded',
  'contracted',
  'cancelled',
];

export function tenderRoutes({ tenders, history }: Services): Router {
  const router = Router();

  router.get('/tenders', async (req, res) => {
    const caller = callerOf(res);
    const status = queryString(req, 'status');
    if (status !== undefined && !(STATUSES as readonly string[]).includes(status))
      throw invalidArgument(`status must be one of ${STATUSES.join(', ')}`, 'status');
    const query: ListTendersQuery = defined({
      status: status as TenderStatus | undefined,
      agency: queryString(req, 'agency'),
      pageSize: pageSize(req),
      bookmark: bookmark(req),
    });
    res.json(await tenders.list(caller, query));
  });

  router.post('/tenders', async (req, res) => {
    const caller = callerOf(res);
    requireRole(caller, 'officer');
    const input = await validBody<CreateTenderInput>(req, 'CreateTender');
    res.status(201).json(await tenders.create(caller, input));
  });

  router.get('/tenders/:id', async (req, res) => {
    res.json(await tenders.get(callerOf(res), idParam(req, 'id')));
  });

  router.get('/tenders/:id/history', async (req, res) => {
    res.json(await history.tender(callerOf(res), idParam(req, 'id')));
  });

  router.post('/tenders/:id/publish', async (req, res) => {
    const caller = callerOf(res);
    requireRole(caller, 'officer');
    res.json(await tenders.publish(caller, idParam(req, 'id')));
  });

  router.post('/tenders/:id/amendments', async (req, res) => {
    const caller = callerOf(res);
    requireRole(caller, 'officer');
    const id = idParam(req, 'id');
    const input = await validBody<AmendInput>(req, 'Amend', () =>
      tenders.assertReachable(caller, id, { owner: true }),
    );
    res.json(await tenders.amend(caller, id, input));
  });

  router.post('/tenders/:id/cancel', async (req, res) => {
    const caller = callerOf(res);
    requireRole(caller, 'officer');
    const id = idParam(req, 'id');
    const input = await validBody<{ reason: string }>(req, 'Reason', () =>
      tenders.assertReachable(caller, id, { owner: true }),
    );
    res.json(await tenders.cancel(caller, id, input.reason));
  });

  return router;
}
