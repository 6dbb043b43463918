/** zod schemas for the binary fields of the sealing formats: canonical unpadded base64url of a given size. */
import { z } from 'zod/v4';

import { base64UrlLength } from './constants';
import { BASE64URL_PATTERN, tryFromBase64Url } from './encoding';

/** Canonical unpadded base64url of exactly `bytes` bytes. */
export function base64UrlOfLength(bytes: number): z.ZodString {
  const length = base64UrlLength(bytes);
  return z
    .string()
    .length(length, `must be ${length} base64url characters (${bytes} bytes)`)
    .regex(BASE64URL_PATTERN, 'must be unpadded base64url')
    .refine((text) => tryFromBase64Url(text) !== undefined, 'must be canonical base64url');
}

/** Canonical unpadded base64url of `minBytes` to `maxBytes` bytes. */
export function base64UrlOfRange(minBytes: number, maxBytes: number): z.ZodString {
  return z
    .string()
    .min(base64UrlLength(minBytes), `must hold at least ${minBytes} bytes`)
    .max(base64UrlLength(maxBytes), `must hold at most ${maxBytes} bytes`)
    .regex(BASE64URL_PATTERN, 'must be unpadded base64url')
    .refine((text) => tryFromBase64Url(text) !== undefined, 'must be canonical base64url');
}
