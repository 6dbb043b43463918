import { Contract, type Context } from 'fabric-contract-api';
import { LIMITS, TRANSACTIONS, type TransactionSpec } from '@procurement/contract';
import { requireWriterFor } from '../access';
import { clockSkew } from '../errors';
import { canonical } from '../ledger/canonical';
import { loadPolicy, policyKey } from '../ledger/records';
import { flushWrites, readAhead } from '../ledger/state';
import { endorserClock } from '../ledger/clock';
import { txMillis, txOf } from '../ledger/tx';
import { skewOf } from '../rules/policy';

/**
 * Shared hooks of every contract. Stateless: no instance fields. Each contract declares its own local
 * Context subclass and returns it from createContext(): the contract API drops the parameter whose
 * design type equals createContext()'s class, and a local class is named directly in the decorator
 * metadata even when compiled file by file.
 */
export abstract class ProcurementContract extends Contract {
  override async beforeTransaction(ctx: Context): Promise<void> {
    const spec = (TRANSACTIONS as Record<string, TransactionSpec | undefined>)[
      ctx.stub.getFunctionAndParameters().fcn
    ];
    // An unknown function name is a write until proven otherwise.
    requireWriterFor(txOf(ctx).actor, spec?.writes ?? true);
    // The policy, and whatever the transaction will read first, in one call to the peer.
    await readAhead(ctx, [policyKey(ctx), ...(this.keysToReadAhead?.(ctx) ?? [])]);
    const policy = await loadPolicy(ctx);
    const tx = txMillis(ctx);
    const endorser = endorserClock.now();
    const skew = skewOf(tx, endorser, policy.clockToleranceSeconds);
    if (skew !== undefined) {
      throw clockSkew(
        `transaction time is ${Math.round((tx - endorser) / 1000)} s from the endorser clock (${skew === 'backdated' ? `at most ${Math.min(policy.clockToleranceSeconds, LIMITS.clockToleranceSeconds)} s behind` : `at most ${LIMITS.forwardClockToleranceSeconds} s ahead`})`,
      );
    }
  }

  /**
   * Keys a transaction is sure to read, read with the policy before it starts (state.ts, readAhead).
   * None by default. Must not throw: arguments are checked by the transaction itself, in its order.
   */
  protected keysToReadAhead?(ctx: Context): string[];

  /** The transaction's writes go to the peer in one call, once its function has returned (state.ts). */
  override async afterTransaction(ctx: Context): Promise<void> {
    await flushWrites(ctx);
  }
}

/** Every result is canonical JSON. */
export function result(value: unknown): string {
  return canonical(value);
}
