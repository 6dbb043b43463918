import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  CommitError,
  type Contract,
  type Gateway,
  GatewayError,
  type Status,
} from '@hyperledger/fabric-gateway';
import { gateway as gatewayProtos, msp } from '@hyperledger/fabric-protos';
import { ERRORS, type TransactionName } from '@procurement/contract';
import type { Logger } from 'pino';

import type { ConnectionProfile } from '../config';
import type { Caller } from '../domain/caller';
import type { DomainError } from '../domain/errors';
import { currentJournal } from '../domain/journal';
import type {
  Committed,
  EventStart,
  Ledger,
  LedgerEvent,
  Readiness,
  TxArgs,
  TxOptions,
} from '../domain/ledger';
import type { Metrics } from '../metrics';
import {
  Connections,
  type Credentials,
  DEFAULT_TIMEOUTS,
  type SigningIdentity,
  type Timeouts,
} from './connections';
import { Admission, type AdmissionLimits, DEFAULT_ADMISSION } from './admission';
import { translateFabricError } from './errors';
import { chaincodeEvents } from './event-stream';
import { PeerHeights } from './heights';
import { PropagationWaiter } from './propagation';
import {
  DEFAULT_BUSY_RETRY,
  DEFAULT_CONFLICT_RETRY,
  DEFAULT_SUBMIT_RETRY,
  type RetryPolicy,
  retryOnEndorsersUnavailable,
  retryOnPeerBusy,
  retryOnReadConflict,
  retryOnSubmitError,
} from './retry';

export type { Credentials, SigningIdentity, Timeouts };

export type CredentialsResolver = (caller: Caller) => Promise<Credentials>;

export interface FabricLedgerOptions {
  profile: ConnectionProfile;
  credentials: CredentialsResolver;
  /**
   * The dedicated identity that reads every peer's height for the propagation wait. Until it can read
   * (or when none is given), the latest signer's identity reads them.
   */
  heightReader?: SigningIdentity;
  logger?: Logger;
  metrics?: Metrics;
  timeouts?: Partial<Timeouts>;
  conflictRetry?: RetryPolicy;
  submitRetry?: RetryPolicy;
  /** Retries after a peer's own "too many requests" refusal. */
  busyRetry?: RetryPolicy;
  /** Requests in flight to each peer and the queue in front of them. */
  admission?: AdmissionLimits;
}

/** How long a resumed transaction's commit status is awaited before it is taken as not committed. */
const COMMITTED_CHECK_MS = 1500;

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

const utf8 = new TextDecoder();

/**
 * The ledger port on @hyperledger/fabric-gateway: evaluate and submit signed by the caller's own identity,
 * with retries, metrics and the cross-organisation propagation wait. Connections, event streams and peer
 * heights live in their own modules.
 */
export class FabricLedger implements Ledger {
  readonly #profile: ConnectionProfile;
  readonly #credentials: CredentialsResolver;
  readonly #logger: Logger | undefined;
  readonly #metrics: Metrics | undefined;
  readonly #conflictRetry: RetryPolicy;
  readonly #submitRetry: RetryPolicy;
  readonly #busyRetry: RetryPolicy;
  readonly #admission: Admission;
  readonly #connections: Connections;
  readonly #heights: PeerHeights;
  readonly #propagation: PropagationWaiter;

