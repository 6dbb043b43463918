import type { ErrorCode } from './api';

/** The one catalogue of refusals: every error the chaincode throws has the message `<CODE>: <text>`. */
export class ChaincodeError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = 'ChaincodeError';
    this.code = code;
  }
}

export const invalid = (message: string): ChaincodeError => new ChaincodeError('INVALID_ARGUMENT', message);
export const notAuthorised = (message: string): ChaincodeError =>
  new ChaincodeError('NOT_AUTHORISED', message);
export const notFound = (message: string): ChaincodeError => new ChaincodeError('NOT_FOUND', message);
export const conflict = (message: string): ChaincodeError => new ChaincodeError('CONFLICT', message);
export const deadlinePassed = (message: string): ChaincodeError =>
  new ChaincodeError('DEADLINE_PASSED', message);
export const tooEarly = (message: string): ChaincodeError => new ChaincodeError('TOO_EARLY', message);
export const clockSkew = (message: string): ChaincodeError => new ChaincodeError('CLOCK_SKEW', message);
