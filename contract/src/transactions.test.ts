import { CHAINCODE_ERROR_CODES, ERRORS, type ChaincodeErrorCode } from './errors';
import { TRANSACTION_NAMES, TRANSACTIONS } from './transactions';

// Compile-time: an unknown chaincode code is a type error wherever a ChaincodeErrorCode is expected.
// @ts-expect-error NO_SUCH_CODE is not in the error table
const unknown: ChaincodeErrorCode = 'NO_SUCH_CODE';

describe('the transaction registry', () => {
  it('when a transaction takes a JSON argument, then its schema is declared', () => {
    for (const name of TRANSACTION_NAMES) {
      const spec: { args: readonly string[]; json?: unknown } = TRANSACTIONS[name];
      const takesJson = spec.args.some((a) => a.endsWith('Json'));
      expect([name, spec.json !== undefined]).toEqual([name, takesJson]);
    }
  });
});

describe('the error table', () => {
  it('when the chaincode refuses, then the answer is a 4xx', () => {
    expect(unknown).toBe('NO_SUCH_CODE');
    for (const code of CHAINCODE_ERROR_CODES) expect(ERRORS[code].status).toBeLessThan(500);
  });
});
