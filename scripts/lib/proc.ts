/**
 * Processes the scripts start and stop. Each long-running process is started detached with its output
 * in <state>/logs/<name>.log and its pid in <state>/pids/<name>.pid; only those recorded pids are ever
 * signalled, never processes found by name.
 */
import { execFile, spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

export interface CommandResult {
  stdout: string;
  stderr: string;
}

export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly output: string,
    readonly exitCode: number | null,
  ) {
    super(`${command} failed (exit ${String(exitCode)}):\n${excerpt(output)}`);
    this.name = 'CommandError';
  }
}

/** The start (where Go panics say why) and the end of a long output. */
function excerpt(output: string): string {
  const lines = output.trim().split('\n');
  if (lines.length <= 30) return lines.join('\n');
  return [...lines.slice(0, 8), `… (${lines.length - 28} lines) …`, ...lines.slice(-20)].join('\n');
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
}

/** Runs a command to completion; rejects with its output tail when it fails. */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        env: options.env ?? process.env,
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) {
          const shown = `${path.basename(command)} ${args.join(' ')}`;
          const code = typeof error.code === 'number' ? error.code : null;
          reject(new CommandError(shown, `${stdout}\n${stderr}`, code));
        } else {
          resolve({ stdout, stderr });
        }
      },
    );
  });
}

export interface ServiceSpec {
  /** Unique name: pid and log files are named after it. */
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Run inside this Linux network namespace (`ip netns exec`), i.e. on that organisation's own host. */
  namespace?: string;
}

export class ProcessRegistry {
  constructor(
    private readonly pidDir: string,
    private readonly logDir: string,
  ) {}

  logFile(name: string): string {
    return path.join(this.logDir, `${name}.log`);
  }

  /** Starts a detached process (it outlives this script) and records its pid. */
  start(spec: ServiceSpec): number {
    mkdirSync(this.pidDir, { recursive: true });
    mkdirSync(this.logDir, { recursive: true });
    const fd = openSync(this.logFile(spec.name), 'a');
    try {
      // `ip netns exec` execs the command in place, so the recorded pid is the command's own.
      const [command, args] = spec.namespace
        ? ['ip', ['netns', 'exec', spec.namespace, spec.command, ...spec.args]]
        : [spec.command, spec.args];
      const child = spawn(command, args, {
        env: spec.env,
        cwd: spec.cwd,
        detached: true,
        stdio: ['ignore', fd, fd],
      });
      if (child.pid === undefined) throw new Error(`could not start ${spec.name} (${spec.command})`);
      child.unref();
      writeFileSync(this.pidFile(spec.name), `${child.pid}\n${spec.command}\n`);
      return child.pid;
    } finally {
      closeSync(fd);
    }
  }

  /** The recorded pid, if the process is still alive and still runs the recorded command. */
  alivePid(name: string): number | undefined {
    const recorded = this.read(name);
    if (!recorded) return undefined;
    try {
      process.kill(recorded.pid, 0);
    } catch {
      return undefined;
    }
    // A pid can be reused after a reboot: only trust it if it still runs our command.
    try {
      const cmdline = readFileSync(`/proc/${recorded.pid}/cmdline`, 'utf8');
      if (!cmdline.includes(path.basename(recorded.command))) return undefined;
    } catch {
      return undefined;
    }
    return recorded.pid;
  }

  names(): string[] {
    if (!existsSync(this.pidDir)) return [];
    return readdirSync(this.pidDir)
      .filter((f) => f.endsWith('.pid'))
      .map((f) => f.slice(0, -'.pid'.length))
      .sort();
  }

  /** Stops one recorded process: SIGTERM, then SIGKILL after a grace period. */
  async stop(name: string, graceMs = 10_000): Promise<boolean> {
    const pid = this.alivePid(name);
    rmSync(this.pidFile(name), { force: true });
    if (pid === undefined) return false;
    // Signal the process group first (the node and anything it spawned), else the process alone.
    if (!signal(-pid, 'SIGTERM')) signal(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline) {
      if (!isRunning(pid)) return true;
      await sleep(200);
    }
    if (!signal(-pid, 'SIGKILL')) signal(pid, 'SIGKILL');
    return true;
  }

  /** The last lines of a process's log, for error messages. */
  tail(name: string, lines = 30): string {
    const file = this.logFile(name);
    if (!existsSync(file)) return '(no log yet)';
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  }

  private pidFile(name: string): string {
    return path.join(this.pidDir, `${name}.pid`);
  }

  private read(name: string): { pid: number; command: string } | undefined {
    const file = this.pidFile(name);
    if (!existsSync(file)) return undefined;
    const [pidLine, command] = readFileSync(file, 'utf8').split('\n');
    const pid = Number(pidLine);
    if (!Number.isInteger(pid) || pid <= 0 || !command) return undefined;
    return { pid, command };
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
