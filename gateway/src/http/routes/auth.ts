import type { LoginInput } from '@procurement/contract';
import { Router } from 'express';

import { type Authenticator, clientAddress, sessionOf } from '../auth';
import { validBody } from '../params';

export function authRoutes(identity: Authenticator): Router {
  const router = Router();

  router.post('/auth/login', async (req, res) => {
    const input = await validBody<LoginInput>(req, 'LoginInput');
    res.json(
      await identity.login(
        input.mspId,
        input.username,
        input.password,
        clientAddress(req),
        input.newPassword,
      ),
    );
  });

  return router;
}

/** Mounted behind the bearer-token check: the token in the request is the one logged out. */
export function logoutRoutes(identity: Authenticator): Router {
  const router = Router();

  router.post('/auth/logout', (_req, res) => {
    identity.logout(sessionOf(res));
    res.status(204).end();
  });

  return router;
}
