import { Router } from 'express';

import type { DocumentRef, ListAwardsQuery } from '@procurement/contract';
import { invalidArgument } from '../../domain/errors';
import { ID_PATTERN, requireRole } from '../../services/access';
import type { Services } from '../../services';
import { callerOf } from '../auth';
import { bookmark, defined, idParam, pageSize, queryString, timestamp, validBody } from '../params';

/** Awards, challenges and contracts: the end of a tender's life. */
export function awardRoutes({ awards, challenges, contracts, tenders }: Services): Router {
  const router = Router();

  router.get('/awards', async (req, res) => {
    const vendor = queryString(req, 'vendor');
    if (vendor !== undefined && !ID_PATTERN.test(vendor))
      throw invalidArgument('vendor must match ^[A-Za-z0-9._-]{1,64}$', 'vendor');
    const query: ListAwardsQuery = defined({
      agency: queryString(req, 'agency'),
      vendor,
      from: timestamp(req, 'from'),
      to: timestamp(req, 'to'),
      pageSize: pageSize(req),
      bookmark: bookmark(req),
    });
    res.json(await awards.list(callerOf(res), query));
  });

  router.get('/tenders/:id/award', async (req, res) => {
    res.json(await awards.get(callerOf(res), idParam(req, 'id')));
  });

  router.post('/tenders/:id/award', async (req, res) => {
    const caller = callerOf(res);
    requireRole(caller, 'officer');
    res.json(await awards.make(caller, idParam(req, 'id')));
  });

  router.post('/tenders/:id/challenges', async (req, res) => {
    const caller = callerOf(res);
    requireRole(caller, 'vendor');
    const id = idParam(req, 'id');
    const input = await validBody<{ reason: string }>(req, 'Reason', () =>
      tenders.assertReachable(caller, id),
    );
    res.status(201).json(await challenges.lodge(caller, id, input.reason));
  });

  router.get('/challenges/:challengeId', async (req, res) => {
    res.json(await challenges.get(callerOf(res), idParam(req, 'challengeId')));
  });

  router.post('/challenges/:challengeId/decision', async (req, res) => {
    const caller = callerOf(res);
    requireRole(caller, 'auditor');
    const id = idParam(req, 'challengeId');
    const input = await validBody<{ decision: 'upheld' | 'dismissed'; reason: string }>(
      req,
      'DecisionInput',
      async () => {
        await challenges.get(caller, id);
      },
    );
    res.json(await challenges.decide(caller, id, input.decision, input.reason));
  });

  router.post('/tenders/:id/contract', async (req, res) => {
    const caller = callerOf(res);
    requireRole(caller, 'officer');
    const id = idParam(req, 'id');
    const input =
      req.body === undefined
        ? {}
        : await validBody<{ documents?: DocumentRef[] }>(req, 'ContractInput', () =>
            tenders.assertReachable(caller, id, { owner: true }),
          );
    res.status(201).json(await contracts.record(caller, id, input.documents));
  });

  return router;
}
