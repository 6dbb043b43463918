/**
 * Runs the network suites in another setup, beside (never instead of) the default one: its own state
 * folder and ports shifted, so a network already running on the default ports is left alone.
 *
 *   tsx scripts/network-suite.ts bft     SmartBFT ordering, four consenters
 *   tsx scripts/network-suite.ts hosts   each organisation on its own host (a network namespace)
 *   tsx scripts/network-suite.ts faults  the fault suite: nodes killed by pid under load
 *
 * Hosts mode needs root; where it cannot run, this says why and skips, loudly.
 */
import { spawnSync } from 'node:child_process';
import { hostsModeUnavailable } from './lib/hosts';
import { ROOT } from './lib/topology';

const SUITES: Record<string, NodeJS.ProcessEnv> = {
  bft: { NETWORK_ORDERING: 'bft', NETWORK_STATE_DIR: 'network/.state-bft', NETWORK_PORT_OFFSET: '300' },
  hosts: { NETWORK_HOSTS: '1', NETWORK_STATE_DIR: 'network/.state-hosts', NETWORK_PORT_OFFSET: '600' },
  // It kills and restarts nodes, so never on a network someone else is using.
  faults: { NETWORK_STATE_DIR: 'network/.state-faults', NETWORK_PORT_OFFSET: '900' },
};

async function main(): Promise<number> {
  const [name, ...jestArgs] = process.argv.slice(2);
  const env = name ? SUITES[name] : undefined;
  if (!name || !env) {
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
