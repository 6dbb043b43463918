/**
 * What the ledger says about a stretch of blocks: the validation code of every transaction in them, from
 * each block's transactions filter (read through qscc on one peer). A benchmark reads it before and
 * after its burst to count the invalid transactions it caused, MVCC read conflicts among them, including
 * those the gateway retried and the clients never saw.
 */
import { common, peer } from '@hyperledger/fabric-protos';
import { connectAs } from './fabric-client';
import type { Network } from './network';
import type { Organisation } from './topology';

const CODE_NAMES = new Map<number, string>(
  Object.entries(peer.TxValidationCode).map(([name, code]) => [code, name]),
);

/** The chain's height on `org`'s peer, as `user` (a user of that organisation) reads it. */
export async function chainHeight(net: Network, org: Organisation, user: string): Promise<number> {
  const conn = connectAs(net.topology, net.paths, org, user);
  try {
    const contract = conn.gateway.getNetwork(net.topology.channel).getContract('qscc');
    const bytes = await contract.evaluateTransaction('GetChainInfo', net.topology.channel);
    return common.BlockchainInfo.deserializeBinary(bytes).getHeight();
  } finally {
    conn.close();
  }
}

/** Transactions by validation code name in blocks [from, to). */
export async function validationCodes(
  net: Network,
  org: Organisation,
  user: string,
  from: number,
  to: number,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const conn = connectAs(net.topology, net.paths, org, user);
  try {
    const contract = conn.gateway.getNetwork(net.topology.channel).getContract('qscc');
    for (let n = from; n < to; n += 1) {
      const bytes = await contract.evaluateTransaction('GetBlockByNumber', net.topology.channel, String(n));
      const metadata = common.Block.deserializeBinary(bytes).getMetadata();
      const filter = metadata?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER];
      for (const code of filter ?? []) {
        const name = CODE_NAMES.get(code) ?? String(code);
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }
    }
  } finally {
    conn.close();
  }
  return counts;
}
