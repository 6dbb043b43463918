/**
 * Deadlines and phases of a tender, in epoch milliseconds. Pure.
 *
 * A deadline is checked against both clocks of a transaction (its timestamp and the endorser's clock):
 * it has passed when it has passed by either, and a moment has come only when it has come by both. So a
 * back-dated timestamp cannot slip a write in after a deadline, and endorsers whose clocks straddle a
 * deadline refuse with DEADLINE_PASSED (or TOO_EARLY) rather than disagree on what to write. What is
 * written is computed from the transaction time alone.
 */
import type { AwardCriteria, Policy, Tender, TenderChanges } from '@procurement/contract';
import { deadlinePassed, invalid, tooEarly } from '../errors';
import { earliestOf, latestOf, type Now, SECOND, toIso, toMillis } from './time';

/** The opening deadline's distance from the submission deadline: within the policy's reveal window. */
function checkRevealPeriod(submission: number, opening: number, policy: Policy): void {
  if (opening < submission + policy.minRevealSeconds * SECOND || opening <= submission) {
    throw invalid(`openingDeadline must be at least ${policy.minRevealSeconds} s after submissionDeadline`);
  }
  checkMaxReveal(submission, opening, policy);
}

/** The opening deadline is at most maxRevealSeconds after the submission deadline. */
function checkMaxReveal(submission: number, opening: number, policy: Policy): void {
  if (opening > submission + policy.maxRevealSeconds * SECOND) {
    throw invalid(`openingDeadline must be at most ${policy.maxRevealSeconds} s after submissionDeadline`);
  }
}

/** A best price-quality tender gives price at least the policy's minimum weight. */
export function checkPriceWeight(criteria: AwardCriteria, policy: Policy): void {
  if (criteria.method === 'bestPriceQuality' && criteria.priceWeight < policy.minPriceWeight) {
    throw invalid(
      `priceWeight must be at least ${policy.minPriceWeight} (the policy's minimum price weight)`,
    );
  }
}

/** At publish: the policy's minimum periods counted from the publish time, and its reveal window. */
export function checkPublishDeadlines(tender: Tender, policy: Policy, now: Now): void {
  const submission = toMillis(tender.submissionDeadline);
  const opening = toMillis(tender.openingDeadline);
  const minSubmission = policy.minSubmissionSeconds[tender.procedure] * SECOND;
  if (submission < latestOf(now) + minSubmission) {
    throw invalid(
      `submissionDeadline must be at least ${policy.minSubmissionSeconds[tender.procedure]} s after publication (${tender.procedure} procedure)`,
    );
  }
  checkRevealPeriod(submission, opening, policy);
}

export interface AmendedDeadlines {
  submissionDeadline: string;
  openingDeadline: string;
  extendedDeadline: boolean;
}

/**
 * Deadlines after an amendment at `now`. Explicit new deadlines must be in the future, keep the
 * policy's minimum submission period counted from publication, and keep the reveal window. An
 * amendment less than amendmentExtensionSeconds before the current or the new submission deadline moves
 * the submission deadline to at least now + extension and the opening deadline by the same delta (and
 * never closer than minReveal after the submission deadline). The extension is counted from the
 * transaction time, so every endorser computes the same deadlines.
 */
export function amendDeadlines(
  tender: Tender,
  changes: TenderChanges,
  policy: Policy,
  now: Now,
): AmendedDeadlines {
  const current = toMillis(tender.submissionDeadline);
  if (latestOf(now) >= current)
    throw deadlinePassed('the submission deadline has passed; the tender can no longer be amended');
  const nowMs = typeof now === 'number' ? now : now.txMs;
  let submission = changes.submissionDeadline === undefined ? current : toMillis(changes.submissionDeadline);
  let opening = toMillis(changes.openingDeadline ?? tender.openingDeadline);
  const minReveal = policy.minRevealSeconds * SECOND;
  if (submission <= latestOf(now)) throw invalid('submissionDeadline must be in the future');
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
  checkMaxReveal(submission, opening, policy);
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

/** Bidding window: before the submission deadline, by both clocks. */
export function requireBeforeSubmission(tender: Tender, now: Now): void {
  if (latestOf(now) >= toMillis(tender.submissionDeadline))
    throw deadlinePassed('the submission deadline has passed');
}

/**
 * Key shares are released, and bids opened, only once the submission deadline has passed by both
 * clocks, so a client cannot release early by dating its proposal forward.
 */
export function requireSubmissionClosed(tender: Tender, now: Now): void {
  if (earliestOf(now) < toMillis(tender.submissionDeadline))
    throw tooEarly('key shares are released only after the submission deadline');
}

/** Opened: the opening deadline has passed by both clocks. */
export function isOpened(tender: Tender, now: Now): boolean {
  return earliestOf(now) >= toMillis(tender.openingDeadline);
}

/** The opening deadline has passed by either clock: prices may be known. */
export function mayHaveOpened(tender: Tender, now: Now): boolean {
  return latestOf(now) >= toMillis(tender.openingDeadline);
}

/** Evaluation and award: only once the opening deadline has passed. */
export function requireOpened(tender: Tender, now: Now): void {
  if (!isOpened(tender, now)) throw tooEarly('the opening deadline has not passed yet');
}

/** Evaluators score until the opening deadline plus the policy's scoring period. */
export function scoringDeadlineOf(tender: Tender, policy: Policy): number {
  return toMillis(tender.openingDeadline) + policy.scoringSeconds * SECOND;
}

/** Scoring window: after opening and before the scoring deadline, by both clocks. */
export function requireScoringOpen(tender: Tender, policy: Policy, now: Now): void {
  requireOpened(tender, now);
  if (latestOf(now) >= scoringDeadlineOf(tender, policy))
    throw deadlinePassed('the scoring deadline has passed; scores are no longer accepted');
}

/** The scoring deadline has passed by both clocks. */
export function isScoringClosed(tender: Tender, policy: Policy, now: Now): boolean {
  return earliestOf(now) >= scoringDeadlineOf(tender, policy);
}

/** Time of the latest amendment, if any. */
export function latestAmendmentAt(tender: Tender): string | undefined {
  return tender.amendments.at(-1)?.at;
}
