import { awardOverEstimateFlag } from './award';
import { DEFAULT_RED_FLAG_POLICY } from './policy';

const eur = (amount: string) => ({ amount, currency: 'EUR' });
const estimate = eur('10000000');
// Default 1000 basis points: 10% over 100,000.00 EUR is 110,000.00 EUR.

describe('PL-OVER-ESTIMATE award above the estimate', () => {
  it('is not raised exactly at the threshold', () => {
    expect(awardOverEstimateFlag(eur('11000000'), estimate, DEFAULT_RED_FLAG_POLICY)).toBeUndefined();
  });

  it('is not raised one minor unit below the threshold', () => {
    expect(awardOverEstimateFlag(eur('10999999'), estimate, DEFAULT_RED_FLAG_POLICY)).toBeUndefined();
  });

  it('is raised one minor unit above the threshold', () => {
    expect(awardOverEstimateFlag(eur('11000001'), estimate, DEFAULT_RED_FLAG_POLICY)).toEqual({
      code: 'PL-OVER-ESTIMATE',
      evidence: {
        awardValue: eur('11000001'),
        estimatedValue: estimate,
        excessBasisPoints: '1000',
        threshold: { basisPoints: 1000 },
      },
    });
  });

  it('compares exactly where a fractional basis point matters', () => {
    const policy = { ...DEFAULT_RED_FLAG_POLICY, overEstimateBasisPoints: 1 };
    // 3 minor units over 30,000: exactly 1 basis point; 1 unit more is over.
    expect(awardOverEstimateFlag(eur('30003'), eur('30000'), policy)).toBeUndefined();
    expect(awardOverEstimateFlag(eur('30004'), eur('30000'), policy)?.evidence.excessBasisPoints).toBe('1');
  });

  it('handles amounts beyond 2^53 minor units and a zero estimate', () => {
    expect(
      awardOverEstimateFlag(eur('999999999999999999'), eur('900000000000000000'), DEFAULT_RED_FLAG_POLICY)
        ?.code,
    ).toBe('PL-OVER-ESTIMATE');
    const flag = awardOverEstimateFlag(eur('1'), eur('0'), DEFAULT_RED_FLAG_POLICY);
    expect(flag?.evidence).toEqual({
      awardValue: eur('1'),
      estimatedValue: eur('0'),
      threshold: { basisPoints: 1000 },
    });
  });

  it('does not compare different currencies', () => {
    expect(
      awardOverEstimateFlag({ amount: '99999999', currency: 'USD' }, estimate, DEFAULT_RED_FLAG_POLICY),
    ).toBeUndefined();
  });
});
