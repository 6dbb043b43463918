/** Chaincode events as one resumable stream: reconnects from the last delivered event until aborted. */
import type { Checkpoint } from '@hyperledger/fabric-gateway';
import type { Logger } from 'pino';

import type { EventStart, LedgerEvent } from '../domain/ledger';
import { isAborted, sleepUnlessAborted, untilAborted } from './abort';
import type { Connections, SigningIdentity } from './connections';
import { translateFabricError } from './errors';
import type { PeerHeights } from './heights';

export interface EventStreamDeps {
  connections: Connections;
  heights: PeerHeights;
  channel: string;
  chaincode: string;
  logger?: Logger;
}

export async function* chaincodeEvents(
  deps: EventStreamDeps,
  identity: SigningIdentity,
  start: EventStart,
  signal: AbortSignal,
): AsyncIterable<LedgerEvent> {
  let after = start.after;
  // "The next block" is pinned to the height when the stream opens, so a reconnect before the first
  // event resumes from there rather than from a later next block (which would drop events).
  const startBlock = start.startBlock ?? (after ? undefined : await deps.heights.chainHeight(identity));
  let failures = 0;
  while (!signal.aborted) {
    const gateway = await deps.connections.connect(identity, false);
    const checkpoint: Checkpoint = {
      getBlockNumber: () => after?.blockNumber,
      getTransactionId: () => after?.txId,
    };
    try {
      const events = await gateway.getNetwork(deps.channel).getChaincodeEvents(deps.chaincode, {
        ...(after ? { checkpoint } : {}),
        ...(startBlock !== undefined ? { startBlock } : {}),
      });
      for await (const event of untilAborted(events, signal)) {
        failures = 0;
        after = { blockNumber: event.blockNumber, txId: event.transactionId };
        yield {
          blockNumber: event.blockNumber,
          txId: event.transactionId,
          eventName: event.eventName,
          payload: event.payload,
        };
      }
    } catch (error) {
      if (isAborted(signal)) break;
      failures += 1;
      deps.logger?.warn({ err: translateFabricError(error), failures }, 'event stream broken; reconnecting');
      await sleepUnlessAborted(Math.min(30_000, 250 * 2 ** failures), signal);
    } finally {
      gateway.close();
    }
  }
}
