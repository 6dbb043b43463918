import { Router } from 'express';

import type { ScoreInput } from '@procurement/contract';
import { requireRole } from '../../services/access';
import type { Services } from '../../services';
import { callerOf } from '../auth';
import { idParam, validBody } from '../params';

export function evaluationRoutes({ evaluations, tenders }: Services): Router {
  const router = Router();

  router.get('/tenders/:id/evaluations', async (req, res) => {
    res.json(await evaluations.list(callerOf(res), idParam(req, 'id')));
  });

  router.post('/tenders/:id/evaluations', async (req, res) => {
    const caller = callerOf(res);
    requireRole(caller, 'evaluator');
    const id = idParam(req, 'id');
    const input = await validBody<ScoreInput>(req, 'EvaluationInput', () =>
      tenders.assertReachable(caller, id, { committee: true }),
    );
    res.status(201).json(await evaluations.submit(caller, id, input));
  });

  return router;
}