  constructor(options: Readonly<FabricLedgerOptions>) {
    this.#profile = options.profile;
    this.#credentials = options.credentials;
    this.#logger = options.logger;
    this.#metrics = options.metrics;
    const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.#conflictRetry = options.conflictRetry ?? DEFAULT_CONFLICT_RETRY;
    this.#submitRetry = options.submitRetry ?? DEFAULT_SUBMIT_RETRY;
    this.#busyRetry = options.busyRetry ?? DEFAULT_BUSY_RETRY;
    this.#admission = new Admission(
      options.admission ?? DEFAULT_ADMISSION,
      options.metrics?.admissionObserver(),
    );
    this.#connections = new Connections(this.#profile, timeouts);
    this.#heights = new PeerHeights({
      connections: this.#connections,
      channel: this.#profile.channel,
      ...(options.heightReader ? { reader: options.heightReader } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
    this.#propagation = new PropagationWaiter({
      mspIds: this.#profile.organisations.map((o) => o.mspId),
      heightOf: (mspId) => this.#heights.heightOf(mspId),
      timeoutMs: timeouts.propagation,
      onTimeout: (blockNumber, behind) => {
        this.#logger?.warn(
          { blockNumber: Number(blockNumber), behind },
          'peers have not committed the block yet',
        );
      },
    });
  }

  async evaluate<N extends TransactionName>(
    caller: Caller,
    name: N,
    args: TxArgs<N>,
    options: TxOptions = {},
  ): Promise<string> {
    const started = process.hrtime.bigint();
    try {
      const result = await this.#withContract(caller, (contract) =>
        retryOnEndorsersUnavailable(this.#busyRetry, () =>
          this.#busyRetrying(caller, () =>
            contract.evaluate(name, { arguments: args as string[], ...proposalOptions(options) }),
          ),
        ),
      );
      this.#metrics?.evaluateDuration.observe({ transaction: name }, seconds(started));
      this.#metrics?.transactions.inc({ transaction: name, outcome: 'evaluated' });
      return utf8.decode(result);
    } catch (error) {
      throw this.#failed(caller, name, error);
    }
  }

  async submit<N extends TransactionName>(
    caller: Caller,
    name: N,
    args: TxArgs<N>,
    options: TxOptions = {},
  ): Promise<Committed> {
    try {
      const committed = await this.#withContract(caller, (contract) =>
        retryOnReadConflict(this.#conflictRetry, (attempt) =>
          this.#submitOnce(caller, contract, { name, args: args as string[], options }, attempt),
        ),
      );
      this.#metrics?.transactions.inc({ transaction: name, outcome: 'committed' });
      // Read-your-writes across organisations: answer once every organisation's peer has the block.
      this.#heights.noteSigner(this.#identityOf(caller));
      await this.#propagation.wait(BigInt(committed.blockNumber));
      return committed;
    } catch (error) {
      throw this.#failed(caller, name, error);
    }
  }

  async #submitOnce(
    caller: Caller,
    contract: Contract,
    tx: Readonly<{ name: string; args: string[]; options: TxOptions }>,
    attempt: number,
  ): Promise<Committed> {
    const { name, args, options } = tx;
    const proposal = contract.newProposal(name, { arguments: args, ...proposalOptions(options) });
    const endorseStarted = process.hrtime.bigint();
    const transaction = await retryOnEndorsersUnavailable(this.#busyRetry, () =>
      this.#busyRetrying(caller, () => proposal.endorse()),
    );
    this.#metrics?.endorseDuration.observe({ transaction: name }, seconds(endorseStarted));
    const txId = transaction.getTransactionId();
    // A keyed request records the signed transaction before it can reach the orderers.
    await currentJournal()?.endorsed({ transaction: name, txId, bytes: transaction.getBytes() });
    const commitStarted = process.hrtime.bigint();
    // SubmitError: the orderer was not reached; the same signed transaction (same txId) may be sent again.
    const submitted = await retryOnSubmitError(this.#submitRetry, () => transaction.submit());
    // CommitStatusError or a deadline here: outcome unknown; never submit a new transaction blindly.
    const status = await this.#busyRetrying(caller, () => submitted.getStatus());
    this.#metrics?.commitDuration.observe({ transaction: name }, seconds(commitStarted));
    if (!status.successful) {
      this.#logger?.warn({ transaction: name, txId, code: status.code, attempt }, 'transaction invalid');
      throw new CommitError({
        code: status.code,
        transactionId: txId,
        message: `Transaction ${txId} failed to commit with status code ${status.code}`,
      });
    }
    return { result: utf8.decode(transaction.getResult()), txId, blockNumber: Number(status.blockNumber) };
  }

  async resume(caller: Caller, bytes: Uint8Array): Promise<Committed> {
    try {
      const committed = await this.#withGateway(caller, async (gateway) => {
        const transaction = gateway.newTransaction(bytes);
        const txId = transaction.getTransactionId();
        // Committed already (valid or not): that is the outcome. Else send the same transaction (same txId):
        // if the first copy was on its way after all, the peers mark the later one DUPLICATE_TXID.
        const status =
          (await this.#statusIfCommitted(gateway, caller, txId)) ??
          (await (await retryOnSubmitError(this.#submitRetry, () => transaction.submit())).getStatus());
        if (!status.successful)
          throw new CommitError({
            code: status.code,
            transactionId: txId,
            message: `Transaction ${txId} failed to commit with status code ${status.code}`,
          });
        return {
          result: utf8.decode(transaction.getResult()),
          txId,
          blockNumber: Number(status.blockNumber),
        };
      });
      this.#heights.noteSigner(this.#identityOf(caller));
      await this.#propagation.wait(BigInt(committed.blockNumber));
      return committed;
    } catch (error) {
      throw this.#failed(caller, 'resume', error);
    }
  }

  /** A transaction's commit status if it is on the ledger; undefined if not (yet). */
  async #statusIfCommitted(gateway: Gateway, caller: Caller, txId: string): Promise<Status | undefined> {
    const { certificate } = await this.#credentials(caller);
    const creator = new msp.SerializedIdentity();
    creator.setMspid(caller.mspId);
    creator.setIdBytes(Buffer.from(certificate));
    const request = new gatewayProtos.CommitStatusRequest();
    request.setChannelId(this.#profile.channel);
    request.setTransactionId(txId);
    request.setIdentity(creator.serializeBinary());
    const signed = new gatewayProtos.SignedCommitStatusRequest();
    signed.setRequest(request.serializeBinary());
    try {
      // The peer answers at once for a committed transaction and waits for one that is not.
      return await gateway
        .newCommit(signed.serializeBinary())
        .getStatus({ deadline: Date.now() + COMMITTED_CHECK_MS });
    } catch (error) {
      if (error instanceof GatewayError && error.code === (GrpcStatus.DEADLINE_EXCEEDED as number))
        return undefined;
      throw error;
    }
  }

  chaincodeEvents(caller: Caller, start: EventStart, signal: AbortSignal): AsyncIterable<LedgerEvent> {
    return chaincodeEvents(
      {
        connections: this.#connections,
        heights: this.#heights,
        channel: this.#profile.channel,
        chaincode: this.#profile.chaincode,
        ...(this.#logger ? { logger: this.#logger } : {}),
      },
      this.#identityOf(caller),
      start,
      signal,
    );
  }

  readiness(): Promise<Readiness> {
    return this.#connections.readiness();
  }

  close(): void {
    this.#connections.close();
  }

  #identityOf(caller: Caller): SigningIdentity {
    return { mspId: caller.mspId, credentials: () => this.#credentials(caller) };
  }

  #failed(caller: Caller, name: string, error: unknown): DomainError {
    const translated = translateFabricError(error);
    if (translated.code === 'LEDGER_BUSY' && translated.details?.reason === 'peer_busy')
      this.#admission.refused(caller.mspId, 'peer_busy');
    const outcome = ERRORS[translated.code].metric;
    this.#metrics?.transactions.inc({ transaction: name, outcome });
    if (outcome === 'error' || outcome === 'unavailable' || outcome === 'timeout')
      this.#logger?.error({ transaction: name, err: error }, 'ledger call failed');
    return translated;
  }

  /** Use a contract signed by the caller, holding one of the caller's peer's admission slots. */
  #withContract<T>(caller: Caller, use: (contract: Contract) => Promise<T>): Promise<T> {
    return this.#withGateway(caller, (gateway) =>
      use(gateway.getNetwork(this.#profile.channel).getContract(this.#profile.chaincode)),
    );
  }

  /** Use a Gateway connection signed by the caller, holding one of the caller's peer's admission slots. */
  async #withGateway<T>(caller: Caller, use: (gateway: Gateway) => Promise<T>): Promise<T> {
    return this.#admission.run(caller.mspId, userKey(caller), async () => {
      const gateway = await this.#connections.connect(this.#identityOf(caller), true);
      try {
        return await use(gateway);
      } finally {
        gateway.close();
      }
    });
  }

  /** A call the peer's own limiter may refuse before running it: sent again after a backoff. */
  #busyRetrying<T>(caller: Caller, call: () => Promise<T>): Promise<T> {
    return retryOnPeerBusy(this.#busyRetry, call, () => {
      this.#admission.refused(caller.mspId, 'peer_busy_retried');
    });
  }
}

/** Whose turn it is in the fair queue: one user of one organisation. */
function userKey(caller: Caller): string {
  return `${caller.mspId}/${caller.username}`;
}

/** Transient data and endorsing organisations, when given. */
function proposalOptions(options: TxOptions): {
  transientData?: Record<string, Uint8Array>;
  endorsingOrganizations?: string[];
} {
  return {
    ...(options.transientData ? { transientData: options.transientData } : {}),
    ...(options.endorsingOrganizations ? { endorsingOrganizations: options.endorsingOrganizations } : {}),
  };
}
