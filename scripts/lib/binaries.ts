/**
 * Builds the pinned Fabric and Fabric CA commands from source with the machine's Go, through the Go
 * module proxy, into the git-ignored bin folder. A version stamp makes the next run skip the build.
 *
 * `go install module/cmd@version` is not used: it asks the proxy for the module's version list (to
 * report deprecations), which this proxy refuses. A tiny local module that requires the pinned version
 * and builds its commands needs only the pinned version itself.
 */
import { copyFileSync, chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { detail, step, withHeartbeat } from './log';
import type { NetworkPaths } from './paths';
import { CommandError, run } from './proc';
import type { Topology } from './topology';

type GoModule = Topology['fabric'];

export async function ensureBinaries(topology: Topology, paths: NetworkPaths): Promise<void> {
  await assertGo();
  await ensureModule('fabric', topology.fabric, paths, true);
  await ensureModule('fabric-ca', topology.fabricCa, paths, false);
}

function stampFile(paths: NetworkPaths, name: string): string {
  return path.join(paths.bin, `.${name}.version`);
}

function stampOf(mod: GoModule): string {
  return `${mod.module}@${mod.version} ${mod.commands.join(',')}`;
}

/** True when every command of the module is already built at the pinned version. */
export function isBuilt(paths: NetworkPaths, name: string, mod: GoModule): boolean {
  const stamp = stampFile(paths, name);
  return (
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8').trim() === stampOf(mod) &&
    mod.commands.every((c) => existsSync(paths.binary(c)))
  );
}

async function assertGo(): Promise<void> {
  try {
    await run('go', ['version']);
  } catch {
    throw new Error(
      'Go is needed to build the Fabric binaries from source, and `go` is not on PATH. Install Go (1.25 or newer) and run again.',
    );
  }
}

async function ensureModule(
  name: string,
  mod: GoModule,
  paths: NetworkPaths,
  withSampleConfig: boolean,
): Promise<void> {
  if (
    isBuilt(paths, name, mod) &&
    (!withSampleConfig || existsSync(path.join(paths.sampleConfig, 'core.yaml')))
  ) {
    detail(`${name} ${mod.version}: already built`);
    return;
  }
  step(
    `Building ${mod.commands.join(', ')} from ${mod.module}@${mod.version} (first run only; a few minutes)`,
  );
  const workDir = path.join(paths.bin, 'build', name);
  mkdirSync(workDir, { recursive: true });
  writeFileSync(
    path.join(workDir, 'go.mod'),
    `module local.build/${name}\n\ngo 1.24\n\nrequire ${mod.module} ${mod.version}\n`,
  );
  const imports = mod.commands.map((c) => `\t_ "${mod.module}/cmd/${c}"`).join('\n');
  writeFileSync(
    path.join(workDir, 'tools.go'),
    `//go:build tools\n\npackage tools\n\nimport (\n${imports}\n)\n`,
  );
  const env = { ...process.env, GOBIN: paths.bin, CGO_ENABLED: '1', GOFLAGS: '-mod=mod' };
  try {
    await withHeartbeat('go mod tidy', () =>
      run('go', ['mod', 'tidy'], { cwd: workDir, env, timeoutMs: 20 * 60_000 }),
    );
    const pkgs = mod.commands.map((c) => `${mod.module}/cmd/${c}`);
    await withHeartbeat(`go install ${name}`, () =>
      run('go', ['install', ...pkgs], { cwd: workDir, env, timeoutMs: 40 * 60_000 }),
    );
  } catch (error) {
    if (error instanceof CommandError && /403|not available|proxy/i.test(error.output)) {
      throw new Error(
        `The Go module proxy did not serve ${mod.module}@${mod.version}. Check GOPROXY (${process.env.GOPROXY ?? 'default'}) and the network.\n${error.message}`,
      );
    }
    throw error;
  }
  if (withSampleConfig) await copySampleConfig(workDir, mod, paths);
  writeFileSync(stampFile(paths, name), `${stampOf(mod)}\n`);
  detail(`${name}: built into ${path.relative(process.cwd(), paths.bin) || paths.bin}`);
}

/** Fabric's sampleconfig ships in the module Go downloaded; keep a writable copy as the base config. */
async function copySampleConfig(workDir: string, mod: GoModule, paths: NetworkPaths): Promise<void> {
  const { stdout } = await run('go', ['list', '-m', '-f', '{{.Dir}}', mod.module], { cwd: workDir });
  const source = path.join(stdout.trim(), 'sampleconfig');
  mkdirSync(paths.sampleConfig, { recursive: true });
  for (const file of ['core.yaml', 'orderer.yaml']) {
    const target = path.join(paths.sampleConfig, file);
    copyFileSync(path.join(source, file), target);
    chmodSync(target, 0o644);
  }
}
