/**
 * Fills the read model from decoded blocks: each valid transaction's public writes become rows, and
 * each change that OCDS publishes (publish, amendment, cancellation, award, challenge decision,
 * contract) becomes a release built from the process as that transaction left it. One database
 * transaction per block, the checkpoint included, so a crash resumes at the first block not applied.
 */
import {
  type Award,
  type BidRecord,
  type Challenge,
  type ContractRecord,
  type OcdsConfig,
  type ProcessSnapshot,
  type PublicVendor,
  type RedFlagRecord,
  type ReleaseChange,
  type Tender,
  buildRelease,
  ocidOf,
} from '@procurement/contract';

import type { KeyWrite, LedgerTransaction } from './blocks';
import type { Sql } from './sql';

/** The chaincode event of each change that makes an OCDS release. */
const RELEASE_OF_EVENT: Readonly<Record<string, ReleaseChange>> = {
  TenderPublished: 'publish',
  TenderAmended: 'amend',
  TenderCancelled: 'cancel',
  AwardMade: 'award',
  ChallengeDecided: 'challengeDecided',
  ContractRecorded: 'contract',
};

/** A composite key's object type and attributes (Fabric's `\u0000type\u0000a\u0000b\u0000` form). */
export function splitCompositeKey(key: string): { type: string; attrs: string[] } | undefined {
  if (!key.startsWith('\u0000')) return undefined;
  const parts = key.split('\u0000');
  const [, type, ...attrs] = parts;
  if (type === undefined || attrs.pop() !== '') return undefined;
  return { type, attrs };
}

type Row = (sql: Sql, tx: LedgerTransaction, value: string) => Promise<void>;

const upsertTender: Row = async (sql, tx, value) => {
  const t = JSON.parse(value) as Tender;
  await sql.query(
    `INSERT INTO tenders (id, agency, status, cpv, title, description, currency, estimated, published_at,
       updated_block, updated_idx, doc)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (id) DO UPDATE SET agency = $2, status = $3, cpv = $4, title = $5, description = $6,
       currency = $7, estimated = $8, published_at = $9, updated_block = $10, updated_idx = $11, doc = $12`,
    [
      t.id,
      t.agency,
      t.status,
      t.cpv,
      t.title,
      t.description,
      t.estimatedValue.currency,
      t.estimatedValue.amount,
      t.publishedAt ?? null,
      tx.blockNumber.toString(),
      tx.index,
      value,
    ],
  );
};

const upsertBid: Row = async (sql, _tx, value) => {
  const b = JSON.parse(value) as BidRecord;
  await sql.query(
    `INSERT INTO bids (tender_id, bid_id, vendor_id, doc) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tender_id, bid_id) DO UPDATE SET vendor_id = $3, doc = $4`,
    [b.tenderId, b.bidId, b.vendorId, value],
  );
};

const upsertAward: Row = async (sql, _tx, value) => {
  const a = JSON.parse(value) as Award;
  await sql.query(
    `INSERT INTO awards (tender_id, awarded_at, agency, vendor_id, doc) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tender_id, awarded_at) DO UPDATE SET agency = $3, vendor_id = $4, doc = $5`,
    [a.tenderId, a.awardedAt, a.agency, a.vendorId, value],
  );
};

const upsertVendor: Row = async (sql, _tx, value) => {
  const v = JSON.parse(value) as PublicVendor;
  await sql.query(
    `INSERT INTO vendors (vendor_id, legal_name, doc) VALUES ($1, $2, $3)
     ON CONFLICT (vendor_id) DO UPDATE SET legal_name = $2, doc = $3`,
    [v.vendorId, v.legalName, value],
  );
};

const upsertChallenge: Row = async (sql, _tx, value) => {
  const c = JSON.parse(value) as Challenge;
  await sql.query(
    `INSERT INTO challenges (challenge_id, tender_id, doc) VALUES ($1, $2, $3)
     ON CONFLICT (challenge_id) DO UPDATE SET tender_id = $2, doc = $3`,
    [c.challengeId, c.tenderId, value],
  );
};

