import { Router } from 'express';

import { requireRole } from '../../services/access';
import type { Services } from '../../services';
import type { RegisterVendorInput } from '../../services/vendors';
import { callerOf } from '../auth';
import { defined, idParam, validBody } from '../params';

export function vendorRoutes({ vendors }: Services): Router {
  const router = Router();

  router.post('/vendors', async (req, res) => {
    const caller = callerOf(res);
    requireRole(caller, 'registrar');
    const input = await validBody<RegisterVendorInput>(req, 'RegisterVendor');
    res.status(201).json(await vendors.register(caller, input));
  });

  router.get('/vendors/:vendorId', async (req, res) => {
    res.json(await vendors.get(callerOf(res), idParam(req, 'vendorId')));
  });

  router.post('/vendors/:vendorId/debarment', async (req, res) => {
    const caller = callerOf(res);
    requireRole(caller, 'auditor');
    const id = idParam(req, 'vendorId');
    const input = await validBody<{ reason: string; until?: string }>(req, 'DebarInput', async () => {
      await vendors.get(caller, id);
    });
    res.json(await vendors.debar(caller, id, defined({ reason: input.reason, until: input.until })));
  });

  router.delete('/vendors/:vendorId/debarment', async (req, res) => {
    const caller = callerOf(res);
    requireRole(caller, 'auditor');
    const id = idParam(req, 'vendorId');
    const input = await validBody<{ reason: string }>(req, 'Reason', async () => {
      await vendors.get(caller, id);
    });
    res.json(await vendors.reinstate(caller, id, input.reason));
  });

  return router;
}
