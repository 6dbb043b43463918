/** PL-OVER-ESTIMATE: the award value exceeds the tender's estimate by more than the policy allows. */
import type { Money } from '../schemas/records';
import type { RedFlag } from './flag';
import { BASIS_POINTS, type RedFlagPolicy } from './policy';

/**
 * Flags an award whose value is above the estimate by more than `overEstimateBasisPoints`, compared
 * exactly in integers: `award × 10000 > estimate × (10000 + bp)`. Exactly at the threshold is not
 * flagged. Values in different currencies are not compared (such a bid is non-compliant anyway).
 * @throws {SyntaxError} when an amount is not an integer string.
 */
export function awardOverEstimateFlag(
  award: Money,
  estimate: Money,
  policy: RedFlagPolicy,
): RedFlag | undefined {
  if (award.currency !== estimate.currency) return undefined;
  const value = BigInt(award.amount);
  const estimated = BigInt(estimate.amount);
  const basisPoints = BigInt(policy.overEstimateBasisPoints);
  const scale = BigInt(BASIS_POINTS);
  if (value * scale <= estimated * (scale + basisPoints)) return undefined;
  return {
    code: 'PL-OVER-ESTIMATE',
    evidence: {
      awardValue: award,
      estimatedValue: estimate,
      /** Rounded down; absent when the estimate is zero. */
      ...(estimated > 0n
        ? { excessBasisPoints: (((value - estimated) * scale) / estimated).toString() }
        : {}),
      threshold: { basisPoints: policy.overEstimateBasisPoints },
    },
  };
}