const upsertContract: Row = async (sql, _tx, value) => {
  const c = JSON.parse(value) as ContractRecord;
  await sql.query(
    `INSERT INTO contracts (tender_id, doc) VALUES ($1, $2) ON CONFLICT (tender_id) DO UPDATE SET doc = $2`,
    [c.tenderId, value],
  );
};

const upsertRedFlag: Row = async (sql, _tx, value) => {
  const f = JSON.parse(value) as RedFlagRecord;
  await sql.query(
    `INSERT INTO red_flags (flag_id, tender_id, code, status, raised_at, doc) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (flag_id) DO UPDATE SET status = $4, doc = $6`,
    [f.flagId, f.tenderId, f.code, f.status, f.raisedAt, value],
  );
};

/** The chaincode's record keys (ledger/keys.ts) the read model keeps; index keys are left out. */
const ROWS: Readonly<Record<string, Row>> = {
  tender: upsertTender,
  bid: upsertBid,
  award: upsertAward,
  vendor: upsertVendor,
  challenge: upsertChallenge,
  contract: upsertContract,
  redflag: upsertRedFlag,
};

async function applyWrite(sql: Sql, tx: LedgerTransaction, write: KeyWrite): Promise<void> {
  const parts = splitCompositeKey(write.key);
  const row = parts ? ROWS[parts.type] : undefined;
  // No record of these is ever deleted; a delete is an index entry moving.
  if (row && write.value !== undefined) await row(sql, tx, write.value);
}

function tenderIdOf(tx: LedgerTransaction): string | undefined {
  if (!tx.event) return undefined;
  try {
    const payload = JSON.parse(tx.event.payload) as { tenderId?: unknown };
    return typeof payload.tenderId === 'string' ? payload.tenderId : undefined;
  } catch {
    return undefined;
  }
}

const docs = async <T>(sql: Sql, text: string, params: readonly unknown[]): Promise<T[]> =>
  (await sql.query<{ doc: T }>(text, params)).map((r) => r.doc);

/** The process as the transaction left it, from the read model; undefined before publication. */
async function snapshotOf(
  sql: Sql,
  tx: LedgerTransaction,
  tenderId: string,
  change: ReleaseChange,
): Promise<ProcessSnapshot | undefined> {
  const [tender] = await docs<Tender>(sql, 'SELECT doc FROM tenders WHERE id = $1', [tenderId]);
  if (!tender || tender.status === 'draft' || tender.publishedAt === undefined) return undefined;
  const bids = await docs<BidRecord>(sql, 'SELECT doc FROM bids WHERE tender_id = $1 ORDER BY bid_id', [
    tenderId,
  ]);
  const [award] = await docs<Award>(
    sql,
    'SELECT doc FROM awards WHERE tender_id = $1 ORDER BY awarded_at DESC LIMIT 1',
    [tenderId],
  );
  const [contract] = await docs<ContractRecord>(sql, 'SELECT doc FROM contracts WHERE tender_id = $1', [
    tenderId,
  ]);
  const challengeId = change === 'challengeDecided' ? challengeIdOf(tx) : undefined;
  const [challenge] = challengeId
    ? await docs<Challenge>(sql, 'SELECT doc FROM challenges WHERE challenge_id = $1', [challengeId])
    : [];
  const vendorIds = [...new Set([...bids.map((b) => b.vendorId), ...(award ? [award.vendorId] : [])])];
  const vendors = await sql.query<PublicVendor>(
    'SELECT vendor_id AS "vendorId", legal_name AS "legalName" FROM vendors WHERE vendor_id = ANY($1)',
    [vendorIds],
  );
  return {
    tender,
    bids,
    ...(award ? { award } : {}),
    ...(challenge ? { challenge } : {}),
    ...(contract ? { contract } : {}),
    vendors,
  };
}

function challengeIdOf(tx: LedgerTransaction): string | undefined {
  const payload = tx.event ? (JSON.parse(tx.event.payload) as { challengeId?: unknown }) : {};
  return typeof payload.challengeId === 'string' ? payload.challengeId : undefined;
}

