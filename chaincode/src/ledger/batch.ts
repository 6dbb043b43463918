/**
 * Fewer round trips to the peer. Every call from the chaincode to its peer waits for the answer before
 * the next is sent (the shim queues a transaction's messages, and the peer refuses a second request of a
 * transaction while one is pending), and under load each answer waits its turn on the peer's and this
 * process's busy threads: a seal's nine calls made it several times slower than a no-op write. Fabric
 * 3.1's peer also takes batched messages, GET_STATE_MULTIPLE (several keys read in one call) and
 * WRITE_BATCH_STATE (several writes in one call), on by default in its core.yaml
 * (`chaincode.runtimeParams.useGetMultipleKeys`, `useWriteBatch`); the Node shim (fabric-shim 2.5.8) does
 * not send them. This module does, through the shim's own per-transaction queue (its handler's
 * `_askPeerAndListen`, which passes an answer to an unknown method through as bytes), in the shim's own
 * ChaincodeMessage class (its gRPC stream accepts no other).
 *
 * The payloads are encoded with google-protobuf's binary writer and reader, field by field as
 * peer/chaincode_shim.proto of Fabric 3.1 defines them. Not with @hyperledger/fabric-protos 0.3.x, which
 * has those classes: its generated code and the shim's 0.2.2 share google-protobuf's global `proto.protos`
 * namespace, so loading both in one process garbles the shim's own messages.
 *
 * The peer applies a batch's reads and writes exactly as it applies them one by one (the same read set,
 * the same write set, in order), so nothing on the ledger changes. Where the stub has no shim handler (the
 * unit tests' in-memory stub) the same calls are made one at a time.
 */
import { createRequire } from 'node:module';
import type { ChaincodeStub } from 'fabric-shim-api';

/** ChaincodeMessage.Type values of Fabric 3.1's chaincode protocol (peer/chaincode_shim.proto). */
export const WRITE_BATCH_STATE = 24;
export const GET_STATE_MULTIPLE = 25;
/** WriteRecord.Type values (the same numbers as the single PUT_STATE and DEL_STATE messages). */
export const RECORD_PUT = 9;
export const RECORD_DELETE = 10;

/** What this module uses of google-protobuf's binary encoding (the package has no types of its own). */
interface BinaryWriter {
  writeString(field: number, value: string): void;
  writeBytes(field: number, value: Uint8Array): void;
  writeEnum(field: number, value: number): void;
  beginSubMessage(field: number): void;
  endSubMessage(field: number): void;
  getResultBuffer(): Uint8Array;
}
interface BinaryReader {
  nextField(): boolean;
  isEndGroup(): boolean;
  getFieldNumber(): number;
  readBytes(): Uint8Array;
  skipField(): void;
}
interface Jspb {
  BinaryWriter: new () => BinaryWriter;
  BinaryReader: new (bytes: Uint8Array) => BinaryReader;
}

const load = createRequire(__filename);
const jspb = load('google-protobuf') as Jspb;

/** What this module uses of the shim's ChaincodeMessage (the class its gRPC stream insists on). */
export interface ShimMessage {
  setType(type: number): void;
  setPayload(payload: Uint8Array): void;
  setTxid(txId: string): void;
  setChannelId(channel: string): void;
}

/** What this module uses of the shim's handler: its per-transaction queue of calls to the peer. */
export interface ShimHandler {
  _askPeerAndListen(message: ShimMessage, method: string): Promise<Uint8Array>;
}

interface ShimStub {
  handler?: Partial<ShimHandler>;
  channel_id?: string;
  txId?: string;
}

type MessageClass = new () => ShimMessage;

let shimMessageClass: MessageClass | undefined;

