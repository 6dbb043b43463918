import { lateAmendmentFlag } from './amendment';
import { DAY_SECONDS, DEFAULT_RED_FLAG_POLICY } from './policy';

const deadline = '2026-03-01T12:00:00Z';
const at = (secondsBefore: number) => new Date(Date.parse(deadline) - secondsBefore * 1000).toISOString();
const lowest = { method: 'lowestPrice' };
const before = { submissionDeadline: deadline, awardCriteria: lowest };
const moved = { submissionDeadline: '2026-03-08T12:00:00Z', awardCriteria: lowest };
const window = 5 * DAY_SECONDS;

describe('PL-LATE-AMENDMENT late amendment', () => {
  it('is not raised exactly the threshold before the deadline', () => {
    expect(lateAmendmentFlag(at(window), before, moved, DEFAULT_RED_FLAG_POLICY)).toBeUndefined();
  });

  it('is not raised one second earlier', () => {
    expect(lateAmendmentFlag(at(window + 1), before, moved, DEFAULT_RED_FLAG_POLICY)).toBeUndefined();
  });

  it('is raised one second later when the deadline moves', () => {
    expect(lateAmendmentFlag(at(window - 1), before, moved, DEFAULT_RED_FLAG_POLICY)).toEqual({
      code: 'PL-LATE-AMENDMENT',
      evidence: {
        amendedAt: at(window - 1),
        previousDeadline: deadline,
        newDeadline: moved.submissionDeadline,
        deadlineMoved: true,
        criteriaChanged: false,
        secondsBeforeDeadline: window - 1,
        threshold: { seconds: window },
      },
    });
  });

  it('is raised when the criteria change, whatever the key order', () => {
    const weighted = { method: 'bestPriceQuality', priceWeight: 50, criteria: [] };
    const flag = lateAmendmentFlag(
      at(60),
      before,
      { submissionDeadline: deadline, awardCriteria: weighted },
      DEFAULT_RED_FLAG_POLICY,
    );
    expect(flag?.evidence).toMatchObject({ deadlineMoved: false, criteriaChanged: true });
    const same = {
      awardCriteria: { criteria: [], priceWeight: 50, method: 'bestPriceQuality' },
      submissionDeadline: deadline,
    };
    expect(
      lateAmendmentFlag(at(60), { ...before, awardCriteria: weighted }, same, DEFAULT_RED_FLAG_POLICY),
    ).toBeUndefined();
  });

  it('is not raised for a late amendment that changes neither (a new document, a new title)', () => {
    expect(
      lateAmendmentFlag(
        at(60),
        before,
        { ...before, submissionDeadline: '2026-03-01T13:00:00+01:00' },
        DEFAULT_RED_FLAG_POLICY,
      ),
    ).toBeUndefined();
  });
});