/** The release of a change, from the process as the transaction left it. */
async function writeRelease(
  sql: Sql,
  tx: LedgerTransaction,
  tenderId: string,
  change: ReleaseChange,
  ocds: OcdsConfig,
): Promise<void> {
  const snapshot = await snapshotOf(sql, tx, tenderId, change);
  if (!snapshot) return;
  const release = buildRelease(snapshot, { txId: tx.txId, time: tx.time, change }, ocds);
  await sql.query(
    `INSERT INTO releases (release_id, ocid, tender_id, date, block, idx, doc) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (release_id) DO NOTHING`,
    [
      release.id,
      ocidOf(tenderId, ocds),
      tenderId,
      release.date,
      tx.blockNumber.toString(),
      tx.index,
      JSON.stringify(release),
    ],
  );
}

/**
 * The release of a change; when it cannot be built, the failure is recorded instead (`public:check`
 * reports it), so one bad record never stalls the read model.
 */
async function releaseOrFailure(
  sql: Sql,
  tx: LedgerTransaction,
  tenderId: string,
  change: ReleaseChange,
  ocds: OcdsConfig,
): Promise<void> {
  await sql.query('SAVEPOINT release');
  try {
    await writeRelease(sql, tx, tenderId, change, ocds);
    await sql.query('RELEASE SAVEPOINT release');
  } catch (error) {
    await sql.query('ROLLBACK TO SAVEPOINT release');
    await sql.query(
      `INSERT INTO release_failures (tx_id, tender_id, message) VALUES ($1, $2, $3)
       ON CONFLICT (tx_id) DO UPDATE SET message = $3`,
      [tx.txId, tenderId, error instanceof Error ? error.message : String(error)],
    );
  }
}

/** One transaction: its proof row always; its rows and release when it is valid. */
export async function applyTransaction(sql: Sql, tx: LedgerTransaction, ocds: OcdsConfig): Promise<void> {
  const tenderId = tenderIdOf(tx);
  await sql.query(
    `INSERT INTO txs (tx_id, block, idx, channel, time, creator, validation_code, endorsers, event, tender_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (tx_id) DO NOTHING`,
    [
      tx.txId,
      tx.blockNumber.toString(),
      tx.index,
      tx.channel,
      tx.time,
      tx.creator,
      tx.validationCode,
      JSON.stringify(tx.endorsers),
      tx.validationCode === 'VALID' ? (tx.event?.name ?? null) : null,
      tenderId ?? null,
    ],
  );
  if (tx.validationCode !== 'VALID') return;
  for (const write of tx.writes) await applyWrite(sql, tx, write);
  const change = tx.event ? RELEASE_OF_EVENT[tx.event.name] : undefined;
  if (change && tenderId) await releaseOrFailure(sql, tx, tenderId, change, ocds);
}

/** The first block not yet applied. */
export async function nextBlock(sql: Sql): Promise<bigint> {
  const [row] = await sql.query<{ next_block: string }>('SELECT next_block FROM checkpoint WHERE id = 1');
  return BigInt(row?.next_block ?? 0);
}

/**
 * Applies one block and moves the checkpoint past it, atomically. A block already applied is skipped;
 * a block beyond the next one is refused (blocks are applied in order).
 * @returns whether the block was applied.
 */
export async function applyBlock(
  sql: Sql,
  blockNumber: bigint,
  txs: readonly LedgerTransaction[],
  ocds: OcdsConfig,
): Promise<boolean> {
  return sql.transaction(async (db) => {
    const next = await nextBlock(db);
    if (blockNumber < next) return false;
    if (blockNumber > next) throw new Error(`block ${blockNumber} arrived before block ${next}`);
    for (const tx of txs) await applyTransaction(db, tx, ocds);
    await db.query('UPDATE checkpoint SET next_block = $1 WHERE id = 1', [(blockNumber + 1n).toString()]);
    return true;
  });
}
