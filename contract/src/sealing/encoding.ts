/**
 * Unpadded base64url (RFC 4648 §5) for every binary field of the sealing formats. Decoding is
 * strict: only the url-safe alphabet, no padding, no white space, and the unused low bits of the last
 * character must be zero, so each byte string has exactly one encoding (a hash over the JSON text of
 * an envelope then names exactly one envelope).
 */
import { SealingError } from './errors';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The url-safe base64 alphabet, unpadded; used by the schemas before decoding. */
export const BASE64URL_PATTERN = /^[A-Za-z0-9_-]*$/;

const DECODE = ((): Int16Array => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

/** Encodes bytes as unpadded base64url. */
export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i] ?? 0;
    const b1 = bytes[i + 1] ?? 0;
    const b2 = bytes[i + 2] ?? 0;
    const n = (b0 << 16) | (b1 << 8) | b2;
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 4) / 3));
    for (let c = 0; c < chars; c++) out += ALPHABET.charAt((n >> (18 - 6 * c)) & 63);
  }
  return out;
}

/**
 * Decodes canonical unpadded base64url.
 *
 * @returns the bytes, or `undefined` when `text` is not canonical unpadded base64url.
 */
export function tryFromBase64Url(text: string): Uint8Array | undefined {
  if (!BASE64URL_PATTERN.test(text) || text.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    value = (value << 6) | (DECODE[text.charCodeAt(i)] ?? 0);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
      value &= (1 << bits) - 1;
    }
  }
  // Non-zero leftover bits would give a second spelling of the same bytes.
  return value === 0 ? out : undefined;
}

/**
 * Decodes canonical unpadded base64url.
 *
 * @throws {SealingError} `INVALID_ARGUMENT` when `text` is not canonical unpadded base64url.
 */
export function fromBase64Url(text: string, what = 'value'): Uint8Array {
  const bytes = tryFromBase64Url(text);
  if (bytes === undefined) throw new SealingError('INVALID_ARGUMENT', `${what} is not canonical base64url`);
  return bytes;
}
