import { createRequire } from 'node:module';
import { peer as protos } from '@hyperledger/fabric-protos';
import type { ChaincodeStub } from 'fabric-shim-api';
import { GET_STATE_MULTIPLE, type ShimMessage, WRITE_BATCH_STATE, getStates, writeStates } from './batch';

const { ChaincodeMessage } = protos;
const shimProtos = createRequire(require.resolve('fabric-shim'))('@hyperledger/fabric-protos') as {
  peer: { ChaincodeMessage: new () => unknown };
};

/** The shim's own ChaincodeMessage (fabric-protos 0.2.2), as sent. */
interface ShimSent {
  getType(): number;
  getTxid(): string;
  getChannelId(): string;
  getPayload_asU8(): Uint8Array;
}

interface Sent {
  message: ShimSent;
  method: string;
}

/**
 * A stub shaped like fabric-shim's: its handler records each message and answers with `answer`. The
 * payloads are read back with @hyperledger/fabric-protos 0.3.7's classes for Fabric 3.1's messages.
 */
function shimStub(answer: (message: ShimSent) => Uint8Array): {
  stub: ChaincodeStub;
  sent: Sent[];
} {
  const sent: Sent[] = [];
  const handler = {
    _askPeerAndListen(raw: ShimMessage, method: string): Promise<Uint8Array> {
      // The shim's gRPC stream serialises only its own protobuf package's class.
      expect(raw).toBeInstanceOf(shimProtos.peer.ChaincodeMessage);
      const message = raw as unknown as ShimSent;
      sent.push({ message, method });
      return Promise.resolve(answer(message));
    },
  };
  const stub = { handler, channel_id: 'procurement', txId: 'tx1' } as unknown as ChaincodeStub;
  return { stub, sent };
}

describe('batched calls to the peer', () => {
  it('reads several keys in one GET_STATE_MULTIPLE message, values in the order asked', async () => {
    const { stub, sent } = shimStub((message) => {
      const keys = protos.GetStateMultiple.deserializeBinary(message.getPayload_asU8()).getKeysList();
      const result = new protos.GetStateMultipleResult();
      result.setValuesList(keys.map((k) => (k === 'missing' ? new Uint8Array() : Buffer.from(`v-${k}`))));
      return result.serializeBinary();
    });
    const values = await getStates(stub, ['a', 'missing', 'b']);
    expect(values.map((v) => Buffer.from(v).toString())).toEqual(['v-a', '', 'v-b']);
    expect(sent).toHaveLength(1);
    const message = sent[0]!.message;
    expect(message.getType()).toBe(GET_STATE_MULTIPLE);
    expect(GET_STATE_MULTIPLE).toBe(ChaincodeMessage.Type.GET_STATE_MULTIPLE);
    expect(message.getTxid()).toBe('tx1');
    expect(message.getChannelId()).toBe('procurement');
    expect(protos.GetStateMultiple.deserializeBinary(message.getPayload_asU8()).getKeysList()).toEqual([
      'a',
      'missing',
      'b',
    ]);
  });

  it('refuses an answer that does not have one value per key', async () => {
    const { stub } = shimStub(() => new protos.GetStateMultipleResult().serializeBinary());
    await expect(getStates(stub, ['a', 'b'])).rejects.toThrow('the peer answered 0 values for 2 keys');
  });

  it('sends puts and deletes in one WRITE_BATCH_STATE message, in order', async () => {
    const { stub, sent } = shimStub(() => new Uint8Array());
    await writeStates(stub, [
      { key: 'k1', value: Buffer.from('one') },
      { key: 'k2' },
      { key: 'k1', value: Buffer.from('two') },
    ]);
    expect(sent).toHaveLength(1);
    const message = sent[0]!.message;
    expect(message.getType()).toBe(WRITE_BATCH_STATE);
    expect(WRITE_BATCH_STATE).toBe(ChaincodeMessage.Type.WRITE_BATCH_STATE);
    const records = protos.WriteBatchState.deserializeBinary(message.getPayload_asU8()).getRecList();
    expect(records.map((r) => [r.getType(), r.getKey(), Buffer.from(r.getValue_asU8()).toString()])).toEqual([
      [protos.WriteRecord.Type.PUT_STATE, 'k1', 'one'],
      [protos.WriteRecord.Type.DEL_STATE, 'k2', ''],
      [protos.WriteRecord.Type.PUT_STATE, 'k1', 'two'],
    ]);
  });

  it('makes the same calls one by one on a stub without the shim handler', async () => {
    const calls: string[] = [];
    const stub = {
      getState: (k: string) => {
        calls.push(`get ${k}`);
        return Promise.resolve(Buffer.from(k));
      },
      putState: (k: string) => {
        calls.push(`put ${k}`);
        return Promise.resolve();
      },
      deleteState: (k: string) => {
        calls.push(`delete ${k}`);
        return Promise.resolve();
      },
    } as unknown as ChaincodeStub;
    const values = await getStates(stub, ['a', 'b']);
    expect(values.map((v) => Buffer.from(v).toString())).toEqual(['a', 'b']);
    await writeStates(stub, [{ key: 'x', value: Buffer.from('1') }, { key: 'y' }]);
    expect(calls).toEqual(['get a', 'get b', 'put x', 'delete y']);
  });
});
