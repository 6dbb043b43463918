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
    'usage: cli.ts start | network up | network down [--clean] | network status | network logs NAME',
  );
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  if (command === 'start') {
    await buildWorkspaces();
    await up();
    const { startGateway } = await import('./lib/gateway-process');
    await startGateway(openNetwork());
    return;
  }
  if (command !== 'network') usage();
  switch (sub) {
    case 'up':
      await buildWorkspaces();
      await up();
      console.log(await status());
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
