/* istanbul ignore file -- test helper */
/**
 * A throwaway PostgreSQL server for the read model's tests: Debian's `postgresql` package, initialised
 * in a private folder, listening only on a Unix socket there (no TCP port), run as the `postgres`
 * system user when the tests run as root, and removed when stopped. `.ci/run` installs the package.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import pg from 'pg';

/** The folder of initdb and pg_ctl: Debian's newest version, else the PATH. */
export function postgresBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(root, versions[0], 'bin');
  }
  const found = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  return found ? path.dirname(found) : undefined;
}

export interface PostgresServer {
  /** A new empty database on the server; its URL. */
  createDatabase: () => Promise<string>;
  stop: () => void;
}

/** Starts a private server; undefined when PostgreSQL is not installed. */
export function startPostgres(): PostgresServer | undefined {
  const bin = postgresBinaries();
  if (!bin) return undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'read-model-pg-'));
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const user = (command: string, args: string[]): void => {
    if (asRoot)
      execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args], { stdio: 'pipe' });
    else execFileSync(path.join(bin, command), args, { stdio: 'pipe' });
  };
  if (asRoot) {
    const pwent = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim();
    const group = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim();
    chownSync(dir, Number(pwent), Number(group));
  }
  user('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-instructions']);
  user('pg_ctl', [
    '-D',
    data,
    '-w',
    '-l',
    path.join(dir, 'server.log'),
    '-o',
    `-c listen_addresses='' -c unix_socket_directories='${dir}' -p 5432`,
    'start',
  ]);
  const url = (db: string) => `postgres://postgres@/${db}?host=${encodeURIComponent(dir)}&port=5432`;
  let n = 0;
  return {
    createDatabase: async () => {
      n += 1;
      const name = `read_model_${n}`;
      const admin = new pg.Client({ connectionString: url('postgres') });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return url(name);
    },
    stop: () => {
      try {
        user('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
