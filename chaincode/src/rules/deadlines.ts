/** Deadlines and phases of a tender, in epoch milliseconds. Pure. */
import type { Policy, Tender, TenderChanges } from '@procurement/contract';
import { deadlinePassed, invalid, tooEarly } from '../errors';
import { SECOND, toIso, toMillis } from './time';

/** At publish: the policy's minimum periods counted from the publish time. */
export function checkPublishDeadlines(tender: Tender, policy: Policy, nowMs: number): void {
  const submission = toMillis(tender.submissionDeadline);
  const opening = toMillis(tender.openingDeadline);
  const minSubmission = policy.minSubmissionSeconds[tender.procedure] * SECOND;
  if (submission < nowMs + minSubmission) {
    throw invalid(
      `submissionDeadline must be at least ${policy.minSubmissionSeconds[tender.procedure]} s after publication (${tender.procedure} procedure)`,
    );
  }
  if (opening < submission + policy.minRevealSeconds * SECOND) {
    throw invalid(`openingDeadline must be at least ${policy.minRevealSeconds} s after submissionDeadline`);
  }
}

export interface AmendedDeadlines {
  submissionDeadline: string;
  openingDeadline: string;
  extendedDeadline: boolean;
}

/**
 * Deadlines after an amendment at `nowMs`. Explicit new deadlines must be in the future, keep the
 * policy's minimum submission period counted from publication, and keep the minimum reveal window. An
 * amendment less than amendmentExtensionSeconds before the current or the new submission deadline moves
 * the submission deadline to at least now + extension and the opening deadline by the same delta (and
 * never closer than minReveal after the submission deadline).
 */
export function amendDeadlines(
  tender: Tender,
  changes: TenderChanges,
  policy: Policy,
  nowMs: number,
): AmendedDeadlines {
  const current = toMillis(tender.submissionDeadline);
  if (nowMs >= current)
    throw deadlinePassed('the submission deadline has passed; the tender can no longer be amended');
  let submission = changes.submissionDeadline === undefined ? current : toMillis(changes.submissionDeadline);
  let opening = toMillis(changes.openingDeadline ?? tender.openingDeadline);
  const minReveal = policy.minRevealSeconds * SECOND;
  if (submission <= nowMs) throw invalid('submissionDeadline must be in the future');
  requireMinimumPeriod(tender, submission, policy);
  if (opening < submission + minReveal || opening <= submission) {
    throw invalid(`openingDeadline must be at least ${policy.minRevealSeconds} s after submissionDeadline`);
  }
  let extendedDeadline = false;
  const extension = policy.amendmentExtensionSeconds * SECOND;
  const target = nowMs + extension;
  // Close to the deadline, whether the old one or the new one: bidders get at least the extension.
  if (Math.min(current, submission) - nowMs < extension && submission < target) {
    const delta = target - submission;
    submission = target;
    opening = Math.max(opening + delta, submission + minReveal);
    extendedDeadline = true;
  }
  return { submissionDeadline: toIso(submission), openingDeadline: toIso(opening), extendedDeadline };
}

/** An amendment never shortens the bidding period below the policy's minimum, counted from publication. */
function requireMinimumPeriod(tender: Tender, submission: number, policy: Policy): void {
  if (tender.publishedAt === undefined) return;
  const minimum = policy.minSubmissionSeconds[tender.procedure];
  if (submission < toMillis(tender.publishedAt) + minimum * SECOND) {
    throw invalid(
      `submissionDeadline must stay at least ${minimum} s after publication (${tender.procedure} procedure)`,
    );
  }
}

/** Bidding window: before the submission deadline. */
export function requireBeforeSubmission(tender: Tender, nowMs: number): void {
  if (nowMs >= toMillis(tender.submissionDeadline))
    throw deadlinePassed('the submission deadline has passed');
}

/**
 * Key shares are released, and bids opened, only once the submission deadline has passed. `nowMs` is
 * the earlier of the transaction time and the endorser's clock, so a client cannot release early by
 * dating its proposal forward.
 */
export function requireSubmissionClosed(tender: Tender, nowMs: number): void {
  if (nowMs < toMillis(tender.submissionDeadline))
    throw tooEarly('key shares are released only after the submission deadline');
}

export function isOpened(tender: Tender, nowMs: number): boolean {
  return nowMs >= toMillis(tender.openingDeadline);
}

/** Evaluation and award: only once the opening deadline has passed. */
export function requireOpened(tender: Tender, nowMs: number): void {
  if (!isOpened(tender, nowMs)) throw tooEarly('the opening deadline has not passed yet');
}

/** Time of the latest amendment, if any. */
export function latestAmendmentAt(tender: Tender): string | undefined {
  return tender.amendments.at(-1)?.at;
}
