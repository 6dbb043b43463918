import stringify from 'json-stringify-deterministic';

/** Canonical JSON: keys sorted at every level, no whitespace. Every write and every result uses it. */
export function canonical(value: unknown): string {
  return stringify(value);
}

export function toBytes(value: unknown): Uint8Array {
  return Buffer.from(canonical(value), 'utf8');
}

export function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('utf8');
}
