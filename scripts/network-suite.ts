/**
 * Runs the network suites in another setup, beside (never instead of) the default one: its own state
 * folder and ports shifted, so a network already running on the default ports is left alone.
 *
 *   tsx scripts/network-suite.ts bft     SmartBFT ordering, four consenters
 *   tsx scripts/network-suite.ts hosts   each organisation on its own host (a network namespace)
 *   tsx scripts/network-suite.ts faults       the fault suite: nodes killed by pid under load
 *   tsx scripts/network-suite.ts faults-full  its full version (more faults; not in CI)
 *
 * The fault suites' state folder and port offset are defaults: a caller's own NETWORK_STATE_DIR and
 * NETWORK_PORT_OFFSET win, so a second copy can run beside the first on other ports. The other suites'
 * settings always win (a developer's NETWORK_STATE_DIR for the default network must not leak into them).
 *
 * Hosts mode needs root; where it cannot run, this says why and skips, loudly.
 */
import { spawnSync } from 'node:child_process';
import { hostsModeUnavailable } from './lib/hosts';
import { ROOT } from './lib/topology';

/** A jest project of the same name, and the setup it runs in. */
interface Suite {
  env: NodeJS.ProcessEnv;
  /** Settings the caller's environment may override. */
  overridable?: readonly string[];
}

// The fault suites kill and restart nodes, so never on a network someone else is using.
const FAULTS_ENV = { NETWORK_STATE_DIR: 'network/.state-faults', NETWORK_PORT_OFFSET: '900' };
const FAULTS_OVERRIDABLE = ['NETWORK_STATE_DIR', 'NETWORK_PORT_OFFSET'] as const;

const SUITES: Record<string, Suite> = {
  bft: {
    env: { NETWORK_ORDERING: 'bft', NETWORK_STATE_DIR: 'network/.state-bft', NETWORK_PORT_OFFSET: '300' },
  },
  hosts: {
    env: { NETWORK_HOSTS: '1', NETWORK_STATE_DIR: 'network/.state-hosts', NETWORK_PORT_OFFSET: '600' },
  },
  faults: { env: FAULTS_ENV, overridable: FAULTS_OVERRIDABLE },
  'faults-full': { env: FAULTS_ENV, overridable: FAULTS_OVERRIDABLE },
};

/** The suite's settings, with the caller's values for those it may override. */
function suiteEnv(suite: Suite, caller: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env = { ...suite.env };
  for (const key of suite.overridable ?? []) {
    const value = caller[key];
    if (value !== undefined && value !== '') env[key] = value;
  }
  return env;
}

async function main(): Promise<number> {
  const [name, ...jestArgs] = process.argv.slice(2);
  const suite = name ? SUITES[name] : undefined;
  if (!name || !suite) {
    console.error(`usage: network-suite.ts ${Object.keys(SUITES).join('|')} [jest options]`);
    return 2;
  }
  if (name === 'hosts') {
    const why = await hostsModeUnavailable();
    if (why) {
      console.log(`\n!! SKIPPED the one-host-per-organisation suite: ${why}.\n`);
      return 0;
    }
  }
  const env = suiteEnv(suite);
  console.log(
    `==> Network suites, ${name} setup (${Object.entries(env)
      .map(([k, v]) => `${k}=${v ?? ''}`)
      .join(' ')})`,
  );
  const result = spawnSync('npx', ['jest', '--selectProjects', name, '--runInBand', ...jestArgs], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  return result.status ?? 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
