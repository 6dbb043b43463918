/**
 * The block listener: reads every block of the channel with the gateway's read-only identity, from the
 * read model's checkpoint on, and applies each to the read model. Reconnects (with back-off) until
 * stopped; after a crash it resumes at the first block not applied.
 */
import { common } from '@hyperledger/fabric-protos';
import type { Logger } from 'pino';

import type { Connections, SigningIdentity } from '../fabric/connections';
import { isAborted, sleepUnlessAborted, untilAborted } from '../fabric/abort';
import { decodeBlock } from './blocks';
import { applyBlock, nextBlock } from './ingest';
import type { PublicationConfig } from './reads';
import type { Sql } from './sql';

export interface ListenerDeps {
  sql: Sql;
  connections: Connections;
  reader: SigningIdentity;
  channel: string;
  chaincode: string;
  publication: PublicationConfig;
  logger?: Logger;
  /** Called after each block applied (its number). */
  onBlock?: (blockNumber: bigint) => void;
}

/** The channel's height as the reader's peer sees it. */
export async function chainHeight(deps: ListenerDeps): Promise<bigint> {
  const gateway = await deps.connections.connect(deps.reader, true);
  try {
    const info = await gateway
      .getNetwork(deps.channel)
      .getContract('qscc')
      .evaluateTransaction('GetChainInfo', deps.channel);
    return BigInt(common.BlockchainInfo.deserializeBinary(info).getHeight());
  } finally {
    gateway.close();
  }
}

/**
 * One connection's worth of blocks, from the checkpoint on.
 * @returns true when `until` was reached.
 */
async function follow(deps: ListenerDeps, signal: AbortSignal, until: bigint | undefined): Promise<boolean> {
  const start = await nextBlock(deps.sql);
  if (until !== undefined && start >= until) return true;
  const gateway = await deps.connections.connect(deps.reader, false);
  try {
    const blocks = await gateway.getNetwork(deps.channel).getBlockEvents({ startBlock: start });
    for await (const block of untilAborted(blocks, signal)) {
      const number = BigInt(block.getHeader()?.getNumber() ?? 0);
      await applyBlock(deps.sql, number, decodeBlock(block, deps.chaincode), deps.publication.ocds);
      deps.onBlock?.(number);
      if (until !== undefined && number + 1n >= until) return true;
    }
    return false;
  } finally {
    gateway.close();
  }
}

/** Applies blocks from the checkpoint on; returns when `signal` aborts (or block `until` is reached). */
export async function listen(deps: ListenerDeps, signal: AbortSignal, until?: bigint): Promise<void> {
  let failures = 0;
  while (!signal.aborted) {
    try {
      if (await follow(deps, signal, until)) return;
      failures = 0;
      // The peer ended the stream: resume from the checkpoint after a breath.
      await sleepUnlessAborted(250, signal);
    } catch (error) {
      if (isAborted(signal)) break;
      failures += 1;
      deps.logger?.warn({ err: error, failures }, 'block listener broken; resuming from the checkpoint');
      await sleepUnlessAborted(Math.min(30_000, 250 * 2 ** failures), signal);
    }
  }
}
