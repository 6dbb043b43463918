import type { ErrorCode } from '@procurement/contract';

/**
 * A refusal or failure carrying a code of the contract's error table. Business code throws these; exactly
 * one HTTP middleware maps them to status codes (see http/errors.ts). Messages are for humans and never
 * carry secrets or sealed bid content.
 */
export type { ErrorCode };

export interface DomainErrorOptions {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
  cause?: unknown;
  /** Seconds after which the same request may succeed (answered as `Retry-After`). */
  retryAfterSeconds?: number;
}

/** A refusal or failure with a stable code. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(options: Readonly<DomainErrorOptions>) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.code = options.code;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function invalidArgument(message: string, field?: string): DomainError {
  return new DomainError({
    code: 'INVALID_ARGUMENT',
    message,
    ...(field === undefined ? {} : { details: { field } }),
  });
}

export function notAuthorised(message: string): DomainError {
  return new DomainError({ code: 'NOT_AUTHORISED', message });
}

export function unauthenticated(message: string): DomainError {
  return new DomainError({ code: 'UNAUTHENTICATED', message });
}

export function notFound(message: string): DomainError {
  return new DomainError({ code: 'NOT_FOUND', message });
}

export function conflict(message: string): DomainError {
  return new DomainError({ code: 'CONFLICT', message });
}

export function isDomainError(error: unknown, code?: ErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}
