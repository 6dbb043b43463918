import { canonicalJson } from '@procurement/contract';

/** Canonical JSON (the contract's one function): every write and every result uses it. */
export const canonical = canonicalJson;

export function toBytes(value: unknown): Uint8Array {
  return Buffer.from(canonical(value), 'utf8');
}

export function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('utf8');
}
