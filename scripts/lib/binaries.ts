/**
 * Builds the pinned Fabric and Fabric CA commands from source with the machine's Go into the
 * git-ignored bin folder. A version stamp (which also records where the source came from) makes the
 * next run skip the build.
 *
 * Fabric has two build paths, tried in this order:
 *  1. a checksummed source archive (`FABRIC_SOURCE_ARCHIVE`, else the topology's default path when it
 *     exists). It carries `vendor/`, so it builds offline (`-mod=vendor`, `GOPROXY=off`); this is how
 *     air-gapped installs build.
 *  2. the Go module proxy, at the release's pseudo-version (Fabric's module path has no `/v3`, so a
 *     tag alone cannot be fetched).
 * Fabric CA always comes from the proxy.
 *
 * `go install module/cmd@version` is not used for the proxy path: it asks the proxy for the module's
 * version list, which some proxies refuse. A tiny local module that requires the pinned version needs
 * only the pinned version itself.
 */
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { detail, step, withHeartbeat } from './log';
import type { NetworkPaths } from './paths';
import { CommandError, run } from './proc';
import { ROOT, type Topology } from './topology';

type FabricSpec = Topology['fabric'];
type GoModule = Topology['fabricCa'];

/** What the stamp file records about a build. */
interface BuildStamp {
  module: string;
  version: string;
  commands: string[];
  source: string;
}

export async function ensureBinaries(topology: Topology, paths: NetworkPaths): Promise<void> {
  await assertGo();
  await ensureFabric(topology.fabric, paths);
  await ensureFabricCa(topology.fabricCa, paths);
}

function stampFile(paths: NetworkPaths, name: string): string {
  return path.join(paths.bin, `.${name}.version`);
}

function readStamp(paths: NetworkPaths, name: string): BuildStamp | undefined {
  try {
    return JSON.parse(readFileSync(stampFile(paths, name), 'utf8')) as BuildStamp;
  } catch {
    return undefined; // missing, or an older plain-text stamp: build again
  }
}

/** True when every command of the module is already built at the pinned version. */
export function isBuilt(paths: NetworkPaths, name: string, mod: GoModule): boolean {
  const stamp = readStamp(paths, name);
  return (
    stamp !== undefined &&
    stamp.module === mod.module &&
    stamp.version === mod.version &&
    stamp.commands.join(',') === mod.commands.join(',') &&
    mod.commands.every((c) => existsSync(paths.binary(c)))
  );
}

/** Where the Fabric build came from (for `npm start` and `network:status`), if it has been built. */
export function fabricBuildSource(paths: NetworkPaths): string | undefined {
  return readStamp(paths, 'fabric')?.source;
}

