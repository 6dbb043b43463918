import { Context, Returns, Transaction } from 'fabric-contract-api';
import type { Amendment, Tender, TenderStatus, TenderVersion } from '@procurement/contract';
import { requireAllowed, requireOwningAgency, usernameOf } from '../access';
import { conflict, notFound, tooEarly } from '../errors';
import { key, T } from '../ledger/keys';
import { findTender, loadPolicy, loadTender, tenderPolicy } from '../ledger/records';
import { deleteKey, emit, getJson, history, paginate, putJson, putText } from '../ledger/state';
import { type Tx, txOf } from '../ledger/tx';
import { amendDeadlines, checkPriceWeight, checkPublishDeadlines, mayHaveOpened } from '../rules/deadlines';
import { policyPeriods } from '../rules/policy';
import { committeeFor, visibleTender } from '../rules/visibility';
import { CREATED_STATUS, requireStep } from '../rules/lifecycle';
import { toIso, toMillis } from '../rules/time';
import {
  amendTenderSchema,
  createTenderSchema,
  idSchema,
  listTendersSchema,
  reasonSchema,
} from '@procurement/contract';
import { checkChangesCurrency, checkCreateDeadlines, check, parseJson } from '../rules/validation';
import { raiseAmendmentFlags, raisePublishFlags } from '../redflags/raise';
import { ProcurementContract, result } from './base';

/** Writes a tender with its last-writer stamp, and moves its status index entry when the status changes. */
export async function saveTender(
  tx: Tx,
  tender: Tender,
  previous: TenderStatus | undefined,
): Promise<Tender> {
  const { ctx } = tx;
  const saved: Tender = { ...tender, updatedAt: tx.now, txId: tx.txId, updatedByMsp: tx.actor.mspId };
  await putJson(ctx, key(ctx.stub, T.tender, tender.id), saved);
  if (previous !== tender.status) {
    if (previous !== undefined)
      await deleteKey(ctx, key(ctx.stub, T.tenderByStatus, previous, tender.agency, tender.id));
    await putText(ctx, key(ctx.stub, T.tenderByStatus, tender.status, tender.agency, tender.id), tender.id);
  }
  return saved;
}

/**
 * The preamble of every officer step on an existing tender: the caller's role may take the step and
 * the caller's organisation owns the tender.
 */
async function ownedTender(
  ctx: Context,
  action: 'tender:Publish' | 'tender:Amend' | 'tender:Cancel',
  tenderId: string,
): Promise<{ tx: Tx; tender: Tender }> {
  const tx = txOf(ctx);
  requireAllowed(tx.actor, action);
  const tender = await loadTender(ctx, tenderId);
  requireOwningAgency(tx.actor, tender.agency);
  return { tx, tender };
}

/** The reader's organisation, from its certificate. */
function readerMsp(ctx: Context): string {
  return ctx.clientIdentity.getMSPID();
}

/** Local context class: decorator metadata then names it directly (see base.ts). */
class TenderTxContext extends Context {}

export class TenderContract extends ProcurementContract {
  override createContext(): TenderTxContext {
    return new TenderTxContext();
  }

  constructor() {
    super('tender');
  }

  @Transaction()
  @Returns('string')
  async Create(ctx: TenderTxContext, inputJson: string) {
    const tx = txOf(ctx);
    requireAllowed(tx.actor, 'tender:Create');
    const input = parseJson(inputJson, createTenderSchema, 'tender');
    checkCreateDeadlines(input, tx.clocks);
    checkPriceWeight(input.awardCriteria, await loadPolicy(ctx));
    if (await findTender(ctx, input.id)) throw conflict(`tender ${input.id} already exists`);
    const tender: Tender = {
      ...input,
      submissionDeadline: toIso(toMillis(input.submissionDeadline)),
      openingDeadline: toIso(toMillis(input.openingDeadline)),
      agency: tx.actor.mspId,
      status: CREATED_STATUS,
      createdAt: tx.now,
      createdBy: usernameOf(tx.actor),
      amendments: [],
      updatedAt: tx.now,
      txId: tx.txId,
    };
    const saved = await saveTender(tx, tender, undefined);
    await putText(ctx, key(ctx.stub, T.tenderByAgency, tender.agency, tender.id), tender.id);
    emit(ctx, 'TenderCreated', { tenderId: tender.id, agency: tender.agency, status: tender.status });
    return result(saved);
  }

  @Transaction()
  @Returns('string')
  async Publish(ctx: TenderTxContext, tenderId: string) {
    const { tx, tender } = await ownedTender(ctx, 'tender:Publish', tenderId);
    const status = requireStep(tender, 'tender:Publish');
    const policy = await loadPolicy(ctx);
    checkPublishDeadlines(tender, policy, tx.clocks);
    checkPriceWeight(tender.awardCriteria, policy);
    const policyAtPublish = policyPeriods(policy);
    const published: Tender = { ...tender, status, publishedAt: tx.now, policyAtPublish };
    const saved = await saveTender(tx, published, tender.status);
    await raisePublishFlags(tx, saved);
    emit(ctx, 'TenderPublished', { tenderId, agency: tender.agency, status });
    return result(saved);
  }

