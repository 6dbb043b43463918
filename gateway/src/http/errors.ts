import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';

import { ERRORS, type ErrorBody } from '@procurement/contract';

import { DomainError } from '../domain/errors';

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

/** The HTTP answer to an error: its status and `{ "error": { "code", "message", "details"? } }`. */
export function errorAnswer(error: unknown): { status: number; body: ErrorBody; domain: DomainError } {
  const domain = toDomainError(error);
  const { status, wire: code } = ERRORS[domain.code];
  return {
    status,
    domain,
    body: {
      error: {
        code,
        message: domain.message,
        ...(domain.details === undefined ? {} : { details: domain.details }),
      },
    },
  };
}

/** The error middleware: `{ "error": { "code", "message", "details"? } }`. */
export function errorHandler(logger?: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const { status, body, domain } = errorAnswer(error);
    if (status >= 500) {
      ((req as { log?: Logger }).log ?? logger)?.error({ err: error, code: domain.code }, 'request failed');
    }
    if (domain.retryAfterSeconds !== undefined)
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(domain.retryAfterSeconds))));
    res.status(status).json(body);
  };
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(new DomainError({ code: 'NOT_FOUND', message: 'no such route' }));
};
