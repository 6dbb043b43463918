import type { Caller } from './caller';
import type { TransactionName, Transactions } from './chaincode';

/** Per-call options: who endorses (or evaluates) and the private transient data. */
export interface TxOptions {
  /** Organisations whose peers endorse (submit) or answer (evaluate); default: the gateway peer's choice. */
  endorsingOrganizations?: string[];
  /** Transient data: sent to the endorsers only, never written to the ledger. */
  transientData?: Record<string, Uint8Array>;
}

/** A committed, valid transaction. */
export interface Committed {
  /** The chaincode's result: its exact JSON text. */
  result: string;
  txId: string;
  blockNumber: number;
}

/** One chaincode event from a valid transaction. */
export interface LedgerEvent {
  blockNumber: bigint;
  txId: string;
  eventName: string;
  payload: Uint8Array;
}

/** Where an event stream starts: just after a checkpoint, else at a block, else at the next block. */
export interface EventStart {
  startBlock?: bigint;
  after?: { blockNumber: bigint; txId: string };
}

export interface Readiness {
  ready: boolean;
  /** MSP ID -> whether that organisation's peer is reachable. */
  peers: Record<string, boolean>;
}

export type TxArgs<N extends TransactionName> = Transactions[N]['args'];

/**
 * The ledger port. The services depend on this interface only; fabric/ implements it on
 * @hyperledger/fabric-gateway and testing/ provides a hand-written fake.
 *
 * Implementations throw {@link DomainError}s: chaincode refusals keep the chaincode's code; infrastructure
 * failures are LEDGER_UNAVAILABLE, LEDGER_REJECTED or LEDGER_TIMEOUT.
 */
export interface Ledger {
  /** Run a query on one peer and return the chaincode's result text. */
  evaluate<N extends TransactionName>(
    caller: Caller,
    name: N,
    args: TxArgs<N>,
    options?: TxOptions,
  ): Promise<string>;
  /** Endorse, order and wait for the commit of a transaction signed by the caller. */
  submit<N extends TransactionName>(
    caller: Caller,
    name: N,
    args: TxArgs<N>,
    options?: TxOptions,
  ): Promise<Committed>;
  /** Chaincode events, reconnecting from the last delivered event until the signal aborts. */
  chaincodeEvents(caller: Caller, start: EventStart, signal: AbortSignal): AsyncIterable<LedgerEvent>;
  /** Which peers answer; ready when all do. */
  readiness(): Promise<Readiness>;
  close(): void;
}