  @Transaction()
  @Returns('string')
  async Amend(ctx: TenderTxContext, tenderId: string, inputJson: string) {
    const { tx, tender } = await ownedTender(ctx, 'tender:Amend', tenderId);
    const input = parseJson(inputJson, amendTenderSchema, 'amendment');
    checkChangesCurrency(input.changes, tender.estimatedValue.currency);
    requireStep(tender, 'tender:Amend');
    const deadlines = amendDeadlines(tender, input.changes, await tenderPolicy(ctx, tender), tx.clocks);
    const changes = { ...input.changes };
    if (changes.submissionDeadline !== undefined || deadlines.extendedDeadline)
      changes.submissionDeadline = deadlines.submissionDeadline;
    if (changes.openingDeadline !== undefined || deadlines.extendedDeadline)
      changes.openingDeadline = deadlines.openingDeadline;
    const amendment: Amendment = {
      seq: tender.amendments.length + 1,
      reason: input.reason,
      changes,
      at: tx.now,
      by: usernameOf(tx.actor),
      txId: tx.txId,
      extendedDeadline: deadlines.extendedDeadline,
    };
    const amended: Tender = {
      ...tender,
      ...changes,
      submissionDeadline: deadlines.submissionDeadline,
      openingDeadline: deadlines.openingDeadline,
      amendments: [...tender.amendments, amendment],
    };
    const saved = await saveTender(tx, amended, tender.status);
    await raiseAmendmentFlags(tx, tenderId, tender, saved);
    emit(ctx, 'TenderAmended', { tenderId, agency: tender.agency, status: tender.status });
    return result(saved);
  }

  /**
   * Cancels a tender. Once the opening deadline has passed by either clock (prices may be known), only
   * with the auditor's approval recorded on the tender (tender:ApproveCancel).
   */
  @Transaction()
  @Returns('string')
  async Cancel(ctx: TenderTxContext, tenderId: string, reason: string) {
    const { tx, tender } = await ownedTender(ctx, 'tender:Cancel', tenderId);
    const why = check(reason, reasonSchema, 'reason');
    const status = requireStep(tender, 'tender:Cancel');
    const approval = tender.cancellationApproval;
    if (mayHaveOpened(tender, tx.clocks) && approval === undefined)
      throw conflict(
        `tender ${tenderId} has passed its opening deadline: cancelling it needs an auditor's approval first`,
      );
    const cancellation = {
      reason: why,
      at: tx.now,
      by: usernameOf(tx.actor),
      ...(approval === undefined ? {} : { approvedBy: approval.by }),
    };
    const saved = await saveTender(tx, { ...tender, status, cancellation }, tender.status);
    emit(ctx, 'TenderCancelled', { tenderId, agency: tender.agency, status });
    return result(saved);
  }

  /** The auditor approves cancelling a tender after its opening deadline; the officer then cancels. */
  @Transaction()
  @Returns('string')
  async ApproveCancel(ctx: TenderTxContext, tenderId: string, reason: string) {
    const tx = txOf(ctx);
    requireAllowed(tx.actor, 'tender:ApproveCancel');
    check(tenderId, idSchema, 'tenderId');
    const why = check(reason, reasonSchema, 'reason');
    const tender = await loadTender(ctx, tenderId);
    requireStep(tender, 'tender:Cancel');
    if (!mayHaveOpened(tender, tx.clocks))
      throw tooEarly(`tender ${tenderId} has not reached its opening deadline: its officer may cancel it`);
    if (tender.cancellationApproval !== undefined)
      throw conflict(`cancelling tender ${tenderId} is already approved`);
    const cancellationApproval = { reason: why, at: tx.now, by: usernameOf(tx.actor) };
    const saved = await saveTender(tx, { ...tender, cancellationApproval }, tender.status);
    emit(ctx, 'TenderCancellationApproved', { tenderId, agency: tender.agency, status: tender.status });
    return result(saved);
  }

  /** A draft is visible to its own agency only; the committee to its agency and the auditor. */
  @Transaction(false)
  @Returns('string')
  async Get(ctx: TenderTxContext, tenderId: string) {
    check(tenderId, idSchema, 'tenderId');
    const shown = visibleTender(await loadTender(ctx, tenderId), readerMsp(ctx));
    if (!shown) throw notFound(`no tender ${tenderId}`);
    return result(shown);
  }

  @Transaction(false)
  @Returns('string')
  async List(ctx: TenderTxContext, queryJson: string) {
    const query = parseJson(queryJson === '' ? '{}' : queryJson, listTendersSchema, 'query');
    const reader = readerMsp(ctx);
    const byId = async (entry: { value: string }): Promise<Tender | undefined> => {
      const tender = await getJson<Tender>(ctx, key(ctx.stub, T.tender, entry.value));
      return tender && visibleTender(tender, reader);
    };
    const asTender = (entry: { value: string }): Promise<Tender | undefined> =>
      Promise.resolve(visibleTender(JSON.parse(entry.value) as Tender, reader));
    if (query.status !== undefined) {
      const attrs = query.agency === undefined ? [query.status] : [query.status, query.agency];
      return result(await paginate(ctx, T.tenderByStatus, attrs, query.pageSize, query.bookmark, byId));
    }
    if (query.agency !== undefined) {
      return result(
        await paginate(ctx, T.tenderByAgency, [query.agency], query.pageSize, query.bookmark, byId),
      );
    }
    return result(await paginate(ctx, T.tender, [], query.pageSize, query.bookmark, asTender));
  }

  @Transaction(false)
  @Returns('string')
  async History(ctx: TenderTxContext, tenderId: string) {
    check(tenderId, idSchema, 'tenderId');
    const reader = readerMsp(ctx);
    if (!visibleTender(await loadTender(ctx, tenderId), reader)) throw notFound(`no tender ${tenderId}`);
    const versions = await history<Tender>(ctx, key(ctx.stub, T.tender, tenderId));
    // Once the tender is visible (published), so are its versions; the committee only to a few.
    const items: TenderVersion[] = versions.map((v) => ({
      txId: v.txId,
      timestamp: toIso(v.timestampMs),
      mspId: v.value?.updatedByMsp ?? '',
      isDelete: v.isDelete,
      ...(v.value ? { tender: committeeFor(v.value, reader) } : {}),
    }));
    return result({ items });
  }
}
