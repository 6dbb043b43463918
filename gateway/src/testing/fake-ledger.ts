import type { TransactionName } from '@procurement/contract';

import type { Caller } from '../domain/caller';
import { currentJournal } from '../domain/journal';
import type { Committed, EventStart, Ledger, LedgerEvent, Readiness, TxOptions } from '../domain/ledger';

export interface LedgerCall {
  kind: 'evaluate' | 'submit' | 'resume';
  name: TransactionName;
  caller: Caller;
  args: readonly string[];
  options: TxOptions | undefined;
}

/** A scripted answer: a value (JSON-encoded unless already a string) or a thrown error. */
export type Handler = (call: LedgerCall) => unknown;

/**
 * A hand-written Ledger for HTTP tests: each transaction is scripted with `on(name, handler)`; every call is
 * recorded, so a test can assert that a refused request never reached the ledger.
 */
export class FakeLedger implements Ledger {
  readonly calls: LedgerCall[] = [];
  readonly eventStarts: EventStart[] = [];
  events: LedgerEvent[] = [];
  ready: Readiness = { ready: true, peers: { PublicWorksMSP: true } };
  closed = false;
  #handlers = new Map<string, Handler>();
  #block = 100;

  on(name: TransactionName, handler: Handler): this {
    this.#handlers.set(name, handler);
    return this;
  }

  /** Script a transaction to return a fixed value. */
  returns(name: TransactionName, value: unknown): this {
    return this.on(name, () => value);
  }

  /** Script a transaction to throw. */
  throws(name: TransactionName, error: Error): this {
    return this.on(name, () => {
      throw error;
    });
  }

  callsOf(name: TransactionName): LedgerCall[] {
    return this.calls.filter((c) => c.name === name);
  }

  evaluate(
    caller: Caller,
    name: TransactionName,
    args: readonly string[],
    options?: TxOptions,
  ): Promise<string> {
    return this.#run({ kind: 'evaluate', name, caller, args, options });
  }

  async submit(
    caller: Caller,
    name: TransactionName,
    args: readonly string[],
    options?: TxOptions,
  ): Promise<Committed> {
    const result = await this.#run({ kind: 'submit', name, caller, args, options });
    this.#block += 1;
    const txId = `tx${this.#block}`;
    // As the Fabric layer does between endorsement and submit.
    await currentJournal()?.endorsed({
      transaction: name,
      txId,
      bytes: Buffer.from(`fake\n${name}\n${txId}\n${result}`, 'utf8'),
    });
    const failure = this.failAfterEndorse.get(name);
    if (failure) throw failure;
    return { result, txId, blockNumber: this.#block };
  }

  /** Resolves a recorded transaction: the bytes are the fake's own text: `fake`, name, txId and result, one a line. */
  resume(caller: Caller, bytes: Uint8Array): Promise<Committed> {
    const [, name = '', txId = '', ...rest] = Buffer.from(bytes).toString('utf8').split('\n');
    this.calls.push({
      kind: 'resume',
      name: name as TransactionName,
      caller,
      args: [txId],
      options: undefined,
    });
    const outcome = this.resumed.get(txId);
    if (outcome instanceof Error) return Promise.reject(outcome);
    return Promise.resolve({ result: rest.join('\n'), txId, blockNumber: outcome ?? this.#block });
  }

  /** What `resume` finds for a txId: the block it committed in, or the error it failed with. */
  readonly resumed = new Map<string, number | Error>();

  /** Transactions that fail once endorsed and recorded (a lost commit status, a gateway stopped). */
  readonly failAfterEndorse = new Map<string, Error>();

  async *chaincodeEvents(caller: Caller, start: EventStart, signal: AbortSignal): AsyncIterable<LedgerEvent> {
    void caller;
    this.eventStarts.push(start);
    for (const event of this.events) {
      if (signal.aborted) return;
      if (start.after) {
        if (event.blockNumber < start.after.blockNumber) continue;
        if (event.blockNumber === start.after.blockNumber && event.txId <= start.after.txId) continue;
      } else if (start.startBlock !== undefined && event.blockNumber < start.startBlock) continue;
      yield event;
    }
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else
        signal.addEventListener(
          'abort',
          () => {
            resolve();
          },
          { once: true },
        );
    });
  }

  readiness(): Promise<Readiness> {
    return Promise.resolve(this.ready);
  }

  close(): void {
    this.closed = true;
  }

  async #run(call: LedgerCall): Promise<string> {
    this.calls.push(call);
    const handler = this.#handlers.get(call.name);
    if (!handler) throw new Error(`FakeLedger: ${call.name} is not scripted`);
    const value = await handler(call);
    return typeof value === 'string' ? value : JSON.stringify(value);
  }
}
