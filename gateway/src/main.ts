import { readFile } from 'node:fs/promises';
import http, { type Server } from 'node:http';
import https from 'node:https';
import path from 'node:path';

import type { Express } from 'express';

import pino from 'pino';

import {
  type Config,
  type ConnectionProfile,
  ConfigError,
  assertServable,
  loadConfig,
  loadConnectionProfile,
} from './config';
import { type Credentials, FabricLedger, type SigningIdentity } from './fabric/ledger';
import { createApp } from './http/app';
import { IdempotencyStore } from './http/idempotency-store';
import { FabricCaClient } from './identity/ca-client';
import { FileKeyStore, type KeyStore } from './identity/key-store';
import { IdentityService } from './identity/service';
import { TokenService, loadTokenKeys } from './identity/tokens';
import { Wallet, loadGeneratedWalletKey } from './identity/wallet';
import { Metrics } from './metrics';
import { loadPublicConfig } from './public/config';
import { readerIdentity, startReadModel } from './public/service';

const SHUTDOWN_GRACE_MS = 10_000;
/** After the grace period, how long closing the ledger connections and the read model may take. */
const SHUTDOWN_CLEANUP_MS = 10_000;
/**
 * Connections waiting to be accepted. A deadline rush opens many at once: past Node's default (511) the
 * kernel drops them and clients see connection failures instead of a queue or a clean 503. The kernel
 * caps it at net.core.somaxconn.
 */
const LISTEN_BACKLOG = 4096;

/**
 * The dedicated identity that polls peer heights: the first organisation's CA registrar, whose enrolled
 * certificate and key the network scripts name in the connection profile. Any channel member may read
 * heights; this one never changes with the requests.
 */
function heightReaderOf(profile: ConnectionProfile): SigningIdentity | undefined {
  for (const org of profile.organisations) {
    const { certPath, keyPath } = org.ca.registrar ?? {};
    if (!certPath || !keyPath) continue;
    let credentials: Promise<Credentials> | undefined;
    const load = async (): Promise<Credentials> => ({
      certificate: await readFile(certPath, 'utf8'),
      privateKey: await readFile(keyPath, 'utf8'),
    });
    // Read once: the poller asks for them on every round.
    return { mspId: org.mspId, credentials: () => (credentials ??= load()) };
  }
  return undefined;
}

/** The file wallet, its plaintext entries from before encryption encrypted in place and every entry checked. */
async function openWallet(config: Config, logger: pino.Logger): Promise<Wallet> {
  if (config.walletKey === undefined)
    logger.warn(
      'no WALLET_KEY: the wallet is encrypted with a key generated in the state folder (development only)',
    );
  const key = config.walletKey ?? (await loadGeneratedWalletKey(config.stateDir));
  const wallet = new Wallet(path.join(config.stateDir, 'wallet'), key);
  const { encrypted, entries } = await wallet.openAll();
  if (encrypted > 0) logger.warn({ encrypted, entries }, 'encrypted the plaintext wallet entries in place');
  return wallet;
}

/** The key store; the PKCS#11 one (and its native module) is loaded only when configured. */
async function keyStoreOf(config: Config): Promise<KeyStore> {
  if (config.keyStore.kind === 'file') return new FileKeyStore();
  try {
    const { Pkcs11KeyStore } = await import('./identity/pkcs11-key-store');
    return new Pkcs11KeyStore(config.keyStore);
  } catch (error) {
    throw new ConfigError(`KEY_STORE=pkcs11: ${(error as Error).message}`);
  }
}

