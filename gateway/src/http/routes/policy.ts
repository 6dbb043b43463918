import { Router } from 'express';

import { requireRole } from '../../services/access';
import type { Services } from '../../services';
import type { PolicyInput } from '../../services/policy';
import { callerOf } from '../auth';
import { validBody } from '../params';

export function policyRoutes({ policy }: Services): Router {
  const router = Router();

  router.get('/policy', async (_req, res) => {
    res.json(await policy.get(callerOf(res)));
  });

  router.put('/policy', async (req, res) => {
    const caller = callerOf(res);
    requireRole(caller, 'auditor');
    const input = await validBody<PolicyInput>(req, 'PolicyInput');
    res.json(await policy.set(caller, input));
  });

  return router;
}
