/**
 * `npm start` ends by serving the gateway in the foreground, over HTTPS with a development certificate
 * from the first organisation's CA: it prints where to reach it, which CA to trust and, in development
 * mode, the demo users and their published passwords; it stops the gateway (not the network) on Ctrl-C.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type GatewayTlsFiles, ensureGatewayDevCertificate } from './gateway-tls';
import { loadDemoUsers } from './identities';
import type { Network } from './network';
import { ROOT } from './topology';
import { httpGet, waitFor } from './wait';

/** The built gateway's entry point, as its package.json names it. */
export const GATEWAY_ENTRY = path.join(
  ROOT,
  'gateway',
  (JSON.parse(readFileSync(path.join(ROOT, 'gateway', 'package.json'), 'utf8')) as { main: string }).main,
);

export function gatewayEnv(net: Network): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: String(net.topology.gateway.port),
    HOST: net.topology.host,
    CONNECTION_PROFILE: net.paths.connectionProfile,
    STATE_DIR: path.join(net.paths.state, 'gateway'),
  };
}

export interface BannerOptions {
  /** Development mode: the demo users exist. */
  demoUsers: boolean;
  /** Served over HTTPS with these files. */
  tls?: GatewayTlsFiles;
}

export function banner(net: Network, options: BannerOptions = { demoUsers: true }): string {
  const base = `${options.tls ? 'https' : 'http'}://${net.topology.host}:${net.topology.gateway.port}`;
  const users = loadDemoUsers()
    .map(
      (u) =>
        `    ${u.mspId.padEnd(16)} ${u.username.padEnd(16)} ${u.password.padEnd(20)} ${u.role}${u.vendorId ? ` (${u.vendorId})` : ''}`,
    )
    .join('\n');
  const portal = existsSync(path.join(ROOT, 'web', 'dist', 'index.html'))
    ? `Portal:   ${base}/   (log in as a demo user below)`
    : 'Portal:   not built (npm run build -w web)';
  return [
    '',
    portal,
    `Gateway:  ${base}/api/v1   (OpenAPI: ${base}/api/v1/openapi.json, health: ${base}/healthz)`,
    'Log in:   POST /api/v1/auth/login {"mspId","username","password"}',
    `Public:   ${base}/public/v1/tenders, /public/v1/red-flags, /public/v1/records (no login; npm run demo:seed fills the demo ledger)`,
    ...(options.tls
      ? [
          `TLS:      development certificate from the organisation's CA; trust ${options.tls.caFile}`,
          `          (curl --cacert ${options.tls.caFile} ${base}/healthz; a browser asks you to accept it)`,
        ]
      : []),
    ...(options.demoUsers
      ? [
          'DEVELOPMENT MODE: these demo users exist with PUBLISHED passwords (network/demo-users.json).',
          '          The gateway serves loopback only while they exist; for anything else rebuild the network',
          '          with npm run network:down -- --clean && npm start -- --no-demo-users.',
          `    ${'mspId'.padEnd(16)} ${'username'.padEnd(16)} ${'password'.padEnd(20)} role`,
          users,
        ]
      : ['No demo users (production mode): the registrar onboards users.']),
    'Network:  npm run network:status | npm run network:down [-- --clean]',
    '',
  ].join('\n');
}

