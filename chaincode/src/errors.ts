import type { ChaincodeErrorCode } from '@procurement/contract';

/**
 * A chaincode refusal: its message is `<CODE>: <text>`, the code taken from the contract's error table
 * (only codes whose origin is the chaincode).
 */
class ChaincodeError extends Error {
  readonly code: ChaincodeErrorCode;

  constructor(code: ChaincodeErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = 'ChaincodeError';
    this.code = code;
  }
}

const refusal =
  (code: ChaincodeErrorCode) =>
  (message: string): ChaincodeError =>
    new ChaincodeError(code, message);

export const invalid = refusal('INVALID_ARGUMENT');
export const notAuthorised = refusal('NOT_AUTHORISED');
export const notFound = refusal('NOT_FOUND');
export const conflict = refusal('CONFLICT');
export const deadlinePassed = refusal('DEADLINE_PASSED');
export const tooEarly = refusal('TOO_EARLY');
export const clockSkew = refusal('CLOCK_SKEW');
