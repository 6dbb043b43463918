/** Opaque keyset bookmarks: the sort values of the last item of a page, base64url JSON. */
import { invalidArgument } from '../domain/errors';

export function encodeBookmark(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/**
 * The sort values a bookmark carries; `shape` says each value's type, in order.
 * @throws DomainError INVALID_ARGUMENT for anything else.
 */
export function decodeBookmark(
  bookmark: string,
  shape: readonly ('string' | 'number')[],
): (string | number)[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(bookmark, 'base64url').toString('utf8'));
  } catch {
    throw invalidArgument('bookmark is not one this API gave', 'bookmark');
  }
  const ok =
    Array.isArray(values) &&
    values.length === shape.length &&
    values.every((v, i) => typeof v === shape[i] && (typeof v !== 'number' || Number.isSafeInteger(v)));
  if (!ok) throw invalidArgument('bookmark is not one this API gave', 'bookmark');
  return values as (string | number)[];
}
