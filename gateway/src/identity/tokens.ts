import { randomBytes, randomUUID } from 'node:crypto';
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

/** One HS256 key; `kid` names it in each token's header. */
export interface TokenKey {
  kid: string;
  secret: Uint8Array;
}

/** A verified bearer token: who it names, its id (`jti`) and when it expires (ms since the epoch). */
export interface Session {
  caller: Caller;
  tokenId: string;
  expiresAt: number;
}

export const KID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export interface TokenServiceOptions {
  /** Keys, newest first: the first signs, every one verifies (for rotation). */
  keys?: readonly TokenKey[];
  /** A single key (kid `default`); ignored when `keys` is given. */
  secret?: Uint8Array;
  ttlSeconds: number;
  now?: () => number;
}

/**
 * HS256 bearer tokens carrying the caller's identity (from their certificate), an id (`jti`) and an expiry.
 * The first key signs; older keys still verify the tokens they signed until those expire (remove a key once
 * the TTL has passed since it stopped signing). Logged-out token ids are kept in an in-memory denylist until
 * they expire: one gateway process; replicas do not share it.
 */
export class TokenService {
  readonly #keys: ReadonlyMap<string, Uint8Array>;
  readonly #signing: TokenKey;
  readonly #ttlSeconds: number;
  readonly #now: () => number;
  /** Logged-out token ids → their expiry (ms). */
  readonly #denied = new Map<string, number>();
  readonly #listeners = new Map<string, Set<() => void>>();

  constructor(options: Readonly<TokenServiceOptions>) {
    const keys = options.keys ?? (options.secret ? [{ kid: 'default', secret: options.secret }] : []);
    const first = keys[0];
    if (!first) throw new Error('at least one token key is required');
    for (const key of keys) {
      if (key.secret.length < 32) throw new Error('token secret must be at least 32 bytes');
      if (!KID_PATTERN.test(key.kid))
        throw new Error(`token key id ${key.kid} must match ${KID_PATTERN.source}`);
    }
    if (new Set(keys.map((k) => k.kid)).size !== keys.length) throw new Error('token key ids must be unique');
    this.#keys = new Map(keys.map((k) => [k.kid, k.secret]));
    this.#signing = first;
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
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: this.#signing.kid })
      .setSubject(caller.username)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setJti(randomUUID())
      .setIssuedAt(issuedAt)
      .setExpirationTime(expires)
      .sign(this.#signing.secret);
    return { token, expiresAt: new Date(expires * 1000).toISOString() };
  }

  /** The session a token opens; UNAUTHENTICATED if it is malformed, forged, expired or logged out. */
  async verifySession(token: string): Promise<Session> {
    let session: Session;
    try {
      const { payload } = await jwtVerify(
        token,
        (header) => {
          const key = header.kid === undefined ? undefined : this.#keys.get(header.kid);
          if (!key) throw new Error('unknown key');
          return key;
        },
        {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: ['HS256'],
          requiredClaims: ['jti', 'iat', 'exp', 'sub'],
          currentDate: new Date(this.#now()),
        },
      );
      session = sessionFromClaims(payload as Record<string, unknown>, this.#ttlSeconds);
    } catch {
      throw unauthenticated('the bearer token is invalid or expired');
    }
    if (this.#denied.has(session.tokenId)) throw unauthenticated('the bearer token was logged out');
    return session;
  }

  /** The caller a token names; UNAUTHENTICATED if it is malformed, forged, expired or logged out. */
  async verify(token: string): Promise<Caller> {
    return (await this.verifySession(token)).caller;
  }

  /** Log a token out: refused from now on, until it would have expired anyway; its listeners are told. */
  revoke(session: Readonly<Session>): void {
    const now = this.#now();
    for (const [id, expiresAt] of this.#denied) if (expiresAt <= now) this.#denied.delete(id);
    if (session.expiresAt > now) this.#denied.set(session.tokenId, session.expiresAt);
    const listeners = this.#listeners.get(session.tokenId);
    this.#listeners.delete(session.tokenId);
    for (const listener of listeners ?? []) listener();
  }

  isRevoked(tokenId: string): boolean {
    return this.#denied.has(tokenId);
  }

  /** Call `listener` once when the token is logged out; returns the unsubscribe function. */
  onRevoked(tokenId: string, listener: () => void): () => void {
    let set = this.#listeners.get(tokenId);
    if (!set) {
      set = new Set();
      this.#listeners.set(tokenId, set);
    }
    set.add(listener);
    return () => {
      const current = this.#listeners.get(tokenId);
      current?.delete(listener);
      if (current?.size === 0) this.#listeners.delete(tokenId);
    };
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

/**
 * `TOKEN_KEYS`: `kid:secret` pairs separated by commas, newest first (the first signs). Without it, one key
 * `default` from `TOKEN_SECRET` or from the persisted random secret.
 */
export async function loadTokenKeys(
  stateDir: string,
  configured: Readonly<{ tokenKeys?: readonly TokenKey[] | undefined; tokenSecret?: string | undefined }>,
): Promise<TokenKey[]> {
  if (configured.tokenKeys && configured.tokenKeys.length > 0) return [...configured.tokenKeys];
  return [{ kid: 'default', secret: await loadTokenSecret(stateDir, configured.tokenSecret) }];
}

/** Parse `kid:secret,kid:secret`; throws naming what is wrong (never the secret). */
export function parseTokenKeys(value: string): TokenKey[] {
  const keys = value.split(',').map((pair, index) => {
    const at = pair.indexOf(':');
    const kid = at < 0 ? '' : pair.slice(0, at).trim();
    const secret = at < 0 ? '' : pair.slice(at + 1).trim();
    if (!KID_PATTERN.test(kid))
      throw new Error(`entry ${index + 1} needs a key id matching ${KID_PATTERN.source} before ':'`);
    if (secret.length < 32) throw new Error(`the secret of key ${kid} must be at least 32 characters`);
    return { kid, secret: new TextEncoder().encode(secret) };
  });
  if (new Set(keys.map((k) => k.kid)).size !== keys.length) throw new Error('key ids must be unique');
  return keys;
}

/** The session a verified token's claims describe; throws when a claim is missing, mistyped or too long-lived. */
function sessionFromClaims(claims: Record<string, unknown>, ttlSeconds: number): Session {
  const { sub, msp, role, vid, jti, iat, exp } = claims;
  const typed =
    typeof sub === 'string' &&
    typeof msp === 'string' &&
    isRole(role) &&
    typeof jti === 'string' &&
    typeof iat === 'number' &&
    typeof exp === 'number';
  if (!typed || exp - iat > ttlSeconds) throw new Error('bad claims');
  return {
    caller: { mspId: msp, username: sub, role, ...(typeof vid === 'string' ? { vendorId: vid } : {}) },
    tokenId: jti,
    expiresAt: exp * 1000,
  };
}
