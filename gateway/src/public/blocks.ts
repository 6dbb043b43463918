/**
 * Decoding a channel block into what the public read model needs of each transaction: where it is
 * (block, txId, time, channel), who made and endorsed it (MSP IDs only), whether it is valid, its
 * chaincode event and the public writes of the procurement chaincode. Private data never appears in a
 * block (only its hashes), so nothing sealed can reach the read model from here.
 */
import { common, ledger, msp, peer } from '@hyperledger/fabric-protos';

/** One public key written (or deleted: `value` undefined) by a transaction. */
export interface KeyWrite {
  key: string;
  value?: string;
}

export interface LedgerTransaction {
  blockNumber: bigint;
  /** Position of the transaction in its block. */
  index: number;
  txId: string;
  channel: string;
  /** RFC 3339, from the transaction's channel header. */
  time: string;
  /** MSP ID of the submitter. */
  creator: string;
  /** Fabric's validation code name (`VALID`, `MVCC_READ_CONFLICT`, ...). */
  validationCode: string;
  /** MSP IDs of the endorsers, sorted, without repeats. */
  endorsers: string[];
  /** The chaincode event, when the transaction set one. */
  event?: { name: string; payload: string };
  /** Public writes to the chaincode's namespace, in write-set order. */
  writes: KeyWrite[];
}

const VALIDATION_NAMES = new Map<number, string>(
  Object.entries(peer.TxValidationCode).map(([name, code]) => [code, name]),
);

function mspOf(serialized: Uint8Array): string {
  return msp.SerializedIdentity.deserializeBinary(serialized).getMspid();
}

interface TimestampLike {
  getSeconds(): number;
  getNanos(): number;
}

function isoOf(timestamp: TimestampLike | undefined): string {
  if (!timestamp) return new Date(0).toISOString();
  return new Date(timestamp.getSeconds() * 1000 + Math.floor(timestamp.getNanos() / 1_000_000)).toISOString();
}

function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('utf8');
}

interface ActionFacts {
  endorsers: string[];
  event?: { name: string; payload: string };
  writes: KeyWrite[];
}

/** The public writes of one action's read-write set to the chaincode's namespace. */
function namespaceWrites(results: Uint8Array, namespace: string): KeyWrite[] {
  const writes: KeyWrite[] = [];
  for (const ns of ledger.rwset.TxReadWriteSet.deserializeBinary(results).getNsRwsetList()) {
    if (ns.getNamespace() !== namespace) continue;
    const kv = ledger.rwset.kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8());
    for (const w of kv.getWritesList()) {
      writes.push(
        w.getIsDelete() ? { key: w.getKey() } : { key: w.getKey(), value: utf8(w.getValue_asU8()) },
      );
    }
  }
  return writes;
}

/** The chaincode event of an action, when it set one in the namespace. */
function actionEvent(events: Uint8Array, namespace: string): { name: string; payload: string } | undefined {
  if (events.length === 0) return undefined;
  const e = peer.ChaincodeEvent.deserializeBinary(events);
  return e.getChaincodeId() === namespace
    ? { name: e.getEventName(), payload: utf8(e.getPayload_asU8()) }
    : undefined;
}

/** The endorsers, event and namespace writes of one endorser transaction's actions. */
function actionFacts(data: Uint8Array, namespace: string): ActionFacts {
  const endorsers = new Set<string>();
  const writes: KeyWrite[] = [];
  let event: { name: string; payload: string } | undefined;
  for (const action of peer.Transaction.deserializeBinary(data).getActionsList()) {
    const endorsed = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()).getAction();
    if (!endorsed) continue;
    for (const e of endorsed.getEndorsementsList()) endorsers.add(mspOf(e.getEndorser_asU8()));
    const response = peer.ProposalResponsePayload.deserializeBinary(
      endorsed.getProposalResponsePayload_asU8(),
    );
    const chaincodeAction = peer.ChaincodeAction.deserializeBinary(response.getExtension_asU8());
    event = actionEvent(chaincodeAction.getEvents_asU8(), namespace) ?? event;
    writes.push(...namespaceWrites(chaincodeAction.getResults_asU8(), namespace));
  }
  return { endorsers: [...endorsers].sort(), ...(event ? { event } : {}), writes };
}

/**
 * The transactions of a block, in block order. Configuration transactions are included (no writes),
 * so a proof can be given for any transaction id.
 */
export function decodeBlock(block: common.Block, namespace: string): LedgerTransaction[] {
  const blockNumber = BigInt(block.getHeader()?.getNumber() ?? 0);
  const filter = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER];
  const out: LedgerTransaction[] = [];
  block
    .getData()
    ?.getDataList_asU8()
    .forEach((bytes, index) => {
      const envelope = common.Envelope.deserializeBinary(bytes);
      const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
      const header = payload.getHeader();
      if (!header) return;
      const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
      const signatureHeader = common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8());
      const code = filter?.[index] ?? peer.TxValidationCode.VALID;
      const endorser = channelHeader.getType() === common.HeaderType.ENDORSER_TRANSACTION;
      const facts = endorser ? actionFacts(payload.getData_asU8(), namespace) : { endorsers: [], writes: [] };
      out.push({
        blockNumber,
        index,
        txId: channelHeader.getTxId(),
        channel: channelHeader.getChannelId(),
        time: isoOf(channelHeader.getTimestamp() as TimestampLike | undefined),
        creator: mspOf(signatureHeader.getCreator_asU8()),
        validationCode: VALIDATION_NAMES.get(code) ?? String(code),
        ...facts,
      });
    });
  return out;
}
