import type { BidRecord, Tender } from '@procurement/contract';
import { tender as tenderRecord } from '@procurement/contract/testing';
import { DEFAULT_POLICY } from './policy';
import {
  amendDeadlines,
  checkPublishDeadlines,
  isOpened,
  requireBeforeSubmission,
  requireOpened,
  requireSubmissionClosed,
} from './deadlines';
import { toIso } from './time';
import { visibleBid } from './visibility';

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-02T09:00:00.000Z');

const tender = (submissionMs: number, openingMs: number, over: Partial<Tender> = {}): Tender =>
  tenderRecord({
    id: 'T',
    procedure: 'open',
    submissionDeadline: toIso(submissionMs),
    openingDeadline: toIso(openingMs),
    amendments: [],
    ...over,
  });

describe('publication deadlines', () => {
  it('when the submission period is shorter than the policy minimum for the procedure, then publishing is refused', () => {
    expect(() => {
      checkPublishDeadlines(tender(NOW + 34 * DAY, NOW + 40 * DAY), DEFAULT_POLICY, NOW);
    }).toThrow(/^INVALID_ARGUMENT: submissionDeadline must be at least 3024000 s/);
    expect(() => {
      checkPublishDeadlines(
        tender(NOW + 30 * DAY, NOW + 32 * DAY, { procedure: 'restricted' }),
        DEFAULT_POLICY,
        NOW,
      );
    }).not.toThrow();
  });
  it('when the reveal window is shorter than the minimum, then publishing is refused', () => {
    expect(() => {
      checkPublishDeadlines(tender(NOW + 35 * DAY, NOW + 35 * DAY + 1000), DEFAULT_POLICY, NOW);
    }).toThrow(/^INVALID_ARGUMENT: openingDeadline/);
  });
});

describe('amendments', () => {
  const policy = DEFAULT_POLICY;
  it('when amended well before the deadline, then the deadlines stay', () => {
    const t = tender(NOW + 30 * DAY, NOW + 32 * DAY);
    expect(amendDeadlines(t, {}, policy, NOW)).toEqual({
      submissionDeadline: t.submissionDeadline,
      openingDeadline: t.openingDeadline,
      extendedDeadline: false,
    });
  });
  it('when amended 2 days before the deadline, then both deadlines move out so that 6 days remain', () => {
    const t = tender(NOW + 2 * DAY, NOW + 4 * DAY);
    expect(amendDeadlines(t, { title: 'x' }, policy, NOW)).toEqual({
      submissionDeadline: toIso(NOW + 6 * DAY),
      openingDeadline: toIso(NOW + 8 * DAY),
      extendedDeadline: true,
    });
  });
  it('when an amendment inside the window already moves the deadline far enough, then it is not extended further', () => {
    const t = tender(NOW + 2 * DAY, NOW + 4 * DAY);
    const r = amendDeadlines(
      t,
      { submissionDeadline: toIso(NOW + 10 * DAY), openingDeadline: toIso(NOW + 12 * DAY) },
      policy,
      NOW,
    );
    expect(r).toEqual({
      submissionDeadline: toIso(NOW + 10 * DAY),
      openingDeadline: toIso(NOW + 12 * DAY),
      extendedDeadline: false,
    });
  });
  it('when the extension would squeeze the reveal window, then the opening deadline keeps the minimum reveal period', () => {
    const t = tender(NOW + 2 * DAY, NOW + 3 * DAY);
    const r = amendDeadlines(
      t,
      { submissionDeadline: toIso(NOW + 1 * DAY), openingDeadline: toIso(NOW + 2 * DAY) },
      policy,
      NOW,
    );
    expect(r.submissionDeadline).toBe(toIso(NOW + 6 * DAY));
    expect(r.openingDeadline).toBe(toIso(NOW + 7 * DAY));
  });
  it('when an amendment would cut the bidding period below the minimum from publication, then it is refused', () => {
    // Published 10 days ago with the open procedure's 35-day minimum: the deadline may not move before day 35.
    const t = tender(NOW + 30 * DAY, NOW + 36 * DAY, { publishedAt: toIso(NOW - 10 * DAY) });
    expect(() => amendDeadlines(t, { submissionDeadline: toIso(NOW + 25 * DAY - 1) }, policy, NOW)).toThrow(
      /^INVALID_ARGUMENT: submissionDeadline must stay at least 3024000 s after publication \(open procedure\)/,
    );
    expect(
      amendDeadlines(t, { submissionDeadline: toIso(NOW + 25 * DAY) }, policy, NOW).submissionDeadline,
    ).toBe(toIso(NOW + 25 * DAY));
  });
  it('when an amendment made early moves the deadline close, then the extension rule still applies to the new deadline', () => {
    // The old deadline is far away, the new one would be in an hour: bidders still get the extension.
    const shortPolicy = { ...policy, minSubmissionSeconds: { open: 0, restricted: 0 } };
    const t = tender(NOW + 30 * DAY, NOW + 36 * DAY, { publishedAt: toIso(NOW - DAY) });
    const early = { submissionDeadline: toIso(NOW + 3_600_000), openingDeadline: toIso(NOW + 2 * DAY) };
    const r = amendDeadlines(t, early, shortPolicy, NOW);
    expect(r).toMatchObject({ submissionDeadline: toIso(NOW + 6 * DAY), extendedDeadline: true });
  });
  it('when the deadline has passed, then amending is refused with DEADLINE_PASSED', () => {
    expect(() => amendDeadlines(tender(NOW, NOW + DAY), {}, policy, NOW)).toThrow(/^DEADLINE_PASSED/);
  });
  it('when new deadlines are in the past or leave no reveal window, then they are refused', () => {
    const t = tender(NOW + 30 * DAY, NOW + 32 * DAY);
    expect(() => amendDeadlines(t, { submissionDeadline: toIso(NOW - 1) }, policy, NOW)).toThrow(
      /^INVALID_ARGUMENT: submissionDeadline/,
    );
    expect(() => amendDeadlines(t, { openingDeadline: toIso(NOW + 30 * DAY + 1) }, policy, NOW)).toThrow(
      /^INVALID_ARGUMENT: openingDeadline/,
    );
    expect(() =>
      amendDeadlines(t, { openingDeadline: toIso(NOW + 30 * DAY) }, { ...policy, minRevealSeconds: 0 }, NOW),
    ).toThrow(/^INVALID_ARGUMENT: openingDeadline/);
  });
});

