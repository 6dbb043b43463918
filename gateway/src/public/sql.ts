/**
 * One SQL port over PostgreSQL, two ways to reach it: embedded PGlite (the default, nothing to install)
 * or a PostgreSQL server through a `postgres://` URL. Both run the same SQL and the same migrations.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface Sql {
  /** One statement with `$1`-style parameters; its rows. */
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** Several statements, no parameters (migrations). */
  exec(text: string): Promise<void>;
  /** Runs `work` in one database transaction: all of it or nothing. */
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

class PgliteSql implements Sql {
  readonly #db: PGlite;
  constructor(db: PGlite) {
    this.#db = db;
  }
  async query<R>(text: string, params: readonly unknown[] = []): Promise<R[]> {
    return (await this.#db.query<R>(text, [...params])).rows;
  }
  async exec(text: string): Promise<void> {
    await this.#db.exec(text);
  }
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return this.#db.transaction((tx) =>
      work({
        query: async <R>(text: string, params: readonly unknown[] = []) =>
          (await tx.query<R>(text, [...params])).rows,
        exec: async (text: string) => {
          await tx.exec(text);
        },
        transaction: () => Promise.reject(new Error('nested transaction')),
        close: () => Promise.resolve(),
      }),
    );
  }
  close(): Promise<void> {
    return this.#db.close();
  }
}

type Queryable = Pick<pg.PoolClient, 'query'>;

function clientSql(client: Queryable): Omit<Sql, 'transaction' | 'close'> {
  return {
    query: async <R>(text: string, params: readonly unknown[] = []) =>
      (await client.query(text, [...params])).rows as R[],
    exec: async (text: string) => {
      await client.query(text);
    },
  };
}

class ServerSql implements Sql {
  readonly #pool: pg.Pool;
  readonly query: Sql['query'];
  readonly exec: Sql['exec'];
  constructor(pool: pg.Pool) {
    this.#pool = pool;
    const direct = clientSql(pool);
    this.query = direct.query;
    this.exec = direct.exec;
  }
  async transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work({
        ...clientSql(client),
        transaction: () => Promise.reject(new Error('nested transaction')),
        close: () => Promise.resolve(),
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }
  close(): Promise<void> {
    return this.#pool.end();
  }
}

// bigint and numeric columns come back as strings from the server, as from PGlite's text results.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

/**
 * The read model's database: a PostgreSQL server when `url` is a `postgres://` URL, else PGlite with
 * its data in the folder `dataDir` (in memory when that is undefined).
 */
export async function openSql(url: string | undefined, dataDir: string | undefined): Promise<Sql> {
  if (url !== undefined && url !== '') return new ServerSql(new pg.Pool({ connectionString: url, max: 8 }));
  const db = new PGlite(dataDir);
  await db.waitReady;
  return new PgliteSql(db);
}
