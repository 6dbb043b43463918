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

function usage(): never {
  console.error(
    'usage: cli.ts start [--hosts] | network up [--hosts] | network down [--clean] | network status | network logs NAME',
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
