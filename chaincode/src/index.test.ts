import './testing/quiet';
import { JSONSerializer } from 'fabric-contract-api';
import { TRANSACTIONS, TRANSACTION_NAMES, type TransactionName } from '@procurement/contract';
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

describe('the chaincode as the peer loads it', () => {
  it('when the contract classes are loaded by the shim, then exactly the registry’s transactions exist, each with its declared string arguments', () => {
    const cc = new ChaincodeFromContract([...contracts], {
      transaction: 'jsonSerializer',
      serializers: { jsonSerializer: JSONSerializer },
    });
    const ours = Object.entries(cc.metadata.contracts).filter(([name]) => name !== 'org.hyperledger.fabric');
    const names = ours.flatMap(([name, c]) => c.transactions.map((t) => `${name}:${t.name}`)).sort();
    expect(names).toEqual([...TRANSACTION_NAMES].sort());
    for (const [contract, c] of ours) {
      for (const t of c.transactions) {
        const name = `${contract}:${t.name}` as TransactionName;
        expect((t.parameters ?? []).every((p) => p.schema.type === 'string')).toBe(true);
        expect([name, (t.parameters ?? []).length]).toEqual([name, TRANSACTIONS[name].args.length]);
      }
    }
  });
});
