/**
 * Red flags raised inside the transaction that makes the event (issue 11 §3): the pure rules of
 * `@procurement/contract` applied to what the transaction read, each flag written as its own record,
 * so no agency can suppress or edit one. The award's splitting index entry is written here too.
 */
import type { Context } from 'fabric-contract-api';
import {
  type AmendedTerms,
  type Award,
  type AwardIndexEntry,
  type BidRecord,
  DEFAULT_RED_FLAG_POLICY,
  type RedFlag,
  type RedFlagPolicy,
  type RedFlagRecord,
  type Tender,
  awardIndexEntryOf,
  awardIndexKey,
  awardIndexPrefix,
  flagsAtAmendment,
  flagsAtAward,
  flagsAtPublish,
  raisedFlagRecord,
} from '@procurement/contract';
import { key, T } from '../ledger/keys';
import { loadPolicy } from '../ledger/records';
import { putJson, putText, scan } from '../ledger/state';
import type { Tx } from '../ledger/tx';

/** The red-flag thresholds in force: the policy's, or the defaults until the auditor sets them. */
export async function redFlagPolicy(ctx: Context): Promise<RedFlagPolicy> {
  return (await loadPolicy(ctx)).redFlags ?? DEFAULT_RED_FLAG_POLICY;
}

/** Writes each flag as a record under its id, and its entry in the tender's index. */
async function writeFlags(tx: Tx, tenderId: string, flags: readonly RedFlag[]): Promise<RedFlagRecord[]> {
  const records: RedFlagRecord[] = [];
  for (const flag of flags) {
    const record = raisedFlagRecord(flag, tenderId, tx.txId, tx.now);
    await putJson(tx.ctx, key(tx.ctx.stub, T.redFlag, record.flagId), record);
    await putText(tx.ctx, key(tx.ctx.stub, T.redFlagByTender, tenderId, record.flagId), record.flagId);
    records.push(record);
  }
  return records;
}

/** `tender:Publish`: R003. */
export async function raisePublishFlags(tx: Tx, tender: Tender): Promise<RedFlagRecord[]> {
  const flags = flagsAtPublish(tender, tx.now, await redFlagPolicy(tx.ctx));
  return writeFlags(tx, tender.id, flags);
}

/** `tender:Amend`: PL-LATE-AMENDMENT, from the terms before and after. */
export async function raiseAmendmentFlags(
  tx: Tx,
  tenderId: string,
  before: AmendedTerms,
  after: AmendedTerms,
): Promise<RedFlagRecord[]> {
  const flags = flagsAtAmendment(before, after, tx.now, await redFlagPolicy(tx.ctx));
  return writeFlags(tx, tenderId, flags);
}

/**
 * The vendor's awards in the award's CPV group: a partial-key read of the splitting index, so only
 * those keys are read (and re-validated at commit).
 */
async function awardsInGroup(
  ctx: Context,
  entry: AwardIndexEntry,
  digits: number,
): Promise<AwardIndexEntry[]> {
  const prefix = awardIndexPrefix(entry.vendorId, entry.cpv, digits);
  const rows = await scan(ctx, prefix.objectType, prefix.attributes);
  return rows.map((row) => JSON.parse(row.value) as AwardIndexEntry);
}

/**
 * `award:Make`: R018, R028, R035, R036, PL-OVER-ESTIMATE and PL-SPLIT, from the tender's bid records
 * and the award; then the award's own entry in the splitting index (one per tender: a re-award
 * overwrites it).
 */
export async function raiseAwardFlags(
  tx: Tx,
  tender: Tender,
  bids: readonly BidRecord[],
  award: Award,
): Promise<RedFlagRecord[]> {
  const policy = await redFlagPolicy(tx.ctx);
  const entry = awardIndexEntryOf(award, tender);
  const earlierAwards = await awardsInGroup(tx.ctx, entry, policy.splitting.cpvGroupDigits);
  const flags = flagsAtAward({ tender, bids, award, earlierAwards, policy });
  const indexKey = awardIndexKey(entry);
  await putJson(tx.ctx, key(tx.ctx.stub, indexKey.objectType, ...indexKey.attributes), entry);
  return writeFlags(tx, tender.id, flags);
}
