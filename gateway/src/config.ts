import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod/v4';

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
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
});

const connectionProfileSchema = z.object({
  channel: z.string().min(1),
  chaincode: z.string().min(1),
  organisations: z.array(orgSchema).min(1),
  caClient: z.string().optional(),
});

export type ConnectionProfile = z.infer<typeof connectionProfileSchema>;
export type OrganisationProfile = z.infer<typeof orgSchema>;

export interface Config {
  port: number;
  host: string;
  connectionProfilePath: string;
  stateDir: string;
  tokenTtlSeconds: number;
  tokenSecret: string | undefined;
  passwordRecheckSeconds: number;
  bodyLimit: string;
  rateLimitPerMinute: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
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

/** Read and validate the environment once. Empty strings count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, root: string = repoRoot()): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success)
    throw new ConfigError(`invalid gateway configuration: ${describeIssues(parsed.error.issues)}`);
  const e = parsed.data;
  const stateRoot = path.join(root, 'network', '.state');
  return {
    port: e.PORT,
    host: e.HOST,
    connectionProfilePath: path.resolve(e.CONNECTION_PROFILE ?? path.join(stateRoot, 'connection.json')),
    stateDir: path.resolve(e.STATE_DIR ?? path.join(stateRoot, 'gateway')),
    tokenTtlSeconds: e.TOKEN_TTL_SECONDS,
    tokenSecret: e.TOKEN_SECRET,
    passwordRecheckSeconds: e.PASSWORD_RECHECK_SECONDS,
    bodyLimit: e.BODY_LIMIT,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    logLevel: e.LOG_LEVEL,
  };
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
