import './testing/quiet';
import { JSONSerializer } from 'fabric-contract-api';
import type { TransactionName, Transactions } from '@procurement/contract';
import { contracts } from './index';

// The real dispatch layer (internal to fabric-shim) builds its metadata from the decorators.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ChaincodeFromContract = require('fabric-shim/lib/contract-spi/chaincodefromcontract.js') as new (
  classes: unknown[],
  serializers: unknown,
) => {
  metadata: {
    contracts: Record<
      string,
      { transactions: { name: string; tag: string[]; parameters?: { schema: { type: string } }[] }[] }
    >;
  };
};

const EXPECTED: Record<TransactionName, true> = {
  'policy:Get': true,
  'policy:Set': true,
  'tender:Create': true,
  'tender:Publish': true,
  'tender:Amend': true,
  'tender:Cancel': true,
  'tender:Get': true,
  'tender:List': true,
  'tender:History': true,
  'bid:Seal': true,
  'bid:Commit': true,
  'bid:Withdraw': true,
  'bid:ReadSealed': true,
  'bid:Reveal': true,
  'bid:List': true,
  'bid:Get': true,
  'evaluation:Submit': true,
  'evaluation:List': true,
  'award:Make': true,
  'award:Get': true,
  'award:List': true,
  'award:LodgeChallenge': true,
  'award:DecideChallenge': true,
  'award:GetChallenge': true,
  'award:RecordContract': true,
  'vendor:Register': true,
  'vendor:Debar': true,
  'vendor:Reinstate': true,
  'vendor:Get': true,
};
const _typed: Record<keyof Transactions, true> = EXPECTED;
void _typed;

describe('the chaincode as the peer loads it', () => {
  it('when the contract classes are loaded by the shim, then exactly the api.ts transactions exist, all with string parameters', () => {
    const cc = new ChaincodeFromContract([...contracts], {
      transaction: 'jsonSerializer',
      serializers: { jsonSerializer: JSONSerializer },
    });
    const names = Object.entries(cc.metadata.contracts)
      .filter(([name]) => name !== 'org.hyperledger.fabric')
      .flatMap(([name, c]) => c.transactions.map((t) => `${name}:${t.name}`))
      .sort();
    expect(names).toEqual(Object.keys(EXPECTED).sort());
    for (const c of Object.values(cc.metadata.contracts)) {
      for (const t of c.transactions)
        expect((t.parameters ?? []).every((p) => p.schema.type === 'string')).toBe(true);
    }
  });
});
