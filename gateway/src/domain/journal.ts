/**
 * The write journal: where the Fabric layer records each transaction it has endorsed, before it submits
 * it, so that a request carrying an `Idempotency-Key` can be resolved from the ledger after the gateway
 * was stopped mid-request. The HTTP layer opens one journal per keyed request; the Fabric layer finds it
 * through the async context, so services stay unaware of it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** An endorsed, signed transaction, as the Fabric client can send it again (same txId). */
export interface JournalEntry {
  transaction: string;
  txId: string;
  /** The signed transaction envelope's bytes. */
  bytes: Uint8Array;
}

export interface WriteJournal {
  /** Record a transaction before it is sent to the orderers; resolves once the record is durable. */
  endorsed(entry: JournalEntry): Promise<void>;
}

const current = new AsyncLocalStorage<WriteJournal>();

/** Run `work` with `journal` recording the transactions it submits. */
export function withJournal<T>(journal: WriteJournal, work: () => Promise<T>): Promise<T> {
  return current.run(journal, work);
}

/** The journal of the request being served, if it has one. */
export function currentJournal(): WriteJournal | undefined {
  return current.getStore();
}
