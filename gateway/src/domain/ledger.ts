import type { TransactionName, TxArgs } from '@procurement/contract';

import type { Caller } from './caller';

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

export type { TxArgs };

/**
 * The ledger port. The services depend on this interface only; fabric/ implements it on
 * @hyperledger/fabric-gateway and testing/ provides a hand-written fake.
 *
 * Implementations throw {@link DomainError}s whose codes come from the contract's error table: chaincode
 * refusals keep the chaincode's code (`ChaincodeErrorCode`); infrastructure failures are
 * LEDGER_UNAVAILABLE, LEDGER_REJECTED or LEDGER_TIMEOUT.
 */
export interface Ledger {
  /**
   * Run a query on one peer and return the chaincode's result text.
   * @throws {DomainError} a chaincode refusal with its own code (INVALID_ARGUMENT, NOT_AUTHORISED, NOT_FOUND,
   *   CONFLICT, DEADLINE_PASSED, TOO_EARLY, CLOCK_SKEW) and message.
   * @throws {DomainError} LEDGER_UNAVAILABLE when the peer is unreachable, LEDGER_TIMEOUT when it does not
   *   answer in time, LEDGER_REJECTED for any other refusal by the network, INTERNAL for a client failure.
   */
  evaluate<N extends TransactionName>(
    caller: Caller,
    name: N,
    args: TxArgs<N>,
    options?: TxOptions,
  ): Promise<string>;
  /**
   * Endorse, order and wait for the commit of a transaction signed by the caller; answer once every
   * organisation's peer has the block (or the propagation wait has timed out).
   * @throws {DomainError} a chaincode refusal with its own code and message, as for {@link Ledger.evaluate}.
   * @throws {DomainError} CONFLICT when an MVCC or phantom read conflict outlasts the retries.
   * @throws {DomainError} LEDGER_TIMEOUT (with `details.txId`) when the commit status is not known in time:
   *   the outcome is unknown and the transaction must not be blindly sent again.
   * @throws {DomainError} LEDGER_UNAVAILABLE when peers or orderers are unreachable, LEDGER_REJECTED when the
   *   transaction was ordered but marked invalid, INTERNAL for a client failure.
   */
  submit<N extends TransactionName>(
    caller: Caller,
    name: N,
    args: TxArgs<N>,
    options?: TxOptions,
  ): Promise<Committed>;
  /**
   * Resolve a transaction this gateway endorsed and recorded (its bytes, as the journal got them) but whose
   * outcome it never learnt, e.g. because it was stopped: if it is on the ledger, its outcome; if not, the
   * same transaction (same txId) is sent again, so it can never be committed twice.
   * @throws {DomainError} as {@link Ledger.submit}.
   */
  resume(caller: Caller, bytes: Uint8Array): Promise<Committed>;
  /**
   * Chaincode events, reconnecting from the last delivered event until the signal aborts.
   * @throws {DomainError} as {@link Ledger.evaluate} when the stream's start height cannot be read.
   */
  chaincodeEvents(caller: Caller, start: EventStart, signal: AbortSignal): AsyncIterable<LedgerEvent>;
  /** Which peers answer; ready when all do. */
  readiness(): Promise<Readiness>;
  close(): void;
}
