import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Express } from 'express';

import { type AppDeps, createApp } from '../http/app';
import { IdempotencyStore } from '../http/idempotency-store';
import type { LoginLimits } from '../identity/login-guard';
import { IdentityService } from '../identity/service';
import { type TokenKey, TokenService } from '../identity/tokens';
import { Wallet } from '../identity/wallet';
import { Metrics } from '../metrics';
import { FakeCertificateAuthority, type FakeUser } from './fake-ca';
import { FakeLedger } from './fake-ledger';

export interface TestUser extends FakeUser {
  mspId: string;
  username: string;
}

const user = (
  mspId: string,
  username: string,
  attrs: Record<string, string>,
  registrar = false,
): TestUser => ({
  mspId,
  username,
  secret: `${username}-pw`,
  attrs,
  ...(registrar ? { registrar } : {}),
});

/** The cast of the stories. */
export const USERS = {
  officer: user('PublicWorksMSP', 'pw-officer', { role: 'officer' }),
  healthOfficer: user('HealthMSP', 'health-officer', { role: 'officer' }),
  evaluator: user('PublicWorksMSP', 'pw-eval-1', { role: 'evaluator' }),
  outsider: user('PublicWorksMSP', 'pw-eval-9', { role: 'evaluator' }),
  auditor: user('AuditMSP', 'auditor', { role: 'auditor' }),
  registrar: user('SuppliersMSP', 'registrar', { role: 'registrar' }, true),
  acme: user('SuppliersMSP', 'vendor-acme', { role: 'vendor', vendorId: 'ACME' }),
  bolt: user('SuppliersMSP', 'vendor-bolt', { role: 'vendor', vendorId: 'BOLT' }),
  roleless: user('PublicWorksMSP', 'pw-clerk', {}),
  /** A CA-internal identity as the network scripts register it (type admin, no role). */
  orgAdmin: user('PublicWorksMSP', 'publicworks-admin', { 'hf.Type': 'admin' }),
  /** A peer identity that someone gave a role attribute: still not a gateway user. */
  peer: user('PublicWorksMSP', 'peer-node', { role: 'officer', 'hf.Type': 'peer' }),
} as const;

export type UserKey = keyof typeof USERS;

/** One wallet key for every world on a state folder: a restarted world reads what the first one stored. */
const TEST_WALLET_KEY = new Uint8Array(32).fill(7);

const ORGS = ['PublicWorksMSP', 'HealthMSP', 'AuditMSP', 'SuppliersMSP'];

export interface WorldOptions {
  bodyLimit?: string;
  rateLimitPerMinute?: number;
  tokenTtlSeconds?: number;
  tokenKeys?: TokenKey[];
  loginLimits?: LoginLimits;
  /** The clock of the identity service and tokens (default Date.now). */
  now?: () => number;
  app?: Pick<
    AppDeps,
    | 'badTokensPerMinute'
    | 'trustProxy'
    | 'operationsAllow'
    | 'streams'
    | 'jsonLimits'
    | 'webRoot'
    | 'publicReads'
    | 'publicPerMinute'
  >;
  /** The gateway's state folder (wallet, idempotency records): another World's, to play a restart. */
  stateDir?: string;
}

/** A gateway app over a fake ledger and a fake CA, with a wallet in a temporary folder. */
export class World {
  readonly app: Express;
  readonly ledger = new FakeLedger();
  readonly ca: FakeCertificateAuthority;
  readonly identity: IdentityService;
  readonly tokens: TokenService;
  readonly metrics = new Metrics();
  readonly stateDir: string;
  readonly #tokens = new Map<string, string>();

  constructor(options: WorldOptions = {}) {
    this.stateDir = options.stateDir ?? mkdtempSync(path.join(tmpdir(), 'gateway-test-'));
    this.ca = new FakeCertificateAuthority(
      Object.fromEntries(Object.values(USERS).map((u) => [u.username, u] as const)),
    );
    this.tokens = new TokenService({
      ...(options.tokenKeys ? { keys: options.tokenKeys } : { secret: Buffer.alloc(32, 7) }),
      ttlSeconds: options.tokenTtlSeconds ?? 3600,
      ...(options.now ? { now: options.now } : {}),
    });
    this.identity = new IdentityService({
      organisations: ORGS.map((mspId) => ({
        mspId,
        ca: { url: 'https://127.0.0.1:1', caName: `ca-${mspId}`, tlsCACertPath: '/nonexistent' },
      })),
      wallet: new Wallet(path.join(this.stateDir, 'wallet'), TEST_WALLET_KEY),
      tokens: this.tokens,
      ca: this.ca,
      passwordRecheckSeconds: 900,
      ...(options.loginLimits ? { loginLimits: options.loginLimits } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    this.app = createApp({
      ledger: this.ledger,
      identity: this.identity,
      metrics: this.metrics,
      ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
      ...(options.rateLimitPerMinute ? { rateLimitPerMinute: options.rateLimitPerMinute } : {}),
      idempotency: new IdempotencyStore(path.join(this.stateDir, 'idempotency'), 86400),
      ...options.app,
    });
  }

  /** A bearer token for a user of the cast (logging in through the identity service). */
  async token(key: UserKey): Promise<string> {
    const cached = this.#tokens.get(key);
    if (cached) return cached;
    const u = USERS[key];
    const { token } = await this.identity.login(u.mspId, u.username, u.secret);
    this.#tokens.set(key, token);
    return token;
  }

  async auth(key: UserKey): Promise<{ authorization: string }> {
    return { authorization: `Bearer ${await this.token(key)}` };
  }

  cleanup(): void {
    rmSync(this.stateDir, { recursive: true, force: true });
  }
}
