/** R003: short submission period (computed at publication). */
import type { Procedure } from '../vocabulary';
import { millisOf, type RedFlag, wholeSeconds } from './flag';
import type { RedFlagPolicy } from './policy';

export interface PublishedTender {
  procedure: Procedure;
  submissionDeadline: string;
}

/**
 * R003: the time from publication to the submission deadline is shorter than the policy's threshold
 * for the procedure. Exactly the threshold is not flagged.
 * @throws {RangeError} when a timestamp is not RFC 3339.
 */
export function shortSubmissionPeriodFlag(
  tender: PublishedTender,
  publishedAt: string,
  policy: RedFlagPolicy,
): RedFlag | undefined {
  const thresholdSeconds = policy.shortSubmissionSeconds[tender.procedure];
  const periodMillis = millisOf(tender.submissionDeadline) - millisOf(publishedAt);
  if (periodMillis >= thresholdSeconds * 1000) return undefined;
  return {
    code: 'R003',
    evidence: {
      procedure: tender.procedure,
      publishedAt,
      submissionDeadline: tender.submissionDeadline,
      periodSeconds: periodMillis < 0 ? -wholeSeconds(-periodMillis) : wholeSeconds(periodMillis),
      threshold: { minSeconds: thresholdSeconds },
    },
  };
}
