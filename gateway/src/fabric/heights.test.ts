import type { Gateway } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';

import type { SigningIdentity } from './connections';
import { PeerHeights } from './heights';

const identity = (mspId: string): SigningIdentity => ({
  mspId,
  credentials: () => Promise.resolve({ certificate: '', privateKey: '' }),
});

/** Connections whose qscc answers `height` to the listed signers and refuses everyone else. */
function connectionsAnswering(readers: string[], height: number) {
  const asked: string[] = [];
  const connect = (signer: SigningIdentity, _deadlines: boolean, peer = signer.mspId): Promise<Gateway> => {
    asked.push(`${signer.mspId}@${peer}`);
    const info = new common.BlockchainInfo();
    info.setHeight(height);
    const evaluateTransaction = (): Promise<Uint8Array> =>
      readers.includes(signer.mspId)
        ? Promise.resolve(info.serializeBinary())
        : Promise.reject(new Error('access denied'));
    const gateway = {
      getNetwork: () => ({ getContract: () => ({ evaluateTransaction }) }),
      close: () => undefined,
    };
    return Promise.resolve(gateway as unknown as Gateway);
  };
  return { connections: { connect }, asked };
}

describe('peer heights', () => {
  it('when a dedicated reader is set, then it reads every peer, whoever signed last', async () => {
    const { connections, asked } = connectionsAnswering(['AuditMSP'], 7);
    const heights = new PeerHeights({ connections, channel: 'c', reader: identity('AuditMSP') });
    heights.noteSigner(identity('HealthMSP'));
    expect(await heights.heightOf('PublicWorksMSP')).toBe(7n);
    expect(asked).toEqual(['AuditMSP@PublicWorksMSP']);
  });

  it('when the dedicated reader cannot read, then the latest signer reads, and the warning is logged once', async () => {
    const { connections } = connectionsAnswering(['HealthMSP'], 3);
    const warn = jest.fn();
    const logger = { warn } as unknown as ConstructorParameters<typeof PeerHeights>[0]['logger'];
    const heights = new PeerHeights({ connections, channel: 'c', reader: identity('AuditMSP'), logger });
    expect(await heights.heightOf('HealthMSP')).toBe(0n);
    heights.noteSigner(identity('HealthMSP'));
    expect(await heights.heightOf('HealthMSP')).toBe(3n);
    expect(await heights.heightOf('AuditMSP')).toBe(3n);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('when nobody can read, then the height is 0 (the poller asks again)', async () => {
    const { connections } = connectionsAnswering([], 9);
    const heights = new PeerHeights({ connections, channel: 'c' });
    expect(await heights.heightOf('HealthMSP')).toBe(0n);
    heights.noteSigner(identity('HealthMSP'));
    expect(await heights.heightOf('HealthMSP')).toBe(0n);
  });
});
