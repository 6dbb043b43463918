import { type TransactionName, type TxResult, canonicalJson } from '@procurement/contract';

import type { Caller } from '../domain/caller';
import type { Ledger, TxArgs, TxOptions } from '../domain/ledger';

/** A write's answer: the resource's fields at the top level plus where it was committed. */
export type Written<T> = T & { txId: string; blockNumber: number };

/** Typed access to the ledger port: parses the chaincode's JSON results. */
export class Chain {
  readonly ledger: Ledger;

  constructor(ledger: Ledger) {
    this.ledger = ledger;
  }

  async query<N extends TransactionName>(
    caller: Caller,
    name: N,
    args: TxArgs<N>,
    options?: TxOptions,
  ): Promise<TxResult<N>> {
    return JSON.parse(await this.ledger.evaluate(caller, name, args, options)) as TxResult<N>;
  }

  async write<N extends TransactionName>(
    caller: Caller,
    name: N,
    args: TxArgs<N>,
    options?: TxOptions,
  ): Promise<Written<TxResult<N>>> {
    const committed = await this.ledger.submit(caller, name, args, options);
    const result = JSON.parse(committed.result) as TxResult<N>;
    return { ...result, txId: committed.txId, blockNumber: committed.blockNumber };
  }
}

/** JSON argument for the chaincode: canonical, so identical input gives identical proposals. */
export function jsonArg(value: unknown): string {
  return canonicalJson(value);
}
