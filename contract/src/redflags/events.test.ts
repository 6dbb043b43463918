import { EXAMPLE_AWARD, EXAMPLE_BIDS, EXAMPLE_TENDER } from '../ocds/example';
import { awardIndexEntryOf, flagsAtAmendment, flagsAtAward, flagsAtPublish } from './events';
import { DEFAULT_RED_FLAG_POLICY } from './policy';

const policy = DEFAULT_RED_FLAG_POLICY;

describe('flags per event', () => {
  it('at publication: R003 for a period under 15 days, nothing for a month', () => {
    expect(flagsAtPublish(EXAMPLE_TENDER, '2026-02-20T09:00:00Z', policy).map((f) => f.code)).toEqual([
      'R003',
    ]);
    expect(flagsAtPublish(EXAMPLE_TENDER, '2026-02-01T09:00:00Z', policy)).toEqual([]);
  });

  it('at amendment: the late deadline move', () => {
    const before = {
      submissionDeadline: EXAMPLE_TENDER.submissionDeadline,
      awardCriteria: EXAMPLE_TENDER.awardCriteria,
    };
    const after = { ...before, submissionDeadline: '2026-03-08T12:00:00Z' };
    expect(flagsAtAmendment(before, after, '2026-02-27T12:00:00Z', policy).map((f) => f.code)).toEqual([
      'PL-LATE-AMENDMENT',
    ]);
    expect(flagsAtAmendment(before, after, '2026-02-20T12:00:00Z', policy)).toEqual([]);
  });

  it('at award: every flag the award raises, in code order', () => {
    const single = EXAMPLE_BIDS.filter((b) => b.bidId === 'B1');
    const award = { ...EXAMPLE_AWARD, price: { amount: '11000001', currency: 'EUR' } };
    const earlier = [
      {
        ...awardIndexEntryOf(EXAMPLE_AWARD, EXAMPLE_TENDER),
        tenderId: 'T-7',
        agency: 'HealthMSP',
        price: { amount: '5300000', currency: 'EUR' },
      },
    ];
    const flags = flagsAtAward({
      tender: EXAMPLE_TENDER,
      bids: single,
      award,
      earlierAwards: earlier,
      policy,
    });
    expect(flags.map((f) => f.code)).toEqual(['R018', 'R035', 'R036', 'PL-OVER-ESTIMATE', 'PL-SPLIT']);
  });

  it('at award: nothing for a clean award', () => {
    const clean = {
      ...EXAMPLE_AWARD,
      ranking: EXAMPLE_AWARD.ranking.map((r) =>
        r.bidId === 'B2' ? { ...r, compliant: true, price: { amount: '9100000', currency: 'EUR' } } : r,
      ),
    };
    const bids = EXAMPLE_BIDS.map((b) =>
      b.bidId === 'B2' ? { ...b, price: { amount: '9100000', currency: 'EUR' } } : b,
    );
    expect(flagsAtAward({ tender: EXAMPLE_TENDER, bids, award: clean, earlierAwards: [], policy })).toEqual(
      [],
    );
  });
});
