import { LIMITS, type Policy, type PolicyInput } from '@procurement/contract';

/** Realistic defaults (EU Directive 2014/24 open and restricted minimum periods, 10-day standstill). */
export const DEFAULT_POLICY: Policy = {
  minSubmissionSeconds: { open: 35 * 86400, restricted: 30 * 86400 },
  minRevealSeconds: 86400,
  maxRevealSeconds: 30 * 86400,
  standstillSeconds: 10 * 86400,
  amendmentExtensionSeconds: 6 * 86400,
  minPriceWeight: 20,
  scoringSeconds: 14 * 86400,
  clockToleranceSeconds: 30,
};

export type Skew = 'backdated' | 'forward' | undefined;

/**
 * How a transaction time stands against the endorser's clock: `backdated` when it lags by more than the
 * policy's tolerance (itself capped at LIMITS.clockToleranceSeconds, whatever an older stored policy
 * says), `forward` when it runs ahead by more than LIMITS.forwardClockToleranceSeconds.
 */
export function skewOf(txMillis: number, endorserMillis: number, toleranceSeconds: number): Skew {
  const backward = Math.min(toleranceSeconds, LIMITS.clockToleranceSeconds) * 1000;
  if (endorserMillis - txMillis > backward) return 'backdated';
  if (txMillis - endorserMillis > LIMITS.forwardClockToleranceSeconds * 1000) return 'forward';
  return undefined;
}

/**
 * The policy's rules without the stamps of who proposed and approved them: what a tender keeps of the
 * policy in force when it is published.
 */
export function policyPeriods(policy: Policy): PolicyInput {
  return {
    minSubmissionSeconds: policy.minSubmissionSeconds,
    minRevealSeconds: policy.minRevealSeconds,
    maxRevealSeconds: policy.maxRevealSeconds,
    standstillSeconds: policy.standstillSeconds,
    amendmentExtensionSeconds: policy.amendmentExtensionSeconds,
    minPriceWeight: policy.minPriceWeight,
    scoringSeconds: policy.scoringSeconds,
    clockToleranceSeconds: policy.clockToleranceSeconds,
  };
}
