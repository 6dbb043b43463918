/** PL-LATE-AMENDMENT: the deadline moved or the criteria changed close to the deadline. */
import { canonicalJson } from '../canonical';
import { millisOf, type RedFlag, wholeSeconds } from './flag';
import type { RedFlagPolicy } from './policy';

/** The terms an amendment may touch that this flag watches. */
export interface AmendedTerms {
  submissionDeadline: string;
  awardCriteria: unknown;
}

/**
 * Flags an amendment made less than `lateAmendmentSeconds` before the submission deadline in force
 * (the one before the amendment) that moves that deadline or changes the award criteria. Exactly the
 * threshold before the deadline is not flagged.
 * @throws {RangeError} when a timestamp is not RFC 3339.
 */
export function lateAmendmentFlag(
  amendedAt: string,
  before: AmendedTerms,
  after: AmendedTerms,
  policy: RedFlagPolicy,
): RedFlag | undefined {
  const deadlineMoved = millisOf(before.submissionDeadline) !== millisOf(after.submissionDeadline);
  const criteriaChanged = canonicalJson(before.awardCriteria) !== canonicalJson(after.awardCriteria);
  if (!deadlineMoved && !criteriaChanged) return undefined;
  const leftMillis = millisOf(before.submissionDeadline) - millisOf(amendedAt);
  if (leftMillis >= policy.lateAmendmentSeconds * 1000) return undefined;
  return {
    code: 'PL-LATE-AMENDMENT',
    evidence: {
      amendedAt,
      previousDeadline: before.submissionDeadline,
      newDeadline: after.submissionDeadline,
      deadlineMoved,
      criteriaChanged,
      secondsBeforeDeadline: leftMillis < 0 ? -wholeSeconds(-leftMillis) : wholeSeconds(leftMillis),
      threshold: { seconds: policy.lateAmendmentSeconds },
    },
  };
}