/** HTTP, or HTTPS when TLS_CERT_FILE and TLS_KEY_FILE are set. */
async function serverFor(config: Config, app: Express): Promise<Server> {
  if (!config.tls) return http.createServer(app);
  const [cert, key] = await Promise.all([readFile(config.tls.certFile), readFile(config.tls.keyFile)]);
  try {
    return https.createServer({ cert, key, minVersion: 'TLSv1.2' }, app);
  } catch (error) {
    throw new ConfigError(`TLS_CERT_FILE/TLS_KEY_FILE: ${(error as Error).message}`);
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel, redact: ['req.headers.authorization', 'password'] });
  const profile = loadConnectionProfile(config.connectionProfilePath);
  assertServable(config, profile);
  const metrics = new Metrics({ defaultMetrics: true });
  const keys = await keyStoreOf(config);
  const identity = new IdentityService({
    organisations: profile.organisations,
    wallet: await openWallet(config, logger),
    keys,
    tokens: new TokenService({
      keys: await loadTokenKeys(config.stateDir, config),
      ttlSeconds: config.tokenTtlSeconds,
    }),
    ca: new FabricCaClient(),
    passwordRecheckSeconds: config.passwordRecheckSeconds,
    loginLimits: config.login,
    caFailuresFile: path.join(config.stateDir, 'login-ca-failures.json'),
    firstLoginsFile: path.join(config.stateDir, 'first-logins.json'),
  });
  const heightReader = heightReaderOf(profile);
  const ledger = new FabricLedger({
    profile,
    credentials: (caller) => identity.credentials(caller),
    ...(heightReader ? { heightReader } : {}),
    logger,
    metrics,
    admission: config.admission,
  });
  const idempotency = new IdempotencyStore(
    path.join(config.stateDir, 'idempotency'),
    config.idempotencyTtlSeconds,
  );
  await idempotency.prune();
  const reader = readerIdentity(profile);
  const publicConfig = loadPublicConfig(config.stateDir, config.port);
  // The read model opens in the background (PGlite takes seconds); /public/v1 answers 503 until then.
  let readModel: Awaited<ReturnType<typeof startReadModel>> | undefined;
  const opening = reader
    ? startReadModel(profile, publicConfig, reader, logger).then(
        (model) => {
          readModel = model;
        },
        (error: unknown) => {
          logger.error({ err: error }, 'the public read model did not open; /public/v1 answers 503');
        },
      )
    : Promise.resolve();
  if (!reader) logger.warn('no reader identity in the connection profile: the public read API answers 503');
  const app = createApp({
    ledger,
    idempotency,
    publicReads: () => readModel?.reads,
    publicPerMinute: publicConfig.perMinute,
    identity,
    logger,
    metrics,
    bodyLimit: config.bodyLimit,
    rateLimitPerMinute: config.rateLimitPerMinute,
    badTokensPerMinute: config.authFailuresPerMinute,
    trustProxy: config.trustProxy,
    operationsAllow: config.operationsAllow,
    streams: config.streams,
    jsonLimits: config.json,
    webRoot: config.webRoot,
  });

  const server = await serverFor(config, app);
  server.listen(config.port, config.host, LISTEN_BACKLOG, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info(
      {
        channel: profile.channel,
        chaincode: profile.chaincode,
        orgs: profile.organisations.map((o) => o.mspId),
        keyStore: keys.kind,
      },
      `gateway listening on ${config.tls ? 'https' : 'http'}://${config.host}:${port}`,
    );
  });
  server.on('error', (error) => {
    logger.fatal({ err: error }, 'cannot listen');
    process.exit(1);
  });

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests');
    const force = setTimeout(() => {
      logger.warn('grace period over; closing remaining connections');
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    // Whatever still holds the process (a stream that ignores its abort, a database that will not close)
    // must not keep a stopped gateway alive: its caller is waiting for the exit.
    const hard = setTimeout(() => {
      logger.error('shutdown did not finish; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS + SHUTDOWN_CLEANUP_MS);
    hard.unref();
    server.close(() => {
      ledger.close();
      keys.close();
      void opening
        .then(() => readModel?.stop())
        .finally(() => {
          logger.info('stopped');
          process.exit(0);
        });
    });
    // Idle keep-alive sockets and event streams would hold the server open.
    server.closeIdleConnections();
  };
  process.on('SIGINT', () => {
    shutdown('SIGINT');
  });
  process.on('SIGTERM', () => {
    shutdown('SIGTERM');
  });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `gateway failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
