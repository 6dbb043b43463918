import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';

import * as grpc from '@grpc/grpc-js';
import { common } from '@hyperledger/fabric-protos';
import {
  type Checkpoint,
  CommitError,
  connect,
  type Gateway,
  hash,
  signers,
  type Contract,
} from '@hyperledger/fabric-gateway';
import type { Logger } from 'pino';

import type { ConnectionProfile, OrganisationProfile } from '../config';
import type { Caller } from '../domain/caller';
import { ERRORS, type TransactionName } from '@procurement/contract';
import { DomainError } from '../domain/errors';
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
import { translateFabricError } from './errors';
import { PropagationWaiter } from './propagation';
import {
  DEFAULT_CONFLICT_RETRY,
  DEFAULT_SUBMIT_RETRY,
  type RetryPolicy,
  retryOnReadConflict,
  retryOnSubmitError,
  sleep,
} from './retry';

/** A user's enrolled X.509 identity, PEM encoded. */
export interface Credentials {
  certificate: string;
  privateKey: string;
}

export type CredentialsResolver = (caller: Caller) => Promise<Credentials>;

/** Deadlines in milliseconds for each gateway call. */
export interface Timeouts {
  evaluate: number;
  endorse: number;
  submit: number;
  commitStatus: number;
  /** How long a committed write waits for every organisation's peer to have its block. */
  propagation: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = {
  evaluate: 5_000,
  endorse: 15_000,
  submit: 5_000,
  commitStatus: 60_000,
  propagation: 3_000,
};

export interface FabricLedgerOptions {
  profile: ConnectionProfile;
  credentials: CredentialsResolver;
  logger?: Logger;
  metrics?: Metrics;
  timeouts?: Partial<Timeouts>;
  conflictRetry?: RetryPolicy;
  submitRetry?: RetryPolicy;
}

/** gRPC channel options: keepalive no more often than the peer's 60 s minimum. */
export const GRPC_OPTIONS: grpc.ChannelOptions = {
  'grpc.keepalive_time_ms': 120_000,
  'grpc.keepalive_timeout_ms': 20_000,
  'grpc.keepalive_permit_without_calls': 0,
  'grpc.max_receive_message_length': 16 * 1024 * 1024,
};

function deadline(ms: number): () => grpc.CallOptions {
  return () => ({ deadline: Date.now() + ms });
}

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

const utf8 = new TextDecoder();

/** Read the signal afresh (TypeScript would narrow `signal.aborted` across awaits). */
function isAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

/**
 * The ledger port on @hyperledger/fabric-gateway. One shared gRPC client per peer (created on first use); a
 * Gateway connection per call, signed with the caller's own identity; explicit deadlines on every call.
 */
export class FabricLedger implements Ledger {
  readonly #profile: ConnectionProfile;
  readonly #credentials: CredentialsResolver;
  readonly #logger: Logger | undefined;
  readonly #metrics: Metrics | undefined;
  readonly #timeouts: Timeouts;
  readonly #conflictRetry: RetryPolicy;
  readonly #submitRetry: RetryPolicy;
  readonly #clients = new Map<string, grpc.Client>();
  readonly #propagation: PropagationWaiter;
  /** Heights are read with the identity of the latest writer (any channel member may read them). */
  #reader: Caller | undefined;

