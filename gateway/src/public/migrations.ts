/**
 * The read model's schema, as numbered migrations applied in order and recorded in
 * `schema_migrations`. Append a migration to change the schema; never edit one that shipped.
 */
import type { Sql } from './sql';

export const MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
CREATE TABLE checkpoint (id int PRIMARY KEY CHECK (id = 1), next_block bigint NOT NULL);
INSERT INTO checkpoint (id, next_block) VALUES (1, 0);

CREATE TABLE txs (
  tx_id text PRIMARY KEY,
  block bigint NOT NULL,
  idx int NOT NULL,
  channel text NOT NULL,
  time timestamptz NOT NULL,
  creator text NOT NULL,
  validation_code text NOT NULL,
  endorsers jsonb NOT NULL,
  event text,
  tender_id text
);
CREATE INDEX txs_tender ON txs (tender_id, block, idx);

CREATE TABLE tenders (
  id text PRIMARY KEY,
  agency text NOT NULL,
  status text NOT NULL,
  cpv text NOT NULL,
  title text NOT NULL,
  description text NOT NULL,
  currency text NOT NULL,
  estimated numeric(20, 0) NOT NULL,
  published_at timestamptz,
  updated_block bigint NOT NULL,
  updated_idx int NOT NULL,
  doc jsonb NOT NULL,
  search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', title || ' ' || description || ' ' || cpv || ' ' || left(cpv, 8))
  ) STORED
);
CREATE INDEX tenders_search ON tenders USING gin (search);
CREATE INDEX tenders_listing ON tenders (updated_block DESC, updated_idx DESC, id);

CREATE TABLE bids (tender_id text NOT NULL, bid_id text NOT NULL, vendor_id text NOT NULL, doc jsonb NOT NULL,
  PRIMARY KEY (tender_id, bid_id));

CREATE TABLE awards (
  tender_id text NOT NULL,
  awarded_at timestamptz NOT NULL,
  agency text NOT NULL,
  vendor_id text NOT NULL,
  doc jsonb NOT NULL,
  PRIMARY KEY (tender_id, awarded_at)
);
CREATE INDEX awards_time ON awards (awarded_at DESC, tender_id);

CREATE TABLE vendors (vendor_id text PRIMARY KEY, legal_name text NOT NULL, doc jsonb NOT NULL);
CREATE TABLE challenges (challenge_id text PRIMARY KEY, tender_id text NOT NULL, doc jsonb NOT NULL);
CREATE TABLE contracts (tender_id text PRIMARY KEY, doc jsonb NOT NULL);

CREATE TABLE red_flags (
  flag_id text PRIMARY KEY,
  tender_id text NOT NULL,
  code text NOT NULL,
  status text NOT NULL,
  raised_at timestamptz NOT NULL,
  doc jsonb NOT NULL
);
CREATE INDEX red_flags_time ON red_flags (raised_at DESC, flag_id);

CREATE TABLE releases (
  release_id text PRIMARY KEY,
  ocid text NOT NULL,
  tender_id text NOT NULL,
  date timestamptz NOT NULL,
  block bigint NOT NULL,
  idx int NOT NULL,
  doc jsonb NOT NULL
);
CREATE INDEX releases_order ON releases (block, idx);
CREATE INDEX releases_ocid ON releases (ocid, block, idx);
`,
  },
  {
    version: 2,
    sql: `
CREATE TABLE release_failures (tx_id text PRIMARY KEY, tender_id text NOT NULL, message text NOT NULL);
`,
  },
];

/** Applies the migrations not yet applied, each in its own transaction. */
export async function migrate(sql: Sql): Promise<void> {
  await sql.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY)');
  const done = new Set(
    (await sql.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version),
  );
  for (const m of MIGRATIONS) {
    if (done.has(m.version)) continue;
    await sql.transaction(async (tx) => {
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [m.version]);
    });
  }
}

/** Drops everything the migrations made (for a rebuild from block 0). */
export async function dropAll(sql: Sql): Promise<void> {
  await sql.exec(
    `DROP TABLE IF EXISTS release_failures, releases, red_flags, contracts, challenges, vendors, awards, bids, tenders, txs,
       checkpoint, schema_migrations`,
  );
}
