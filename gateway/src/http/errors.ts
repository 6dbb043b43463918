import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';

import { DomainError, type ErrorCode } from '../domain/errors';

/** The one mapping from the error catalogue to HTTP: status and the code clients see. */
const HTTP: Record<ErrorCode, { status: number; code: string }> = {
  INVALID_ARGUMENT: { status: 400, code: 'INVALID_ARGUMENT' },
  UNAUTHENTICATED: { status: 401, code: 'UNAUTHENTICATED' },
  NOT_AUTHORISED: { status: 403, code: 'NOT_AUTHORISED' },
  NOT_FOUND: { status: 404, code: 'NOT_FOUND' },
  CONFLICT: { status: 409, code: 'CONFLICT' },
  DEADLINE_PASSED: { status: 409, code: 'DEADLINE_PASSED' },
  TOO_EARLY: { status: 409, code: 'TOO_EARLY' },
  // The endorser found the proposal's timestamp too far from its own clock: a retryable conflict, not bad input.
  CLOCK_SKEW: { status: 409, code: 'CLOCK_SKEW' },
  PAYLOAD_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE' },
  RATE_LIMITED: { status: 429, code: 'RATE_LIMITED' },
  LEDGER_REJECTED: { status: 502, code: 'LEDGER_UNAVAILABLE' },
  LEDGER_UNAVAILABLE: { status: 503, code: 'LEDGER_UNAVAILABLE' },
  LEDGER_TIMEOUT: { status: 504, code: 'LEDGER_TIMEOUT' },
  INTERNAL: { status: 500, code: 'INTERNAL' },
};

export function httpStatusOf(code: ErrorCode): number {
  return HTTP[code].status;
}

interface BodyParserError {
  type?: unknown;
  status?: unknown;
}

/** body-parser's and other middleware's errors, in the catalogue's terms. */
function toDomainError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  const { type, status } = (error ?? {}) as BodyParserError;
  if (type === 'entity.too.large' || status === 413)
    return new DomainError({ code: 'PAYLOAD_TOO_LARGE', message: 'the request body is over the limit' });
  if (type === 'entity.parse.failed')
    return new DomainError({
      code: 'INVALID_ARGUMENT',
      message: 'the request body is not valid JSON',
      details: { field: '(body)' },
    });
  if (typeof status === 'number' && status >= 400 && status < 500)
    return new DomainError({ code: 'INVALID_ARGUMENT', message: 'the request could not be read' });
  return new DomainError({ code: 'INTERNAL', message: 'internal error', cause: error });
}

/** The error middleware: `{ "error": { "code", "message", "details"? } }`. */
export function errorHandler(logger?: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const domain = toDomainError(error);
    const { status, code } = HTTP[domain.code];
    if (status >= 500) {
      ((req as { log?: Logger }).log ?? logger)?.error({ err: error, code: domain.code }, 'request failed');
    }
    res.status(status).json({
      error: {
        code,
        message: domain.message,
        ...(domain.details === undefined ? {} : { details: domain.details }),
      },
    });
  };
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(new DomainError({ code: 'NOT_FOUND', message: 'no such route' }));
};
