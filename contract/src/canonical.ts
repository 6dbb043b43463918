import stringify from 'json-stringify-deterministic';

/**
 * THE canonical JSON: object keys sorted at every level (by UTF-16 code units), no whitespace,
 * `undefined` members dropped. Every chaincode write and result, every JSON argument the gateway sends
 * and every sealed bid use it: a sealed bid's commitment is the SHA-256 of exactly these bytes, so its
 * output must never change.
 */
export function canonicalJson(value: unknown): string {
  return stringify(value);
}
