import { Context, Returns, Transaction } from 'fabric-contract-api';
import type { Policy } from '@procurement/contract';
import { requireAllowed, usernameOf } from '../access';
import { key, T } from '../ledger/keys';
import { loadPolicy } from '../ledger/records';
import { emit, putJson } from '../ledger/state';
import { txOf } from '../ledger/tx';
import { policyInputSchema } from '@procurement/contract';
import { parseJson } from '../rules/validation';
import { ProcurementContract, result } from './base';

/** Local context class: decorator metadata then names it directly (see base.ts). */
class PolicyTxContext extends Context {}

export class PolicyContract extends ProcurementContract {
  override createContext(): PolicyTxContext {
    return new PolicyTxContext();
  }

  constructor() {
    super('policy');
  }

  @Transaction(false)
  @Returns('string')
  async Get(ctx: PolicyTxContext) {
    return result(await loadPolicy(ctx));
  }

  @Transaction()
  @Returns('string')
  async Set(ctx: PolicyTxContext, policyJson: string) {
    const tx = txOf(ctx);
    requireAllowed(tx.actor, 'policy:Set');
    const input = parseJson(policyJson, policyInputSchema, 'policy');
    const policy: Policy = { ...input, updatedAt: tx.now, updatedBy: usernameOf(tx.actor) };
    await putJson(ctx, key(ctx.stub, T.policy, 'current'), policy);
    emit(ctx, 'PolicySet', {});
    return result(policy);
  }
}
