import { canonicalJson } from '@procurement/contract';

/**
 * Canonical JSON (keys sorted at every level, no whitespace), byte-identical to the chaincode's: a
 * sealed bid's commitment is the SHA-256 of exactly these bytes.
 */
export function canonical(value: unknown): string {
  return canonicalJson(value);
}
