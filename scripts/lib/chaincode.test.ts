import { chaincodeNodeArgs, clockOffsetEnv } from './chaincode';

describe('the fault-test clock offset of a chaincode process', () => {
  it('when the offset is set for one organisation, then only that organisation’s process gets it', () => {
    const env = { PROCUREMENT_CLOCK_OFFSET_MS_HEALTH: '5000' };
    expect(clockOffsetEnv({ name: 'Health' }, env)).toEqual({ PROCUREMENT_CLOCK_OFFSET_MS: '5000' });
    expect(clockOffsetEnv({ name: 'PublicWorks' }, env)).toEqual({});
  });
});

describe('extra Node options of the chaincode servers', () => {
  it('when CHAINCODE_NODE_ARGS is set, then its space-separated options come first; none otherwise', () => {
    expect(chaincodeNodeArgs({ CHAINCODE_NODE_ARGS: ' --import /x.mjs  --max-old-space-size=256 ' })).toEqual(
      ['--import', '/x.mjs', '--max-old-space-size=256'],
    );
    expect(chaincodeNodeArgs({})).toEqual([]);
  });
});
