import { DAY_SECONDS, DEFAULT_RED_FLAG_POLICY, redFlagPolicySchema } from './policy';
import { shortSubmissionPeriodFlag } from './submission';

const publishedAt = '2026-01-01T00:00:00Z';
/** The deadline `seconds` after publication. */
const deadline = (seconds: number) => new Date(Date.parse(publishedAt) + seconds * 1000).toISOString();

describe('R003 short submission period', () => {
  const threshold = 15 * DAY_SECONDS;

  it('is not raised exactly at the threshold', () => {
    expect(
      shortSubmissionPeriodFlag(
        { procedure: 'open', submissionDeadline: deadline(threshold) },
        publishedAt,
        DEFAULT_RED_FLAG_POLICY,
      ),
    ).toBeUndefined();
  });

  it('is not raised one second above the threshold', () => {
    expect(
      shortSubmissionPeriodFlag(
        { procedure: 'open', submissionDeadline: deadline(threshold + 1) },
        publishedAt,
        DEFAULT_RED_FLAG_POLICY,
      ),
    ).toBeUndefined();
  });

  it('is raised one second below the threshold, with the figures and the threshold', () => {
    const submissionDeadline = deadline(threshold - 1);
    expect(
      shortSubmissionPeriodFlag(
        { procedure: 'open', submissionDeadline },
        publishedAt,
        DEFAULT_RED_FLAG_POLICY,
      ),
    ).toEqual({
      code: 'R003',
      evidence: {
        procedure: 'open',
        publishedAt,
        submissionDeadline,
        periodSeconds: threshold - 1,
        threshold: { minSeconds: threshold },
      },
    });
  });

  it('uses the threshold of the procedure', () => {
    const policy = {
      ...DEFAULT_RED_FLAG_POLICY,
      shortSubmissionSeconds: { open: 30 * DAY_SECONDS, restricted: 10 * DAY_SECONDS },
    };
    const tender = { submissionDeadline: deadline(20 * DAY_SECONDS) };
    expect(shortSubmissionPeriodFlag({ ...tender, procedure: 'open' }, publishedAt, policy)?.code).toBe(
      'R003',
    );
    expect(
      shortSubmissionPeriodFlag({ ...tender, procedure: 'restricted' }, publishedAt, policy),
    ).toBeUndefined();
  });

  it('counts a deadline before publication as a negative period', () => {
    const flag = shortSubmissionPeriodFlag(
      { procedure: 'open', submissionDeadline: deadline(-90) },
      publishedAt,
      DEFAULT_RED_FLAG_POLICY,
    );
    expect(flag?.evidence.periodSeconds).toBe(-90);
  });

  it('refuses a malformed time', () => {
    expect(() =>
      shortSubmissionPeriodFlag(
        { procedure: 'open', submissionDeadline: 'soon' },
        publishedAt,
        DEFAULT_RED_FLAG_POLICY,
      ),
    ).toThrow(RangeError);
  });
});

describe('the red-flag policy', () => {
  it('accepts its defaults', () => {
    expect(redFlagPolicySchema.parse(DEFAULT_RED_FLAG_POLICY)).toEqual(DEFAULT_RED_FLAG_POLICY);
  });

  it.each([
    ['a fractional basis point', { overEstimateBasisPoints: 1.5 }],
    ['a CPV group of 1 digit', { splitting: { ...DEFAULT_RED_FLAG_POLICY.splitting, cpvGroupDigits: 1 } }],
    [
      'a threshold with decimals',
      { splitting: { ...DEFAULT_RED_FLAG_POLICY.splitting, thresholds: { EUR: '1.5' } } },
    ],
    ['an unknown field', { surprise: true }],
  ])('refuses %s', (_name, change) => {
    expect(redFlagPolicySchema.safeParse({ ...DEFAULT_RED_FLAG_POLICY, ...change }).success).toBe(false);
  });
});
