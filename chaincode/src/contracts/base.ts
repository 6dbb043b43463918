import { Contract, type Context } from 'fabric-contract-api';
import { TRANSACTIONS, type TransactionSpec } from '@procurement/contract';
import { requireWriterFor } from '../access';
import { clockSkew } from '../errors';
import { canonical } from '../ledger/canonical';
import { loadPolicy } from '../ledger/records';
import { txMillis, txOf } from '../ledger/tx';
import { isSkewed } from '../rules/policy';

/**
 * The endorser's clock: the only wall-clock read in the chaincode, used only to refuse proposals whose
 * timestamp is too far from it. Replaceable in tests; it never influences what is written.
 */
export const endorserClock = { now: (): number => Date.now() };

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
    const policy = await loadPolicy(ctx);
    const tx = txMillis(ctx);
    const endorser = endorserClock.now();
    if (isSkewed(tx, endorser, policy.clockToleranceSeconds)) {
      throw clockSkew(
        `transaction time is ${Math.round((tx - endorser) / 1000)} s from the endorser clock (tolerance ${policy.clockToleranceSeconds} s)`,
      );
    }
  }
}

/** Every result is canonical JSON. */
export function result(value: unknown): string {
  return canonical(value);
}