/** The version the built `peer` reports (`peer version`), e.g. "3.1.5 (commit 86c1172)". */
export async function fabricRuntimeVersion(paths: NetworkPaths): Promise<string> {
  try {
    const { stdout } = await run(paths.binary('peer'), ['version'], { timeoutMs: 10_000 });
    const version = /Version:\s*(\S+)/.exec(stdout)?.[1] ?? 'unknown';
    const commit = /Commit SHA:\s*(\S+)/.exec(stdout)?.[1];
    return commit ? `${version} (commit ${commit})` : version;
  } catch {
    return 'not built';
  }
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

/** The `-X` flags that stamp the release into the binaries, as Fabric's own Makefile does. */
function versionLdflags(fabric: FabricSpec): string {
  const pkg = `${fabric.module}/common/metadata`;
  return `-X ${pkg}.Version=${fabric.release} -X ${pkg}.CommitSHA=${fabric.commit.slice(0, 7)}`;
}

/** The source archive to build from, or undefined to use the Go module proxy. */
export function fabricArchive(fabric: FabricSpec, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env.FABRIC_SOURCE_ARCHIVE;
  if (fromEnv !== undefined && fromEnv !== '') {
    const file = path.resolve(fromEnv);
    if (!existsSync(file)) throw new Error(`FABRIC_SOURCE_ARCHIVE names ${file}, which does not exist.`);
    return file;
  }
  const byDefault = path.resolve(ROOT, fabric.archive.path);
  return existsSync(byDefault) ? byDefault : undefined;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function ensureFabric(fabric: FabricSpec, paths: NetworkPaths): Promise<void> {
  if (isBuilt(paths, 'fabric', fabric) && existsSync(path.join(paths.sampleConfig, 'core.yaml'))) {
    detail(`Fabric ${fabric.release}: already built (${fabricBuildSource(paths) ?? 'unknown source'})`);
    return;
  }
  const archive = fabricArchive(fabric);
  const source = archive
    ? await buildFabricFromArchive(fabric, paths, archive)
    : await buildFabricFromProxy(fabric, paths);
  writeStamp(paths, 'fabric', fabric, source);
  detail(`Fabric ${await fabricRuntimeVersion(paths)} built from ${source}`);
}

async function buildFabricFromArchive(
  fabric: FabricSpec,
  paths: NetworkPaths,
  archive: string,
): Promise<string> {
  step(
    `Building Fabric ${fabric.release} (${fabric.commands.join(', ')}) from the source archive ${archive}`,
  );
  const actual = await sha256File(archive);
  if (actual !== fabric.archive.sha256) {
    throw new Error(
      `The Fabric source archive ${archive} has SHA-256 ${actual}, but network/topology.json pins ${fabric.archive.sha256}. ` +
        'Use the archive of the pinned release, or unset FABRIC_SOURCE_ARCHIVE to build through the Go module proxy.',
    );
  }
  const work = path.join(paths.bin, 'build', 'fabric-src');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  await run('tar', ['-xzf', archive, '-C', work, '--strip-components', '1'], { timeoutMs: 300_000 });
  const env = { ...process.env, GOFLAGS: '-mod=vendor', GOPROXY: 'off', GOWORK: 'off' };
  await withHeartbeat('go build (vendored, offline)', () =>
    goBuildFabric(fabric, paths, './cmd', { cwd: work, env }),
  );
  copySampleConfig(path.join(work, 'sampleconfig'), paths);
  rmSync(work, { recursive: true, force: true });
  return `source archive sha256:${actual.slice(0, 16)}…`;
}

/** `go build` of Fabric's commands into the bin folder, with the release stamped in. */
function goBuildFabric(
  fabric: FabricSpec,
  paths: NetworkPaths,
  cmdPrefix: string,
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<unknown> {
  const packages = fabric.commands.map((c) => `${cmdPrefix}/${c}`);
  const args = ['build', '-trimpath', '-ldflags', versionLdflags(fabric), '-o', `${paths.bin}/`, ...packages];
  return run('go', args, { ...options, timeoutMs: 40 * 60_000 });
}

async function buildFabricFromProxy(fabric: FabricSpec, paths: NetworkPaths): Promise<string> {
  step(
    `Building Fabric ${fabric.release} (${fabric.commands.join(', ')}) from ${fabric.module}@${fabric.version} through the Go module proxy`,
  );
  const workDir = await prepareToolModule(paths, 'fabric', fabric);
  await withHeartbeat('go build fabric', () =>
    goBuildFabric(fabric, paths, `${fabric.module}/cmd`, { cwd: workDir, env: toolEnv(paths) }).catch(
      explainProxyError(fabric),
    ),
  );
  const { stdout } = await run('go', ['list', '-m', '-f', '{{.Dir}}', fabric.module], {
    cwd: workDir,
    env: toolEnv(paths),
  });
  copySampleConfig(path.join(stdout.trim(), 'sampleconfig'), paths);
  return `Go module proxy ${fabric.module}@${fabric.version}`;
}

async function ensureFabricCa(mod: GoModule, paths: NetworkPaths): Promise<void> {
  if (isBuilt(paths, 'fabric-ca', mod)) {
    detail(`fabric-ca ${mod.version}: already built`);
    return;
  }
  step(
    `Building ${mod.commands.join(', ')} from ${mod.module}@${mod.version} (first run only; a few minutes)`,
  );
  const workDir = await prepareToolModule(paths, 'fabric-ca', mod);
  await withHeartbeat('go install fabric-ca', () =>
    run('go', ['install', ...mod.commands.map((c) => `${mod.module}/cmd/${c}`)], {
      cwd: workDir,
      env: toolEnv(paths),
      timeoutMs: 40 * 60_000,
    }).catch(explainProxyError(mod)),
  );
  writeStamp(paths, 'fabric-ca', mod, `Go module proxy ${mod.module}@${mod.version}`);
  detail(`fabric-ca: built into ${path.relative(process.cwd(), paths.bin) || paths.bin}`);
}

function toolEnv(paths: NetworkPaths): NodeJS.ProcessEnv {
  return { ...process.env, GOBIN: paths.bin, CGO_ENABLED: '1', GOFLAGS: '-mod=mod', GOWORK: 'off' };
}

/** A local module that requires exactly the pinned version, so only that version is fetched. */
async function prepareToolModule(paths: NetworkPaths, name: string, mod: GoModule): Promise<string> {
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
  await withHeartbeat(`go mod tidy (${name})`, () =>
    run('go', ['mod', 'tidy'], { cwd: workDir, env: toolEnv(paths), timeoutMs: 20 * 60_000 }).catch(
      explainProxyError(mod),
    ),
  );
  return workDir;
}

function explainProxyError(mod: GoModule): (error: unknown) => never {
  return (error: unknown) => {
    if (error instanceof CommandError && /403|not available|proxy/i.test(error.output)) {
      throw new Error(
        `The Go module proxy did not serve ${mod.module}@${mod.version}. Check GOPROXY (${process.env.GOPROXY ?? 'default'}) and the network, ` +
          'or (for Fabric) point FABRIC_SOURCE_ARCHIVE at the release source archive.\n' +
          error.message,
      );
    }
    throw error;
  };
}

function writeStamp(paths: NetworkPaths, name: string, mod: GoModule, source: string): void {
  const stamp: BuildStamp = { module: mod.module, version: mod.version, commands: mod.commands, source };
  writeFileSync(stampFile(paths, name), `${JSON.stringify(stamp, null, 2)}\n`);
}

/** Fabric's own sampleconfig is the base configuration of every node (with env overrides). */
function copySampleConfig(source: string, paths: NetworkPaths): void {
  mkdirSync(paths.sampleConfig, { recursive: true });
  for (const file of ['core.yaml', 'orderer.yaml']) {
    const target = path.join(paths.sampleConfig, file);
    copyFileSync(path.join(source, file), target);
    chmodSync(target, 0o644);
  }
}
