/**
 * The project's command line: `start`, `network up|down|status|logs`, `bench`.
 * Run through npm scripts (see package.json), e.g. `npm run network:down -- --clean`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { detail, step } from './lib/log';
import { down, openNetwork, status, up } from './lib/network';
import { run } from './lib/proc';
import { ROOT } from './lib/topology';

async function buildWorkspaces(): Promise<void> {
  step('Compiling TypeScript (chaincode, gateway)');
  await run('npm', ['run', 'build'], { cwd: ROOT, timeoutMs: 300_000 });
}

/** The value after `--name` in the arguments, if any. */
function optionValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function usage(): never {
  console.error(
    'usage: cli.ts start [--hosts] | network up [--hosts] | network down [--clean] | network status | network logs NAME | network revoke --org ORG --user NAME',
  );
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  if (command === 'start') {
    await buildWorkspaces();
    const net = await up(openNetwork(), { hosts: rest.includes('--hosts') || sub === '--hosts' });
    const { startGateway } = await import('./lib/gateway-process');
    await startGateway(net);
    return;
  }
  if (command !== 'network') usage();
  switch (sub) {
    case 'up':
      await buildWorkspaces();
      console.log(await status(await up(openNetwork(), { hosts: rest.includes('--hosts') })));
      return;
    case 'down':
      await down(openNetwork(), { clean: rest.includes('--clean') });
      return;
    case 'status':
      console.log(await status());
      return;
    case 'revoke': {
      const org = optionValue(rest, '--org');
      const user = optionValue(rest, '--user');
      if (!org || !user) {
        console.error('usage: npm run network:revoke -- --org ORG --user USERNAME [--reason REASON]');
        process.exit(2);
      }
      const net = openNetwork();
      const found = net.topology.organisations.find((o) => o.name === org || o.mspId === org);
      if (!found)
        throw new Error(
          `no organisation ${org} (one of: ${net.topology.organisations.map((o) => o.name).join(', ')})`,
        );
      const { revokeIdentity } = await import('./lib/revocation');
      await revokeIdentity(net, found, user, optionValue(rest, '--reason'));
      return;
    }
    case 'logs': {
      const [name] = rest;
      const net = openNetwork();
      if (!name) {
        console.error(`usage: npm run network:logs -- NAME   (one of: ${net.procs.names().join(', ')})`);
        process.exit(2);
      }
      const file = net.procs.logFile(name);
      if (!existsSync(file)) throw new Error(`no log for '${name}' (${file})`);
      detail(file);
      spawn('tail', ['-n', '100', '-F', file], { stdio: 'inherit' });
      return;
    }
    default:
      usage();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`\n✖ ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
