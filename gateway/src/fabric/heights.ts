/** Peers' chain heights, read from the query system chaincode (qscc) on each peer. */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { common } from '@hyperledger/fabric-protos';
import type { Logger } from 'pino';

import type { Connections, SigningIdentity } from './connections';

export class PeerHeights {
  readonly #connections: Pick<Connections, 'connect'>;
  readonly #channel: string;
  readonly #reader: SigningIdentity | undefined;
  readonly #logger: Logger | undefined;
  /** Used only while the dedicated reader cannot read (e.g. none is configured): the latest signer. */
  #fallback: SigningIdentity | undefined;
  #warned = false;

  /**
   * `reader` is the dedicated identity that polls heights for the propagation wait: any channel member
   * may read them, so one identity, chosen at start-up, reads them for every request.
   */
  constructor(options: {
    connections: Pick<Connections, 'connect'>;
    channel: string;
    reader?: SigningIdentity;
    logger?: Logger;
  }) {
    this.#connections = options.connections;
    this.#channel = options.channel;
    this.#reader = options.reader;
    this.#logger = options.logger;
  }

  /** A peer's chain height (default: the signer's own peer). */
  async chainHeight(identity: SigningIdentity, peerMspId = identity.mspId): Promise<bigint> {
    const gateway = await this.#connections.connect(identity, true, peerMspId);
    try {
      const info = await gateway
        .getNetwork(this.#channel)
        .getContract('qscc')
        .evaluateTransaction('GetChainInfo', this.#channel);
      return BigInt(common.BlockchainInfo.deserializeBinary(info).getHeight());
    } finally {
      gateway.close();
    }
  }

  /** Remember a signer to read with while the dedicated reader cannot. */
  noteSigner(identity: SigningIdentity): void {
    this.#fallback = identity;
  }

  /**
   * One peer's height as the dedicated reader sees it; 0 when there is no one to read with yet; undefined
   * when the peer is unreachable (gRPC UNAVAILABLE), so that waits skip it.
   */
  async heightOf(peerMspId: string): Promise<bigint | undefined> {
    if (this.#reader) {
      try {
        return await this.chainHeight(this.#reader, peerMspId);
      } catch (error) {
        if (isUnreachable(error)) return undefined;
        this.#warnOnce(error);
      }
    }
    if (!this.#fallback) return 0n;
    return this.chainHeight(this.#fallback, peerMspId).catch((error: unknown) =>
      isUnreachable(error) ? undefined : 0n,
    );
  }

  #warnOnce(error: unknown): void {
    if (this.#warned) return;
    this.#warned = true;
    this.#logger?.warn({ err: error }, 'the height reader cannot read peer heights; using the latest signer');
  }
}

/** A peer that cannot be reached at all (process down, port closed), as opposed to one that refused. */
function isUnreachable(error: unknown): boolean {
  return (error as { code?: unknown }).code === GrpcStatus.UNAVAILABLE;
}
