/**
 * The public read model from the command line: rebuild it from block 0, check it against the ledger,
 * export every OCDS record package. Each opens the same database as the gateway (DATABASE_URL, or the
 * gateway's PGlite folder: stop the gateway first, PGlite serves one process at a time).
 */
import { createWriteStream } from 'node:fs';
import path from 'node:path';

import { type Award, type RedFlagRecord, type Tender, canonicalJson } from '@procurement/contract';
import { SingleBar } from 'cli-progress';

import { loadConnectionProfile } from '../../gateway/src/config';
import { loadPublicConfig } from '../../gateway/src/public/config';
import { nextBlock } from '../../gateway/src/public/ingest';
import { chainHeight, listen } from '../../gateway/src/public/listener';
import { dropAll, migrate } from '../../gateway/src/public/migrations';
import { loadOcdsValidator } from '../../gateway/src/public/ocds-validator';
import { type PublicReadModel, openReadModel, readerIdentity } from '../../gateway/src/public/service';
import { detail } from './log';
import type { Network } from './network';

/**
 * The read model of the network's gateway (its state folder, or `stateDir`, and its port), migrated,
 * not listening.
 */
export async function openModel(net: Network, stateDir = defaultStateDir(net)): Promise<PublicReadModel> {
  const profile = loadConnectionProfile(net.paths.connectionProfile);
  const reader = readerIdentity(profile);
  if (!reader)
    throw new Error('the connection profile names no reader identity: run npm run network:up first');
  return openReadModel(profile, loadPublicConfig(stateDir, net.topology.gateway.port), reader);
}

/** The gateway's state folder: `STATE_DIR`, as the gateway reads it, or the network's. */
function defaultStateDir(net: Network): string {
  return process.env.STATE_DIR ?? path.join(net.paths.state, 'gateway');
}

/** Applies every block up to the current height, with a progress bar. */
async function catchUp(model: PublicReadModel): Promise<bigint> {
  const height = await chainHeight(model.listener);
  const from = await nextBlock(model.sql);
  const bar = new SingleBar({ format: 'blocks [{bar}] {value}/{total}', clearOnComplete: true });
  bar.start(Number(height), Number(from));
  await listen(
    {
      ...model.listener,
      onBlock: (n) => {
        bar.update(Number(n) + 1);
      },
    },
    new AbortController().signal,
    height,
  );
  bar.stop();
  return height;
}

/** `public:rebuild`: drops the read model and fills it again from block 0. */
export async function rebuild(net: Network, stateDir?: string): Promise<void> {
  const model = await openModel(net, stateDir);
  try {
    await dropAll(model.sql);
    await migrate(model.sql);
    const height = await catchUp(model);
    detail(`read model rebuilt from block 0 to block ${height - 1n}`);
  } finally {
    await model.close();
  }
}

/** A difference between the read model and the ledger. */
export interface Mismatch {
  what: string;
  readModel: string;
  ledger: string;
}

async function evaluate(model: PublicReadModel, fn: string, ...args: string[]): Promise<string | undefined> {
  const gateway = await model.listener.connections.connect(model.listener.reader, true);
  try {
    const contract = gateway.getNetwork(model.listener.channel).getContract(model.listener.chaincode);
    return Buffer.from(await contract.evaluateTransaction(fn, ...args)).toString('utf8');
  } catch {
    return undefined;
  } finally {
    gateway.close();
  }
}

/**
 * `public:check`: catches up, then compares every published tender, current award and red-flag list
 * of the read model with the ledger's (queries as the reader identity). Lists each difference.
 */
export async function check(net: Network, stateDir?: string): Promise<Mismatch[]> {
  const model = await openModel(net, stateDir);
  const mismatches: Mismatch[] = [];
  const compare = (what: string, mine: unknown, theirs: string | undefined): void => {
    const a = canonicalJson(mine);
    const b = theirs === undefined ? '(missing)' : canonicalJson(JSON.parse(theirs));
    if (a !== b) mismatches.push({ what, readModel: a, ledger: b });
  };
  try {
    const height = await catchUp(model);
    const tenders = await model.sql.query<{ doc: Tender }>('SELECT doc FROM tenders ORDER BY id');
    for (const { doc } of tenders) {
      // A draft is its own agency's alone (the reader may not read it) and never public.
      if (doc.status === 'draft') continue;
      compare(`tender ${doc.id}`, doc, await evaluate(model, 'tender:Get', doc.id));
      const flags = await model.sql.query<{ doc: RedFlagRecord }>(
        'SELECT doc FROM red_flags WHERE tender_id = $1',
        [doc.id],
      );
      const ledgerFlags = await evaluate(model, 'redflag:List', doc.id);
      const sortById = (items: RedFlagRecord[]) => [...items].sort((x, y) => (x.flagId < y.flagId ? -1 : 1));
      compare(
        `red flags of ${doc.id}`,
        sortById(flags.map((f) => f.doc)),
        ledgerFlags === undefined
          ? undefined
          : JSON.stringify(sortById((JSON.parse(ledgerFlags) as { items: RedFlagRecord[] }).items)),
      );
    }
    const failures = await model.sql.query<{ tx_id: string; tender_id: string; message: string }>(
      'SELECT tx_id, tender_id, message FROM release_failures ORDER BY tx_id',
    );
    for (const f of failures)
      mismatches.push({
        what: `OCDS release of ${f.tx_id} (${f.tender_id})`,
        readModel: f.message,
        ledger: '(a change)',
      });
    const awards = await model.sql.query<{ doc: Award }>(
      'SELECT DISTINCT ON (tender_id) doc FROM awards ORDER BY tender_id, awarded_at DESC',
    );
    for (const { doc } of awards)
      compare(`award of ${doc.tenderId}`, doc, await evaluate(model, 'award:Get', doc.tenderId));
    detail(`checked ${tenders.length} tenders and ${awards.length} awards at height ${height}`);
    return mismatches;
  } finally {
    await model.close();
  }
}

/**
 * `export:ocds`: every record package, one JSON document a line, each validated against OCDS 1.1.5
 * with the bid extension. Returns how many were written and how many failed validation.
 */
export async function exportOcds(
  net: Network,
  out: string,
  stateDir?: string,
): Promise<{ written: number; invalid: number }> {
  const model = await openModel(net, stateDir);
  const validator = loadOcdsValidator();
  const stream = createWriteStream(out, { encoding: 'utf8' });
  try {
    await catchUp(model);
    const [{ total } = { total: '0' }] = await model.sql.query<{ total: string }>(
      'SELECT count(DISTINCT ocid)::text AS total FROM releases',
    );
    const bar = new SingleBar({ format: 'records [{bar}] {value}/{total}', clearOnComplete: true });
    bar.start(Number(total), 0);
    let written = 0;
    let invalid = 0;
    let bookmark: string | undefined;
    do {
      const page = await model.reads.records({ pageSize: 100, bookmark });
      for (const pkg of page.items) {
        const errors = validator.recordPackage(pkg);
        if (errors.length > 0) {
          invalid += 1;
          console.error(
            `invalid record package ${String((pkg.records as { ocid: string }[])[0]?.ocid)}: ${errors.join('; ')}`,
          );
        }
        stream.write(`${JSON.stringify(pkg)}\n`);
        written += 1;
        bar.update(written);
      }
      bookmark = page.bookmark;
    } while (bookmark !== undefined);
    bar.stop();
    return { written, invalid };
  } finally {
    await new Promise<void>((resolve) => stream.end(resolve));
    await model.close();
  }
}
