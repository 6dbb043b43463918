import type { Policy } from '@procurement/contract';

/** Realistic defaults (EU Directive 2014/24 open and restricted minimum periods, 10-day standstill). */
export const DEFAULT_POLICY: Policy = {
  minSubmissionSeconds: { open: 35 * 86400, restricted: 30 * 86400 },
  minRevealSeconds: 86400,
  standstillSeconds: 10 * 86400,
  amendmentExtensionSeconds: 6 * 86400,
  clockToleranceSeconds: 300,
};

/** True when the transaction time is further from the endorser clock than the tolerance allows. */
export function isSkewed(txMillis: number, endorserMillis: number, toleranceSeconds: number): boolean {
  return Math.abs(txMillis - endorserMillis) > toleranceSeconds * 1000;
}
