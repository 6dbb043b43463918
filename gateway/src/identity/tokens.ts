import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { SignJWT, jwtVerify } from 'jose';

import { type Caller, isRole } from '../domain/caller';
import { unauthenticated } from '../domain/errors';

const ISSUER = 'procurement-gateway';
const AUDIENCE = 'procurement-api';

export interface IssuedToken {
  token: string;
  expiresAt: string;
}

/** HS256 bearer tokens carrying the caller's identity (from their certificate) and an expiry. */
export class TokenService {
  readonly #secret: Uint8Array;
  readonly #ttlSeconds: number;
  readonly #now: () => number;

  constructor(options: Readonly<{ secret: Uint8Array; ttlSeconds: number; now?: () => number }>) {
    if (options.secret.length < 32) throw new Error('token secret must be at least 32 bytes');
    this.#secret = options.secret;
    this.#ttlSeconds = options.ttlSeconds;
    this.#now = options.now ?? Date.now;
  }

  async issue(caller: Caller): Promise<IssuedToken> {
    const issuedAt = Math.floor(this.#now() / 1000);
    const expires = issuedAt + this.#ttlSeconds;
    const token = await new SignJWT({
      msp: caller.mspId,
      role: caller.role,
      ...(caller.vendorId === undefined ? {} : { vid: caller.vendorId }),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(caller.username)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expires)
      .sign(this.#secret);
    return { token, expiresAt: new Date(expires * 1000).toISOString() };
  }

  /** The caller a token names; UNAUTHENTICATED if it is malformed, forged or expired. */
  async verify(token: string): Promise<Caller> {
    try {
      const { payload } = await jwtVerify(token, this.#secret, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        currentDate: new Date(this.#now()),
      });
      const { sub, msp, role, vid } = payload as Record<string, unknown>;
      if (typeof sub !== 'string' || typeof msp !== 'string' || !isRole(role)) throw new Error('bad claims');
      return { mspId: msp, username: sub, role, ...(typeof vid === 'string' ? { vendorId: vid } : {}) };
    } catch {
      throw unauthenticated('the bearer token is invalid or expired');
    }
  }
}

/** The configured secret, else a random one persisted (0600) under the state folder. */
export async function loadTokenSecret(stateDir: string, configured?: string): Promise<Uint8Array> {
  if (configured !== undefined) return new TextEncoder().encode(configured);
  const file = path.join(stateDir, 'token-secret');
  try {
    const existing = Buffer.from((await readFile(file, 'utf8')).trim(), 'hex');
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32);
  await writeFile(file, secret.toString('hex'), { mode: 0o600 });
  await chmod(file, 0o600);
  return secret;
}