export async function startGateway(net: Network, options: { demoUsers: boolean }): Promise<void> {
  const tls = await ensureGatewayDevCertificate(net);
  if (!existsSync(GATEWAY_ENTRY)) {
    console.log(banner(net, { ...options, tls }));
    console.log(`(gateway not built: ${GATEWAY_ENTRY} is missing)`);
    return;
  }
  const child = spawn(process.execPath, [GATEWAY_ENTRY], {
    env: { ...gatewayEnv(net), TLS_CERT_FILE: tls.certFile, TLS_KEY_FILE: tls.keyFile },
    stdio: 'inherit',
    cwd: ROOT,
  });
  const pidFile = path.join(net.paths.pids, 'gateway.pid');
  mkdirSync(net.paths.pids, { recursive: true });
  writeFileSync(pidFile, `${String(child.pid)}\n${process.execPath}\n`);
  const stop = (): void => {
    child.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await waitFor('the gateway to answer /healthz', async () => {
    const res = await httpGet(`https://${net.topology.host}:${net.topology.gateway.port}/healthz`, {
      ca: readFileSync(tls.caFile, 'utf8'),
    });
    return res.status === 200;
  });
  console.log(banner(net, { ...options, tls }));
  await new Promise<void>((resolve) =>
    child.on('exit', () => {
      resolve();
    }),
  );
  rmSync(pidFile, { force: true });
}

/** Longer than the gateway's own shutdown deadline (grace plus cleanup, 20 s). */
const STOP_DEADLINE_MS = 30_000;

export interface GatewayProcess {
  baseUrl: string;
  stateDir: string;
  child: ChildProcess;
  /** What the process printed so far (for failure messages). */
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Extra Node options for a gateway run by the benchmarks, from `GATEWAY_NODE_ARGS` (space-separated),
 * e.g. `--cpu-prof --cpu-prof-dir=prof` to profile it (Node refuses these in NODE_OPTIONS).
 */
function gatewayNodeArgs(): string[] {
  return (process.env.GATEWAY_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
}

/** Every gateway this process started and has not stopped yet. */
const running = new Set<GatewayProcess>();

/**
 * Stops every gateway this process started and did not stop (a test that failed before its own
 * `stop`): a leftover child would keep the test runner from exiting.
 * @returns how many were left over.
 */
export async function stopLeftoverGateways(): Promise<number> {
  const leftovers = [...running];
  await Promise.all(leftovers.map((gateway) => gateway.stop()));
  return leftovers.length;
}

/**
 * A gateway for a measurement (bench, soak): its state kept in `<network state>/<name>` across runs (the
 * wallet of the vendors it signs in), warnings only, and the per-token rate limit lifted, since every
 * client comes from this one process: the ledger is measured, not the limiters. `env` adds or overrides.
 */
export function startMeasuringGateway(
  net: Network,
  name: string,
  portOffset: number,
  env: NodeJS.ProcessEnv = {},
): Promise<GatewayProcess> {
  const stateDir = path.join(net.paths.state, name);
  mkdirSync(stateDir, { recursive: true });
  return startGatewayProcess(net, {
    PORT: String(net.topology.gateway.port + portOffset),
    LOG_LEVEL: 'warn',
    STATE_DIR: stateDir,
    RATE_LIMIT_PER_MINUTE: '1000000',
    ...env,
  });
}

/**
 * Runs the built gateway as a child process with its output captured (benchmarks and tests); resolves
 * once it answers /healthz. `env` overrides gatewayEnv, e.g. PORT or STATE_DIR; with TLS_CERT_FILE it is
 * reached over HTTPS, trusting `tlsCaFile`.
 */
export async function startGatewayProcess(
  net: Network,
  env: NodeJS.ProcessEnv = {},
  options: { tlsCaFile?: string } = {},
): Promise<GatewayProcess> {
  const stateDir = env.STATE_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'gateway-'));
  const fullEnv: NodeJS.ProcessEnv = { ...gatewayEnv(net), ...env, STATE_DIR: stateDir };
  const child = spawn(process.execPath, [...gatewayNodeArgs(), GATEWAY_ENTRY], {
    env: fullEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: ROOT,
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const scheme = fullEnv.TLS_CERT_FILE ? 'https' : 'http';
  const baseUrl = `${scheme}://${fullEnv.HOST ?? '127.0.0.1'}:${fullEnv.PORT ?? ''}`;
  const trust = options.tlsCaFile === undefined ? {} : { ca: readFileSync(options.tlsCaFile, 'utf8') };
  const gateway: GatewayProcess = {
    baseUrl,
    stateDir,
    child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        running.delete(gateway);
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        // The gateway exits within its own shutdown deadline; past that, it is stuck, and a test must
        // not hang on it: kill it and say so in its output.
        const stuck = setTimeout(() => {
          output += `\n[stop] no exit ${String(STOP_DEADLINE_MS)} ms after SIGTERM; sent SIGKILL\n`;
          child.kill('SIGKILL');
        }, STOP_DEADLINE_MS);
        child.once('exit', () => {
          clearTimeout(stuck);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
  running.add(gateway);
  try {
    await waitFor(
      'the gateway to answer /healthz',
      async () => (await httpGet(`${baseUrl}/healthz`, trust)).status === 200,
      {
        timeoutMs: 30_000,
        diagnose: () => output,
      },
    );
  } catch (error) {
    await gateway.stop();
    throw error;
  }
  return gateway;
}
