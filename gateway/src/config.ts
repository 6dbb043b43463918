import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod/v4';

import {
  type SecurityConfig,
  SecurityConfigError,
  demoUsersRefusal,
  securityConfigOf,
  securityEnvShape,
} from './config-security';
import { type AdmissionLimits, DEFAULT_ADMISSION } from './fabric/admission';
import { type TokenKey, parseTokenKeys } from './identity/tokens';

/** The repository root: the nearest folder above this file holding network/topology.json. */
export function repoRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'network', 'topology.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start, '..', '..');
    dir = parent;
  }
}

const portNumber = z.coerce.number().int().min(0).max(65535);
const count = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An address, a CIDR (`10.0.0.0/8`, `fd00::/8`) or one of Express's names for address ranges. */
function isProxyAddress(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

function listOf(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

const envSchema = z.object({
  PORT: portNumber.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  CONNECTION_PROFILE: z.string().min(1).optional(),
  STATE_DIR: z.string().min(1).optional(),
  TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(86400 * 7)
    .default(3600),
  TOKEN_SECRET: z.string().min(32, 'TOKEN_SECRET must be at least 32 characters').optional(),
  PASSWORD_RECHECK_SECONDS: z.coerce.number().int().min(0).max(86400).default(900),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)?$/i, 'BODY_LIMIT must look like 1048576, 512kb or 1mb')
    .default('1mb'),
  TOKEN_KEYS: z
    .string()
    .transform((value, ctx) => {
      try {
        return parseTokenKeys(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    })
    .optional(),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  AUTH_FAILURES_PER_MINUTE: count(1, 1_000_000, 60),
  LOGIN_MAX_FAILURES_PER_USER: count(1, 100, 5),
  LOGIN_MAX_FAILURES_PER_ADDRESS: count(1, 100_000, 30),
  LOGIN_FAILURE_WINDOW_SECONDS: count(60, 86400, 900),
  // Fabric CA locks an identity after cfg.identities.passwordattempts wrong passwords (default 10).
  LOGIN_MAX_CA_FAILURES: count(1, 9, 5),
  TRUST_PROXY: z
    .string()
    .transform(listOf)
    .refine((entries) => entries.every(isProxyAddress), {
      message: 'TRUST_PROXY must list IP addresses, CIDRs, loopback, linklocal or uniquelocal',
    })
    .optional(),
  OPERATIONS_ALLOW: z
    .string()
    .transform(listOf)
    .refine((entries) => entries.every(isProxyAddress), {
      message: 'OPERATIONS_ALLOW must list IP addresses, CIDRs, loopback, linklocal or uniquelocal',
    })
    .default(['loopback']),
  EVENT_STREAMS_PER_USER: count(1, 1000, 5),
  EVENT_STREAMS_MAX: count(1, 100_000, 200),
  JSON_MAX_DEPTH: count(2, 1000, 32),
  JSON_MAX_KEYS: count(1, 1_000_000, 10_000),
  /** The portal's built files (web/dist); served at / when the folder has an index.html. */
  WEB_ROOT: z.string().min(1).optional(),
  // The peer's own limit (peer.limits.concurrency.gatewayService) is 500: stay well under it.
  FABRIC_MAX_IN_FLIGHT_PER_PEER: count(1, 400, DEFAULT_ADMISSION.maxInFlight),
  FABRIC_QUEUE_MAX: count(0, 100_000, DEFAULT_ADMISSION.maxQueue),
  FABRIC_QUEUE_MAX_WAIT_MS: count(10, 300_000, DEFAULT_ADMISSION.maxWaitMs),
  IDEMPOTENCY_TTL_SECONDS: count(60, 86400 * 7, 86400),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ...securityEnvShape,
});

const orgSchema = z.object({
  name: z.string().min(1),
  mspId: z.string().min(1),
  peer: z.object({
    endpoint: z.string().min(1),
    tlsCACertPath: z.string().min(1),
    /** Optional TLS host name override when the endpoint is not in the peer certificate's SANs. */
    hostnameOverride: z.string().min(1).optional(),
  }),
  ca: z.object({
    url: z.url(),
    caName: z.string().min(1),
    tlsCACertPath: z.string().min(1),
    registrar: z
      .object({ mspDir: z.string(), certPath: z.string(), keyPath: z.string() })
      .partial()
      .optional(),
  }),
  /** The organisation's opener (issue 9): its identity and its opening private keys' folder. */
  opener: z
    .object({ certPath: z.string().min(1), keyPath: z.string().min(1), keyDir: z.string().min(1) })
    .optional(),
});

const connectionProfileSchema = z.object({
  channel: z.string().min(1),
  chaincode: z.string().min(1),
  organisations: z.array(orgSchema).min(1),
  caClient: z.string().optional(),
  /** The gateway's read-only identity (role=reader): its block listener fills the public read model. */
  reader: z.object({ mspId: z.string().min(1), certPath: z.string(), keyPath: z.string() }).optional(),
  /** Users the network scripts registered with published passwords (development mode of `npm start`). */
  demoUsers: z.array(z.object({ mspId: z.string(), username: z.string() })).optional(),
});

export type ConnectionProfile = z.infer<typeof connectionProfileSchema>;
export type OrganisationProfile = z.infer<typeof orgSchema>;

export interface Config extends SecurityConfig {
  port: number;
  host: string;
  connectionProfilePath: string;
  stateDir: string;
  tokenTtlSeconds: number;
  tokenSecret: string | undefined;
  /** Token keys, newest (signing) first; undefined: one key from tokenSecret or the persisted secret. */
  tokenKeys: TokenKey[] | undefined;
  passwordRecheckSeconds: number;
  bodyLimit: string;
  rateLimitPerMinute: number;
  authFailuresPerMinute: number;
  login: {
    maxFailuresPerUser: number;
    maxFailuresPerAddress: number;
    windowSeconds: number;
    maxCaFailures: number;
  };
  /** Proxies whose X-Forwarded-For is trusted; empty: none. */
  trustProxy: string[];
  /** Client addresses that may read /metrics and /readyz. */
  operationsAllow: string[];
  streams: { perUser: number; total: number };
  json: { maxDepth: number; maxKeys: number };
  /** Fabric requests in flight to each peer, and the fair queue in front of them. */
  admission: AdmissionLimits;
  /** How long an Idempotency-Key's outcome is kept. */
  idempotencyTtlSeconds: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** The portal's built files, served at `/`. */
  webRoot: string;
}

/** Thrown with a message that names every bad setting. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

function securityOf(e: z.infer<typeof envSchema>): SecurityConfig {
  try {
    return securityConfigOf(e, e.HOST);
  } catch (error) {
    if (error instanceof SecurityConfigError)
      throw new ConfigError(`invalid gateway configuration: ${error.message}`);
    throw error;
  }
}

/** Read and validate the environment once. Empty strings count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, root: string = repoRoot()): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success)
    throw new ConfigError(`invalid gateway configuration: ${describeIssues(parsed.error.issues)}`);
  const e = parsed.data;
  if (e.TOKEN_KEYS !== undefined && e.TOKEN_SECRET !== undefined)
    throw new ConfigError(
      'invalid gateway configuration: TOKEN_SECRET: set TOKEN_KEYS or TOKEN_SECRET, not both',
    );
  const stateRoot = path.join(root, 'network', '.state');
  return {
    ...securityOf(e),
    port: e.PORT,
    host: e.HOST,
    connectionProfilePath: path.resolve(e.CONNECTION_PROFILE ?? path.join(stateRoot, 'connection.json')),
    stateDir: path.resolve(e.STATE_DIR ?? path.join(stateRoot, 'gateway')),
    tokenTtlSeconds: e.TOKEN_TTL_SECONDS,
    tokenSecret: e.TOKEN_SECRET,
    tokenKeys: e.TOKEN_KEYS,
    passwordRecheckSeconds: e.PASSWORD_RECHECK_SECONDS,
    bodyLimit: e.BODY_LIMIT,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    authFailuresPerMinute: e.AUTH_FAILURES_PER_MINUTE,
    login: {
      maxFailuresPerUser: e.LOGIN_MAX_FAILURES_PER_USER,
      maxFailuresPerAddress: e.LOGIN_MAX_FAILURES_PER_ADDRESS,
      windowSeconds: e.LOGIN_FAILURE_WINDOW_SECONDS,
      maxCaFailures: e.LOGIN_MAX_CA_FAILURES,
    },
    trustProxy: e.TRUST_PROXY ?? [],
    operationsAllow: e.OPERATIONS_ALLOW,
    streams: { perUser: e.EVENT_STREAMS_PER_USER, total: e.EVENT_STREAMS_MAX },
    json: { maxDepth: e.JSON_MAX_DEPTH, maxKeys: e.JSON_MAX_KEYS },
    admission: {
      maxInFlight: e.FABRIC_MAX_IN_FLIGHT_PER_PEER,
      maxQueue: e.FABRIC_QUEUE_MAX,
      maxWaitMs: e.FABRIC_QUEUE_MAX_WAIT_MS,
    },
    idempotencyTtlSeconds: e.IDEMPOTENCY_TTL_SECONDS,
    logLevel: e.LOG_LEVEL,
    webRoot: path.resolve(e.WEB_ROOT ?? path.join(root, 'web', 'dist')),
  };
}

/** Refuses a profile with demo users when the gateway would serve other machines. */
export function assertServable(
  config: Pick<Config, 'host'>,
  profile: Pick<ConnectionProfile, 'demoUsers'>,
): void {
  const refusal = demoUsersRefusal(config.host, profile.demoUsers);
  if (refusal !== undefined) throw new ConfigError(refusal);
}

/** Read and validate the connection profile written by the network scripts. */
export function loadConnectionProfile(file: string): ConnectionProfile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      `cannot read the connection profile ${file}: ${(error as Error).message} (is the network up? set CONNECTION_PROFILE)`,
    );
  }
  const parsed = connectionProfileSchema.safeParse(raw);
  if (!parsed.success)
    throw new ConfigError(`invalid connection profile ${file}: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}
