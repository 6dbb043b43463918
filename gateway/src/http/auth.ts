import { createHash } from 'node:crypto';
import { isIPv4 } from 'node:net';

import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';

import type { Caller } from '../domain/caller';
import { DomainError, isDomainError, unauthenticated } from '../domain/errors';
import type { LoginResult, NewVendorUser } from '../identity/service';
import { FixedWindowCounter } from '../identity/throttle';
import type { Session } from '../identity/tokens';

/** What the HTTP layer needs from identity/. */
export interface Authenticator {
  /**
   * `address` is the client address the login came from (for per-address throttling); `newPassword` the
   * user's own password at the first login after onboarding.
   */
  login(
    mspId: string,
    username: string,
    password: string,
    address?: string,
    newPassword?: string,
  ): Promise<LoginResult>;
  authenticate(token: string): Promise<Caller>;
  /** The token's session: caller, token id and expiry; UNAUTHENTICATED when invalid, expired or logged out. */
  session(token: string): Promise<Session>;
  logout(session: Readonly<Session>): void;
  /** Call `listener` once when the token is logged out; returns the unsubscribe function. */
  onLogout(tokenId: string, listener: () => void): () => void;
  registerVendorUser(registrar: Caller, user: NewVendorUser): Promise<void>;
  removeVendorUser(registrar: Caller, username: string): Promise<void>;
}

interface AuthLocals {
  caller?: Caller;
  session?: Session;
  tokenKey?: string;
  watchSession?: (listener: (reason: 'expired' | 'logged out') => void) => () => void;
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/**
 * The key for throttling one client: an IPv4 address as is (also when the socket reports it IPv4-mapped,
 * `::ffff:a.b.c.d`, which ipKeyGenerator would fold into `::/56` together with every other IPv4 client),
 * an IPv6 address reduced to its /56 network so that one host cannot rotate through its own addresses.
 */
export function addressKey(ip: string | undefined): string {
  if (ip === undefined || ip === '') return 'unknown';
  const mapped = /^::ffff:(.+)$/i.exec(ip)?.[1];
  if (mapped !== undefined && isIPv4(mapped)) return mapped;
  return ipKeyGenerator(ip);
}

/** The client address for throttling: Express's `req.ip` (X-Forwarded-For counts only from trusted proxies). */
export function clientAddress(req: Request): string {
  return addressKey(req.ip ?? req.socket.remoteAddress);
}

export interface AuthenticateOptions {
  /** Missing or bad tokens per client address per minute; past it 429 RATE_LIMITED (default 60). */
  badTokensPerMinute?: number;
  now?: () => number;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Bearer token → caller (401 UNAUTHENTICATED when missing, malformed, forged, expired or logged out). A client
 * address that keeps sending missing or bad tokens gets 429 RATE_LIMITED instead; a sound token is never
 * refused because of other requests from its address.
 */
export function authenticate(identity: Authenticator, options: AuthenticateOptions = {}): RequestHandler {
  const now = options.now ?? Date.now;
  const badTokens = new FixedWindowCounter({
    limit: options.badTokensPerMinute ?? 60,
    windowSeconds: 60,
    now,
  });
  return async (req, res, next) => {
    let session: Session;
    try {
      const match = BEARER.exec(req.get('authorization') ?? '');
      if (!match?.[1]) throw unauthenticated('an Authorization: Bearer <token> header is required');
      session = await identity.session(match[1]);
      (res.locals as AuthLocals).tokenKey = createHash('sha256').update(match[1]).digest('hex');
    } catch (error) {
      if (isDomainError(error, 'UNAUTHENTICATED')) {
        const address = clientAddress(req);
        if (badTokens.hit(address) > badTokens.limit)
          throw new DomainError({
            code: 'RATE_LIMITED',
            message: 'too many requests without a valid token from this address; slow down',
            details: { retryAfterSeconds: badTokens.retryAfterSeconds(address) },
          });
      }
      throw error;
    }
    const locals = res.locals as AuthLocals;
    locals.caller = session.caller;
    locals.session = session;
    locals.watchSession = (listener) => {
      let done = false;
      const end = (reason: 'expired' | 'logged out'): void => {
        if (done) return;
        done = true;
        stop();
        listener(reason);
      };
      const timer = setTimeout(
        () => {
          end('expired');
        },
        Math.min(MAX_TIMER_MS, Math.max(0, session.expiresAt - now())),
      );
      const unsubscribe = identity.onLogout(session.tokenId, () => {
        end('logged out');
      });
      const stop = (): void => {
        clearTimeout(timer);
        unsubscribe();
      };
      return () => {
        done = true;
        stop();
      };
    };
    next();
  };
}

export function callerOf(res: Response): Caller {
  const caller = (res.locals as AuthLocals).caller;
  if (!caller) throw unauthenticated('not signed in');
  return caller;
}

export function sessionOf(res: Response): Session {
  const session = (res.locals as AuthLocals).session;
  if (!session) throw unauthenticated('not signed in');
  return session;
}

/**
 * Call `listener` once when the request's token expires or is logged out (for long-lived responses such
 * as event streams); returns the function that stops watching.
 */
export function watchSession(
  res: Response,
  listener: (reason: 'expired' | 'logged out') => void,
): () => void {
  const watch = (res.locals as AuthLocals).watchSession;
  if (!watch) throw unauthenticated('not signed in');
  return watch(listener);
}

export function tokenKeyOf(res: Response): string | undefined {
  return (res.locals as AuthLocals).tokenKey;
}
