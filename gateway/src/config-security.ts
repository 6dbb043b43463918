/**
 * The gateway's security settings: TLS for its own listener, the wallet key, where users' private keys
 * live (file wallet or PKCS#11 HSM), and the rule that a gateway reachable from other hosts never runs
 * with demo users. Validated once at start, with messages that say how to fix what is wrong.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';

import { z } from 'zod/v4';

export const securityEnvShape = {
  /** PEM certificate (chain) the gateway serves HTTPS with; needs TLS_KEY_FILE. */
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
  /** 32 bytes, base64 or 64 hex digits: the file wallet's encryption key. */
  WALLET_KEY: z.string().min(1).optional(),
  /** A file holding WALLET_KEY (0600), instead of the environment. */
  WALLET_KEY_FILE: z.string().min(1).optional(),
  KEY_STORE: z.enum(['file', 'pkcs11']).default('file'),
  PKCS11_LIBRARY: z.string().min(1).optional(),
  PKCS11_TOKEN_LABEL: z.string().min(1).max(32).optional(),
  PKCS11_PIN: z.string().min(1).optional(),
  PKCS11_PIN_FILE: z.string().min(1).optional(),
};

type SecurityEnv = z.infer<z.ZodObject<typeof securityEnvShape>>;

export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

export type KeyStoreConfig =
  | { kind: 'file' }
  | { kind: 'pkcs11'; library: string; tokenLabel: string; pin: string };

export interface SecurityConfig {
  /** Serve HTTPS with these; undefined: plain HTTP. */
  tls: TlsFiles | undefined;
  /** The wallet key; undefined: a key generated once in the state folder (`wallet.key`, loopback only). */
  walletKey: Uint8Array | undefined;
  keyStore: KeyStoreConfig;
}

/** A refusal: the caller wraps it in its ConfigError. */
export class SecurityConfigError extends Error {}

function readSecret(file: string, name: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new SecurityConfigError(
      `${name}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? ''}`,
    );
  }
}

/** 32 bytes from 64 hex digits or base64 (standard or URL-safe); throws naming the setting, never the value. */
export function parseWalletKey(value: string, name = 'WALLET_KEY'): Uint8Array {
  const text = value.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(text)
    ? Buffer.from(text, 'hex')
    : /^[A-Za-z0-9+/_-]{43}=?$/.test(text)
      ? Buffer.from(text, 'base64url')
      : undefined;
  if (bytes?.length !== 32)
    throw new SecurityConfigError(
      `${name} must be 32 random bytes as base64 or 64 hex digits (e.g. openssl rand -base64 32)`,
    );
  return new Uint8Array(bytes);
}

function tlsOf(e: SecurityEnv): TlsFiles | undefined {
  if (e.TLS_CERT_FILE === undefined && e.TLS_KEY_FILE === undefined) return undefined;
  if (e.TLS_CERT_FILE === undefined || e.TLS_KEY_FILE === undefined)
    throw new SecurityConfigError(
      'TLS_CERT_FILE and TLS_KEY_FILE go together: set both to serve HTTPS, or neither for plain HTTP',
    );
  const files = { certFile: path.resolve(e.TLS_CERT_FILE), keyFile: path.resolve(e.TLS_KEY_FILE) };
  for (const [name, file] of [
    ['TLS_CERT_FILE', files.certFile],
    ['TLS_KEY_FILE', files.keyFile],
  ] as const)
    if (!existsSync(file)) throw new SecurityConfigError(`${name}: ${file} does not exist`);
  return files;
}

function walletKeyOf(e: SecurityEnv): Uint8Array | undefined {
  if (e.WALLET_KEY !== undefined && e.WALLET_KEY_FILE !== undefined)
    throw new SecurityConfigError('set WALLET_KEY or WALLET_KEY_FILE, not both');
  if (e.WALLET_KEY !== undefined) return parseWalletKey(e.WALLET_KEY);
  if (e.WALLET_KEY_FILE !== undefined)
    return parseWalletKey(readSecret(e.WALLET_KEY_FILE, 'WALLET_KEY_FILE'), 'WALLET_KEY_FILE');
  return undefined;
}

function keyStoreOf(e: SecurityEnv): KeyStoreConfig {
  if (e.KEY_STORE === 'file') return { kind: 'file' };
  const missing = (['PKCS11_LIBRARY', 'PKCS11_TOKEN_LABEL'] as const).filter((name) => e[name] === undefined);
  if (e.PKCS11_PIN === undefined && e.PKCS11_PIN_FILE === undefined) missing.push('PKCS11_PIN' as never);
  if (missing.length > 0)
    throw new SecurityConfigError(
      `KEY_STORE=pkcs11 needs ${missing.join(', ')} (or PKCS11_PIN_FILE for the PIN)`,
    );
  const library = path.resolve(e.PKCS11_LIBRARY ?? '');
  if (!existsSync(library))
    throw new SecurityConfigError(
      `PKCS11_LIBRARY: ${library} does not exist (SoftHSM2: apt-get install softhsm2; /usr/lib/softhsm/libsofthsm2.so)`,
    );
  const pin = e.PKCS11_PIN ?? readSecret(e.PKCS11_PIN_FILE ?? '', 'PKCS11_PIN_FILE');
  return { kind: 'pkcs11', library, tokenLabel: e.PKCS11_TOKEN_LABEL ?? '', pin };
}

/** The security settings from the parsed environment; throws SecurityConfigError. */
export function securityConfigOf(e: SecurityEnv, host: string): SecurityConfig {
  const config = { tls: tlsOf(e), walletKey: walletKeyOf(e), keyStore: keyStoreOf(e) };
  if (!isLoopbackHost(host) && config.walletKey === undefined)
    throw new SecurityConfigError(
      `HOST=${host} is reachable from other machines: set WALLET_KEY or WALLET_KEY_FILE (a key kept apart from the state folder); the generated wallet.key is for loopback development only`,
    );
  return config;
}

/** `localhost`, 127.0.0.0/8, ::1 and their IPv4-mapped forms: reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice('::ffff:'.length) : h;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/**
 * The gateway refuses to serve other machines while the network has demo users: their passwords are in
 * the repository. Returns the refusal's message, or undefined when serving is fine.
 */
export function demoUsersRefusal(
  host: string,
  demoUsers: readonly { mspId: string; username: string }[] | undefined,
): string | undefined {
  if (isLoopbackHost(host) || !demoUsers || demoUsers.length === 0) return undefined;
  const names = demoUsers
    .slice(0, 3)
    .map((u) => `${u.mspId}/${u.username}`)
    .join(', ');
  return (
    `refusing to serve HOST=${host}: this network has ${String(demoUsers.length)} demo users whose passwords are published ` +
    `(${names}${demoUsers.length > 3 ? ', …' : ''}). Serve on loopback (HOST=127.0.0.1), or build the network ` +
    'without them: npm run network:down -- --clean, then npm run network:up -- --no-demo-users'
  );
}