/** The ChaincodeMessage class of the protobuf package the shim itself loads (its gRPC client checks it). */
function shimMessage(): MessageClass {
  if (shimMessageClass === undefined) {
    const shimRequire = createRequire(require.resolve('fabric-shim'));
    const shimProtos = shimRequire('@hyperledger/fabric-protos') as {
      peer: { ChaincodeMessage: MessageClass };
    };
    shimMessageClass = shimProtos.peer.ChaincodeMessage;
  }
  return shimMessageClass;
}

/** The shim's handler and this transaction's ids, or undefined for a stub that is not the shim's. */
function shimOf(stub: ChaincodeStub): { handler: ShimHandler; channel: string; txId: string } | undefined {
  const raw = stub as unknown as ShimStub;
  const handler = raw.handler;
  if (typeof handler?._askPeerAndListen !== 'function') return undefined;
  if (typeof raw.channel_id !== 'string' || typeof raw.txId !== 'string') return undefined;
  return { handler: handler as ShimHandler, channel: raw.channel_id, txId: raw.txId };
}

/** Sends one message of this transaction through the shim's queue; the answer's payload. */
async function ask(
  shim: { handler: ShimHandler; channel: string; txId: string },
  type: number,
  payload: Uint8Array,
  method: string,
): Promise<Uint8Array> {
  const message = new (shimMessage())();
  message.setType(type);
  message.setPayload(payload);
  message.setTxid(shim.txId);
  message.setChannelId(shim.channel);
  return shim.handler._askPeerAndListen(message, method);
}

/**
 * The values of several keys, in the order asked (an empty array for a key with no value), in one call
 * to the peer. Each key enters the read set as a single read would.
 */
export async function getStates(stub: ChaincodeStub, keys: readonly string[]): Promise<Uint8Array[]> {
  const shim = shimOf(stub);
  if (shim === undefined || keys.length < 2) {
    return Promise.all(keys.map((k) => stub.getState(k)));
  }
  // GetStateMultiple: repeated string keys = 1; string collection = 2 (empty: public state).
  const request = new jspb.BinaryWriter();
  for (const k of keys) request.writeString(1, k);
  const answer = await ask(shim, GET_STATE_MULTIPLE, request.getResultBuffer(), 'GetStateMultiple');
  const values = decodeValues(answer);
  if (values.length !== keys.length) {
    throw new Error(`the peer answered ${values.length} values for ${keys.length} keys`);
  }
  return values;
}

/** GetStateMultipleResult: repeated bytes values = 1. */
function decodeValues(bytes: Uint8Array): Uint8Array[] {
  const reader = new jspb.BinaryReader(bytes);
  const values: Uint8Array[] = [];
  while (reader.nextField()) {
    if (reader.isEndGroup()) break;
    if (reader.getFieldNumber() === 1) values.push(reader.readBytes());
    else reader.skipField();
  }
  return values;
}

/** One write of a batch: a value put under a key, or the key deleted (`value` undefined). */
export interface StateWrite {
  key: string;
  value?: Uint8Array;
}

/** Puts and deletes in one call to the peer, applied in order (a later write of a key wins). */
export async function writeStates(stub: ChaincodeStub, writes: readonly StateWrite[]): Promise<void> {
  const shim = shimOf(stub);
  if (shim === undefined || writes.length < 2) {
    for (const w of writes) {
      await (w.value === undefined ? stub.deleteState(w.key) : stub.putState(w.key, w.value));
    }
    return;
  }
  // WriteBatchState: repeated WriteRecord rec = 1; WriteRecord: string key = 1; bytes value = 2;
  // string collection = 3 (empty: public state); StateMetadata metadata = 4; Type type = 5.
  const batch = new jspb.BinaryWriter();
  for (const w of writes) {
    batch.beginSubMessage(1);
    batch.writeString(1, w.key);
    if (w.value !== undefined) batch.writeBytes(2, w.value);
    batch.writeEnum(5, w.value === undefined ? RECORD_DELETE : RECORD_PUT);
    batch.endSubMessage(1);
  }
  await ask(shim, WRITE_BATCH_STATE, batch.getResultBuffer(), 'WriteBatchState');
}
