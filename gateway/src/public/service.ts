/** The public read model as the gateway runs it: database, migrations, block listener, reads. */
import { readFile } from 'node:fs/promises';

import type { Logger } from 'pino';

import type { ConnectionProfile } from '../config';
import { Connections, DEFAULT_TIMEOUTS, type SigningIdentity } from '../fabric/connections';
import type { PublicConfig } from './config';
import { type ListenerDeps, listen } from './listener';
import { migrate } from './migrations';
import { PublicReads } from './reads';
import { type Sql, openSql } from './sql';

/** The gateway's read-only identity named in the connection profile, if any. */
export function readerIdentity(profile: ConnectionProfile): SigningIdentity | undefined {
  const reader = profile.reader;
  if (!reader) return undefined;
  return {
    mspId: reader.mspId,
    credentials: async () => ({
      certificate: await readFile(reader.certPath, 'utf8'),
      privateKey: await readFile(reader.keyPath, 'utf8'),
    }),
  };
}

export interface PublicReadModel {
  sql: Sql;
  reads: PublicReads;
  listener: ListenerDeps;
  close: () => Promise<void>;
}

/** Opens the database, applies the migrations; the listener is not started. */
export async function openReadModel(
  profile: ConnectionProfile,
  config: PublicConfig,
  reader: SigningIdentity,
  logger?: Logger,
): Promise<PublicReadModel> {
  const sql = await openSql(config.databaseUrl, config.dataDir);
  await migrate(sql);
  const connections = new Connections(profile, DEFAULT_TIMEOUTS);
  return {
    sql,
    reads: new PublicReads(sql, config.publication),
    listener: {
      sql,
      connections,
      reader,
      channel: profile.channel,
      chaincode: profile.chaincode,
      publication: config.publication,
      ...(logger ? { logger } : {}),
    },
    close: async () => {
      connections.close();
      await sql.close();
    },
  };
}

/** Opens the read model and keeps it filled until `stop()`. */
export async function startReadModel(
  profile: ConnectionProfile,
  config: PublicConfig,
  reader: SigningIdentity,
  logger?: Logger,
): Promise<{ reads: PublicReads; stop: () => Promise<void> }> {
  const model = await openReadModel(profile, config, reader, logger);
  const abort = new AbortController();
  const listener = {
    ...model.listener,
    onBlock: () => {
      model.reads.blockApplied();
    },
  };
  const running = listen(listener, abort.signal).catch((error: unknown) => {
    logger?.error({ err: error }, 'the block listener stopped');
  });
  return {
    reads: model.reads,
    stop: async () => {
      abort.abort();
      await running;
      await model.close();
    },
  };
}
