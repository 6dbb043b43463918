import { createHash } from 'node:crypto';

import type { RequestHandler, Response } from 'express';

import type { Caller } from '../domain/caller';
import { unauthenticated } from '../domain/errors';
import type { LoginResult, NewVendorUser } from '../identity/service';

/** What the HTTP layer needs from identity/. */
export interface Authenticator {
  login(mspId: string, username: string, password: string): Promise<LoginResult>;
  authenticate(token: string): Promise<Caller>;
  registerVendorUser(registrar: Caller, user: NewVendorUser): Promise<void>;
}

interface AuthLocals {
  caller?: Caller;
  tokenKey?: string;
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/** Bearer token → caller (401 UNAUTHENTICATED when missing, malformed, forged or expired). */
export function authenticate(identity: Authenticator): RequestHandler {
  return async (req, res, next) => {
    const match = BEARER.exec(req.get('authorization') ?? '');
    if (!match?.[1]) throw unauthenticated('an Authorization: Bearer <token> header is required');
    const locals = res.locals as AuthLocals;
    locals.caller = await identity.authenticate(match[1]);
    locals.tokenKey = createHash('sha256').update(match[1]).digest('hex');
    next();
  };
}

export function callerOf(res: Response): Caller {
  const caller = (res.locals as AuthLocals).caller;
  if (!caller) throw unauthenticated('not signed in');
  return caller;
}

export function tokenKeyOf(res: Response): string | undefined {
  return (res.locals as AuthLocals).tokenKey;
}