describe('phases', () => {
  const t = tender(NOW + DAY, NOW + 2 * DAY);
  it('when shares are released before the submission deadline, then TOO_EARLY; from the deadline on, allowed', () => {
    expect(() => {
      requireSubmissionClosed(t, NOW + DAY - 1);
    }).toThrow(/^TOO_EARLY/);
    expect(() => {
      requireSubmissionClosed(t, NOW + DAY);
    }).not.toThrow();
    expect(() => {
      requireOpened(t, NOW + DAY);
    }).toThrow(/^TOO_EARLY/);
  });
});

describe('bid visibility', () => {
  const bid: BidRecord = {
    tenderId: 'T',
    bidId: 'b',
    vendorId: 'V1',
    commitment: 'c',
    committedAt: toIso(NOW),
    txId: 'tx',
    status: 'opened',
    beforeAmendment: false,
    price: { amount: '5', currency: 'EUR' },
    technicalProposal: {},
    documents: [],
  };
  const amended = tender(NOW + DAY, NOW + 2 * DAY, {
    amendments: [
      { seq: 1, reason: 'r', changes: {}, at: toIso(NOW + 1), by: 'o', txId: 't', extendedDeadline: false },
    ],
  });
  it('when a bid is shown, then beforeAmendment is derived from the latest amendment and nothing is added', () => {
    const seen = visibleBid(bid, amended);
    expect(seen.beforeAmendment).toBe(true);
    expect(seen.price).toEqual({ amount: '5', currency: 'EUR' });
    const committed: BidRecord = { ...bid, status: 'sealed' };
    delete committed.price;
    expect(visibleBid({ ...committed, status: 'replaced' }, tender(NOW, NOW + 1))).toMatchObject({
      status: 'replaced',
      beforeAmendment: false,
    });
  });
});

describe('bid deadlines on both clocks', () => {
  const t = tender(NOW + DAY, NOW + 2 * DAY);
  // The bid deadlines (seal and withdraw before the submission deadline; releases after it) on
  // both clocks: a back-dated timestamp inside the transit tolerance no longer slips past a deadline.
  const SUB = NOW + DAY;
  const OPEN = NOW + 2 * DAY;
  it('when a bid step is dated before the submission deadline but the endorser clock is past it, then DEADLINE_PASSED', () => {
    expect(() => {
      requireBeforeSubmission(t, { txMs: SUB - 10_000, endorserMs: SUB });
    }).toThrow(/^DEADLINE_PASSED/);
    expect(() => {
      requireBeforeSubmission(t, { txMs: SUB - 10_000, endorserMs: SUB - 1 });
    }).not.toThrow();
  });
  it('when a share release is dated after the submission deadline but the endorser clock is not there yet, then TOO_EARLY', () => {
    expect(() => {
      requireSubmissionClosed(t, { txMs: SUB + 60_000, endorserMs: SUB - 1 });
    }).toThrow(/^TOO_EARLY/);
    expect(() => {
      requireSubmissionClosed(t, { txMs: SUB, endorserMs: SUB + 5_000 });
    }).not.toThrow();
    expect(isOpened(t, { txMs: OPEN + 60_000, endorserMs: OPEN - 1 })).toBe(false);
    expect(isOpened(t, { txMs: OPEN, endorserMs: OPEN + 60_000 })).toBe(true);
  });
});
