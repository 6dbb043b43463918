import { Router } from 'express';

import type { Authenticator } from '../auth';
import { validBody } from '../params';

export function authRoutes(identity: Authenticator): Router {
  const router = Router();

  router.post('/auth/login', async (req, res) => {
    const input = await validBody<{ mspId: string; username: string; password: string }>(req, 'LoginInput');
    res.json(await identity.login(input.mspId, input.username, input.password));
  });

  return router;
}
