/**
 * THE error table: every stable code the ledger and the gateway can answer with. It drives the
 * chaincode's error constructors, the gateway's Fabric error translation, the HTTP error middleware,
 * the OpenAPI error descriptions and the transaction metrics. Adding a code is one row here.
 */

import type { KeysWhere } from './types';

/** Where a code can come from: a chaincode refusal (`CODE: message`) or the gateway itself. */
export type ErrorOrigin = 'chaincode' | 'gateway';

/** The `outcome` label of a failed ledger call in `gateway_fabric_transactions_total`. */
export type ErrorMetric = 'refused' | 'conflict' | 'timeout' | 'unavailable' | 'busy' | 'error';

export interface ErrorSpec {
  /** HTTP status the gateway answers with. */
  readonly status: number;
  /** The code clients see in `{ "error": { "code" } }` (the API's fixed vocabulary). */
  readonly wire: string;
  /** Whether the same request may succeed when sent again unchanged. */
  readonly retryable: boolean;
  readonly origin: ErrorOrigin;
  /** Public description, as the OpenAPI document and docs/api.md give it. */
  readonly description: string;
  readonly metric: ErrorMetric;
  /** True when the answer carries a `Retry-After` header (seconds) saying when to try again. */
  readonly retryAfter?: boolean;
  /** The operations (route ids of `http/routes.ts`) that alone answer with this code; every one when absent. */
  readonly onlyFrom?: readonly string[];
}

export const ERRORS = {
  INVALID_ARGUMENT: {
    status: 400,
    wire: 'INVALID_ARGUMENT',
    retryable: false,
    origin: 'chaincode',
    description: 'malformed JSON, wrong types, missing or out-of-range fields, bad ids',
    metric: 'refused',
  },
  UNAUTHENTICATED: {
    status: 401,
    wire: 'UNAUTHENTICATED',
    retryable: false,
    origin: 'gateway',
    description: 'no, malformed or expired token; bad credentials',
    metric: 'refused',
  },
  NOT_AUTHORISED: {
    status: 403,
    wire: 'NOT_AUTHORISED',
    retryable: false,
    origin: 'chaincode',
    description: 'the role or organisation may not do this',
    metric: 'refused',
  },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    wire: 'PASSWORD_CHANGE_REQUIRED',
    retryable: false,
    origin: 'gateway',
    description:
      'the password is a one-time onboarding secret: log in again with it and a newPassword of your own; nothing was stored',
    metric: 'refused',
    onlyFrom: ['login'],
  },
  NOT_FOUND: {
    status: 404,
    wire: 'NOT_FOUND',
    retryable: false,
    origin: 'chaincode',
    description: 'no such tender, bid, challenge, vendor or route',
    metric: 'refused',
  },
  CONFLICT: {
    status: 409,
    wire: 'CONFLICT',
    retryable: false,
    origin: 'chaincode',
    description: 'the id already exists, or the state does not allow it',
    metric: 'conflict',
  },
  DEADLINE_PASSED: {
    status: 409,
    wire: 'DEADLINE_PASSED',
    retryable: false,
    origin: 'chaincode',
    description: "the action's time window is closed",
    metric: 'refused',
  },
  TOO_EARLY: {
    status: 409,
    wire: 'TOO_EARLY',
    retryable: false,
    origin: 'chaincode',
    description: "the action's time window is not open yet",
    metric: 'refused',
  },
  CLOCK_SKEW: {
    status: 409,
    wire: 'CLOCK_SKEW',
    retryable: true,
    origin: 'chaincode',
    description: 'an endorser found the request time too far from its clock; retry',
    metric: 'refused',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    wire: 'PAYLOAD_TOO_LARGE',
    retryable: false,
    origin: 'gateway',
    description: 'the request body is over the limit',
    metric: 'refused',
  },
  RATE_LIMITED: {
    status: 429,
    wire: 'RATE_LIMITED',
    retryable: true,
    origin: 'gateway',
    description: 'too many requests for this token (or, for login, this address)',
    metric: 'refused',
  },
  INTERNAL: {
    status: 500,
    wire: 'INTERNAL',
    retryable: false,
    origin: 'gateway',
    description: 'an unexpected failure (details are logged, not returned)',
    metric: 'error',
  },
  LEDGER_REJECTED: {
    status: 502,
    wire: 'LEDGER_UNAVAILABLE',
    retryable: false,
    origin: 'gateway',
    description: 'the network refused the transaction for a reason other than a chaincode rule',
    metric: 'error',
  },
  LEDGER_UNAVAILABLE: {
    status: 503,
    wire: 'LEDGER_UNAVAILABLE',
    retryable: true,
    origin: 'gateway',
    description: 'peers, orderers or the CA are unreachable',
    metric: 'unavailable',
  },
  LEDGER_BUSY: {
    status: 503,
    wire: 'LEDGER_BUSY',
    retryable: true,
    origin: 'gateway',
    description:
      'the gateway is at its limit of requests to the peer and its queue is full or the wait too long; ' +
      'nothing was submitted: retry after Retry-After seconds',
    metric: 'busy',
    retryAfter: true,
  },
  LEDGER_TIMEOUT: {
    status: 504,
    wire: 'LEDGER_TIMEOUT',
    retryable: false,
    origin: 'gateway',
    description: 'no answer in time; details.txId names a transaction whose outcome is unknown',
    metric: 'timeout',
  },
} as const satisfies Record<string, ErrorSpec>;

/** Every stable error code. */
export type ErrorCode = keyof typeof ERRORS;

/** The codes a chaincode refusal can carry (the prefix of its error message). */
export type ChaincodeErrorCode = KeysWhere<typeof ERRORS, 'origin', 'chaincode'>;

/** Every code, in table order. */
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

/** The codes a chaincode refusal can carry, in table order. */
export const CHAINCODE_ERROR_CODES = ERROR_CODES.filter(
  (code): code is ChaincodeErrorCode => ERRORS[code].origin === 'chaincode',
);

/** True for a string that is a stable error code. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERRORS, value);
}

/** The error body every HTTP refusal carries. */
export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
