import { Context, Returns, Transaction } from 'fabric-contract-api';
import {
  FLAG_ID_PATTERN,
  RED_FLAG_CODES,
  type RedFlagRecord,
  reviewFlagInputSchema,
} from '@procurement/contract';
import { requireAllowed, usernameOf } from '../access';
import { conflict, invalid, notFound } from '../errors';
import { key, T } from '../ledger/keys';
import { loadTender } from '../ledger/records';
import { emit, getJson, putJson, scan } from '../ledger/state';
import { txOf } from '../ledger/tx';
import { check, checkIds } from '../rules/validation';
import { ProcurementContract, result } from './base';

/** Local context class: decorator metadata then names it directly (see base.ts). */
class RedFlagTxContext extends Context {}

/** The red flags the chaincode raised: read by anyone, reviewed by the auditor. */
export class RedFlagContract extends ProcurementContract {
  override createContext(): RedFlagTxContext {
    return new RedFlagTxContext();
  }

  constructor() {
    super('redflag');
  }

  @Transaction(false)
  @Returns('string')
  async List(ctx: RedFlagTxContext, tenderId: string) {
    checkIds(['tenderId', tenderId]);
    await loadTender(ctx, tenderId);
    const items: RedFlagRecord[] = [];
    for (const row of await scan(ctx, T.redFlagByTender, [tenderId])) {
      const flag = await getJson<RedFlagRecord>(ctx, key(ctx.stub, T.redFlag, row.value));
      if (flag) items.push(flag);
    }
    // Oldest first; the flags of one transaction in code order.
    items.sort(
      (a, b) =>
        (a.raisedAt < b.raisedAt ? -1 : a.raisedAt > b.raisedAt ? 1 : 0) ||
        RED_FLAG_CODES.indexOf(a.code) - RED_FLAG_CODES.indexOf(b.code),
    );
    return result({ items });
  }

  @Transaction()
  @Returns('string')
  async Review(ctx: RedFlagTxContext, flagId: string, note: string) {
    const tx = txOf(ctx);
    requireAllowed(tx.actor, 'redflag:Review');
    if (!FLAG_ID_PATTERN.test(flagId)) throw invalid(`flagId must match ${FLAG_ID_PATTERN.source}`);
    const flagKey = key(ctx.stub, T.redFlag, flagId);
    const flag = await getJson<RedFlagRecord>(ctx, flagKey);
    if (!flag) throw notFound(`no red flag ${flagId}`);
    const { note: text } = check({ note }, reviewFlagInputSchema, 'review');
    if (flag.status === 'reviewed') throw conflict(`red flag ${flagId} is already reviewed`);
    const reviewed: RedFlagRecord = {
      ...flag,
      status: 'reviewed',
      review: { note: text, at: tx.now, by: usernameOf(tx.actor) },
    };
    await putJson(ctx, flagKey, reviewed);
    emit(ctx, 'RedFlagReviewed', { tenderId: flag.tenderId, status: 'reviewed' });
    return result(reviewed);
  }
}