  constructor(options: Readonly<FabricLedgerOptions>) {
    this.#profile = options.profile;
    this.#credentials = options.credentials;
    this.#logger = options.logger;
    this.#metrics = options.metrics;
    this.#timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.#conflictRetry = options.conflictRetry ?? DEFAULT_CONFLICT_RETRY;
    this.#submitRetry = options.submitRetry ?? DEFAULT_SUBMIT_RETRY;
    this.#propagation = new PropagationWaiter({
      mspIds: this.#profile.organisations.map((o) => o.mspId),
      heightOf: (mspId) => (this.#reader ? this.#heightOf(this.#reader, mspId) : Promise.resolve(0n)),
      timeoutMs: this.#timeouts.propagation,
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
        contract.evaluate(name, {
          arguments: args as string[],
          ...(options.transientData ? { transientData: options.transientData } : {}),
          ...(options.endorsingOrganizations
            ? { endorsingOrganizations: options.endorsingOrganizations }
            : {}),
        }),
      );
      this.#metrics?.evaluateDuration.observe({ transaction: name }, seconds(started));
      this.#metrics?.transactions.inc({ transaction: name, outcome: 'evaluated' });
      return utf8.decode(result);
    } catch (error) {
      throw this.#failed(name, error);
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
          this.#submitOnce(contract, name, args as string[], options, attempt),
        ),
      );
      this.#metrics?.transactions.inc({ transaction: name, outcome: 'committed' });
      // Read-your-writes across organisations: answer once every organisation's peer has the block.
      this.#reader = caller;
      await this.#propagation.wait(BigInt(committed.blockNumber));
      return committed;
    } catch (error) {
      throw this.#failed(name, error);
    }
  }

  async #submitOnce(
    contract: Contract,
    name: string,
    args: string[],
    options: TxOptions,
    attempt: number,
  ): Promise<Committed> {
    const proposal = contract.newProposal(name, {
      arguments: args,
      ...(options.transientData ? { transientData: options.transientData } : {}),
      ...(options.endorsingOrganizations ? { endorsingOrganizations: options.endorsingOrganizations } : {}),
    });
    const endorseStarted = process.hrtime.bigint();
    const transaction = await proposal.endorse();
    this.#metrics?.endorseDuration.observe({ transaction: name }, seconds(endorseStarted));
    const txId = transaction.getTransactionId();
    const commitStarted = process.hrtime.bigint();
    // SubmitError: the orderer was not reached; the same signed transaction (same txId) may be sent again.
    const submitted = await retryOnSubmitError(this.#submitRetry, () => transaction.submit());
    // CommitStatusError or a deadline here: outcome unknown; never submit a new transaction blindly.
    const status = await submitted.getStatus();
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

  async *chaincodeEvents(caller: Caller, start: EventStart, signal: AbortSignal): AsyncIterable<LedgerEvent> {
    let after = start.after;
    // "The next block" is pinned to the height when the stream opens, so a reconnect before the first
    // event resumes from there rather than from a later next block (which would drop events).
    const startBlock = start.startBlock ?? (after ? undefined : await this.#chainHeight(caller));
    let failures = 0;
    while (!signal.aborted) {
      const gateway = await this.#connect(caller, false);
      const checkpoint: Checkpoint = {
        getBlockNumber: () => after?.blockNumber,
        getTransactionId: () => after?.txId,
      };
      try {
        const events = await gateway
          .getNetwork(this.#profile.channel)
          .getChaincodeEvents(this.#profile.chaincode, {
            ...(after ? { checkpoint } : {}),
            ...(startBlock !== undefined ? { startBlock } : {}),
          });
        const close = (): void => {
          events.close();
        };
        signal.addEventListener('abort', close, { once: true });
        try {
          for await (const event of events) {
            failures = 0;
            after = { blockNumber: event.blockNumber, txId: event.transactionId };
            yield {
              blockNumber: event.blockNumber,
              txId: event.transactionId,
              eventName: event.eventName,
              payload: event.payload,
            };
          }
        } finally {
          signal.removeEventListener('abort', close);
          events.close();
        }
      } catch (error) {
        if (isAborted(signal)) break;
        failures += 1;
        this.#logger?.warn(
          { err: translateFabricError(error), failures },
          'event stream broken; reconnecting',
        );
        await sleep(Math.min(30_000, 250 * 2 ** failures));
      } finally {
        gateway.close();
      }
    }
  }

  /** A peer's chain height (default: the caller's own peer), from the query system chaincode on it. */
  async #chainHeight(caller: Caller, peerMspId = caller.mspId): Promise<bigint> {
    const gateway = await this.#connect(caller, true, peerMspId);
    try {
      const info = await gateway
        .getNetwork(this.#profile.channel)
        .getContract('qscc')
        .evaluateTransaction('GetChainInfo', this.#profile.channel);
      return BigInt(common.BlockchainInfo.deserializeBinary(info).getHeight());
    } finally {
      gateway.close();
    }
  }

  async readiness(): Promise<Readiness> {
    const peers: Record<string, boolean> = {};
    await Promise.all(
      this.#profile.organisations.map(async (org) => {
        peers[org.mspId] = await this.#reachable(org);
      }),
    );
    return { ready: Object.values(peers).every(Boolean), peers };
  }

  close(): void {
    for (const client of this.#clients.values()) client.close();
    this.#clients.clear();
  }

  #reachable(org: OrganisationProfile): Promise<boolean> {
    let client: grpc.Client;
    try {
      client = this.#client(org.mspId);
    } catch {
      return Promise.resolve(false);
    }
    return new Promise((resolve) => {
      client.waitForReady(Date.now() + 2_000, (error) => {
        resolve(error === undefined);
      });
    });
  }

  #failed(name: string, error: unknown): DomainError {
    const translated = translateFabricError(error);
    const outcome = ERRORS[translated.code].metric;
    this.#metrics?.transactions.inc({ transaction: name, outcome });
    if (outcome === 'error' || outcome === 'unavailable' || outcome === 'timeout')
      this.#logger?.error({ transaction: name, err: error }, 'ledger call failed');
    return translated;
  }

  async #withContract<T>(caller: Caller, use: (contract: Contract) => Promise<T>): Promise<T> {
    const gateway = await this.#connect(caller, true);
    try {
      return await use(gateway.getNetwork(this.#profile.channel).getContract(this.#profile.chaincode));
    } finally {
      gateway.close();
    }
  }

  /** One peer's chain height, or 0 when it cannot say right now (the poller simply asks again). */
  async #heightOf(caller: Caller, peerMspId: string): Promise<bigint> {
    try {
      return await this.#chainHeight(caller, peerMspId);
    } catch {
      return 0n;
    }
  }

  async #connect(caller: Caller, withDeadlines: boolean, peerMspId = caller.mspId): Promise<Gateway> {
    const client = this.#client(peerMspId);
    const credentials = await this.#credentials(caller);
    const t = this.#timeouts;
    return connect({
      client,
      identity: { mspId: caller.mspId, credentials: Buffer.from(credentials.certificate) },
      signer: signers.newPrivateKeySigner(createPrivateKey(credentials.privateKey)),
      hash: hash.sha256,
      ...(withDeadlines
        ? {
            evaluateOptions: deadline(t.evaluate),
            endorseOptions: deadline(t.endorse),
            submitOptions: deadline(t.submit),
            commitStatusOptions: deadline(t.commitStatus),
          }
        : {}),
    });
  }

  /** The shared gRPC client for an organisation's peer, created on first use. */
  #client(mspId: string): grpc.Client {
    const existing = this.#clients.get(mspId);
    if (existing) return existing;
    const org = this.#profile.organisations.find((o) => o.mspId === mspId);
    if (!org)
      throw new DomainError({ code: 'NOT_AUTHORISED', message: `organisation ${mspId} is not served here` });
    const root = readFileSync(org.peer.tlsCACertPath);
    const client = new grpc.Client(org.peer.endpoint, grpc.credentials.createSsl(root), {
      ...GRPC_OPTIONS,
      ...(org.peer.hostnameOverride ? { 'grpc.ssl_target_name_override': org.peer.hostnameOverride } : {}),
    });
    this.#clients.set(mspId, client);
    return client;
  }
}
