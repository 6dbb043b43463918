import type { BidRecord } from '@procurement/contract';
import { bid as bidRecord } from '@procurement/contract/testing';
import {
  complianceOf,
  criterionComponent,
  priceComponent,
  rankBids,
  tieBreak,
  type RankingInput,
} from './ranking';

const bid = (
  bidId: string,
  vendorId: string,
  amount: string | undefined,
  committedAt = '2026-03-03T00:00:00.000Z',
): BidRecord =>
  bidRecord({
    tenderId: 'T',
    bidId,
    vendorId,
    commitment: '0'.repeat(64),
    committedAt,
    txId: 'tx',
    status: amount === undefined ? 'unopenable' : 'opened',
    ...(amount === undefined ? {} : { price: { amount, currency: 'EUR' } }),
  });

const base = (bids: BidRecord[], over: Partial<RankingInput> = {}): RankingInput => ({
  criteria: { method: 'lowestPrice' },
  currency: 'EUR',
  bids,
  debarred: new Set(),
  committee: [],
  recused: new Set(),
  evaluations: [],
  ...over,
});

const bpq: RankingInput['criteria'] = {
  method: 'bestPriceQuality',
  priceWeight: 50,
  criteria: [{ id: 'q', name: 'Quality', weight: 50, maxScore: 3 }],
};

describe('scoring components', () => {
  it('when the price is the lowest, then the price component is the full weight in basis points', () => {
    expect(priceComponent(60, 100n, 100n)).toBe(6000);
  });
  it('when the price is higher, then the price component is floored', () => {
    expect(priceComponent(60, 2n, 3n)).toBe(4000);
    expect(priceComponent(10, 1n, 3n)).toBe(333);
  });
  it('when a bid is free, then it scores the full price weight', () => {
    expect(priceComponent(60, 0n, 0n)).toBe(6000);
    expect(priceComponent(60, 0n, 5n)).toBe(0);
  });
  it('when money exceeds 2^53, then BigInt keeps it exact', () => {
    expect(priceComponent(100, 999_999_999_999_999_998n, 999_999_999_999_999_999n)).toBe(9999);
  });
  it('when three evaluators give 2, 2 and 3 out of 3 at weight 50, then the criterion scores floor(5000*7/9)', () => {
    expect(criterionComponent(50, 7, 3, 3)).toBe(3888);
  });
});

describe('compliance', () => {
  it('when a bid was never opened, then it is unopenable', () => {
    expect(complianceOf(bid('b', 'v', undefined), base([]))).toBe('unopenable');
  });
  it('when the price is in another currency, then it is currencyMismatch', () => {
    expect(complianceOf({ ...bid('b', 'v', '1'), price: { amount: '1', currency: 'USD' } }, base([]))).toBe(
      'currencyMismatch',
    );
  });
  it('when the price is over the ceiling, then it is overBudget, and at the ceiling it complies', () => {
    const input = base([], { budgetCeiling: { amount: '100', currency: 'EUR' } });
    expect(complianceOf(bid('b', 'v', '101'), input)).toBe('overBudget');
    expect(complianceOf(bid('b', 'v', '100'), input)).toBeUndefined();
  });
  it('when the vendor is debarred, then it is debarred', () => {
    expect(complianceOf(bid('b', 'v', '1'), base([], { debarred: new Set(['v']) }))).toBe('debarred');
  });
});

describe('ranking', () => {
  it('when lowest price, then bids rank by price and ties go to the earliest commitment, then the smaller vendorId', () => {
    const ranking = rankBids(
      base([
        bid('b1', 'V2', '100', '2026-03-03T00:00:02.000Z'),
        bid('b2', 'V1', '100', '2026-03-03T00:00:02.000Z'),
        bid('b3', 'V3', '100', '2026-03-03T00:00:01.000Z'),
        bid('b4', 'V4', '90'),
        bid('b5', 'V5', undefined),
      ]),
    );
    expect(ranking.map((r) => [r.bidId, r.rank, r.reason])).toEqual([
      ['b4', 1, undefined],
      ['b3', 2, undefined],
      ['b2', 3, undefined],
      ['b1', 4, undefined],
      ['b5', undefined, 'unopenable'],
    ]);
  });

  it('when every bid is non-compliant, then nothing can be awarded (CONFLICT)', () => {
    expect(() => rankBids(base([bid('b', 'v', undefined)]))).toThrow(/^CONFLICT: no compliant bid/);
  });

  it('when best price-quality, then scores sum floored components and recused members are left out', () => {
    const input = base([bid('cheap', 'V1', '100'), bid('good', 'V2', '200')], {
      criteria: bpq,
      committee: ['e1', 'e2', 'e3'],
      recused: new Set(['e3']),
      evaluations: [
        { bidId: 'cheap', evaluator: 'e1', scores: { q: 1 } },
        { bidId: 'cheap', evaluator: 'e2', scores: { q: 0 } },
        { bidId: 'good', evaluator: 'e1', scores: { q: 3 } },
        { bidId: 'good', evaluator: 'e2', scores: { q: 3 } },
        { bidId: 'good', evaluator: 'e3', scores: { q: 0 } },
      ],
    });
    const ranking = rankBids(input);
    // cheap: 5000 + floor(5000*1/6)=833 -> 5833; good: 2500 + 5000 -> 7500
    expect(ranking.map((r) => [r.bidId, r.score])).toEqual([
      ['good', 7500],
      ['cheap', 5833],
    ]);
  });

  it('when equal scores, then the earliest commitment wins', () => {
    const input = base(
      [
        bid('late', 'V1', '100', '2026-03-03T00:00:09.000Z'),
        bid('early', 'V2', '100', '2026-03-03T00:00:01.000Z'),
      ],
      {
        criteria: bpq,
        committee: ['e1'],
        evaluations: [
          { bidId: 'late', evaluator: 'e1', scores: { q: 2 } },
          { bidId: 'early', evaluator: 'e1', scores: { q: 2 } },
        ],
      },
    );
    expect(rankBids(input)[0]?.bidId).toBe('early');
  });

  it('when a member has not scored a compliant bid, then the award is refused (CONFLICT)', () => {
    const input = base([bid('a', 'V1', '100')], {
      criteria: bpq,
      committee: ['e1', 'e2'],
      evaluations: [{ bidId: 'a', evaluator: 'e1', scores: { q: 1 } }],
    });
    expect(() => rankBids(input)).toThrow(/^CONFLICT: evaluator e2 has not scored bid a/);
  });

  it('when every member recused, then the award is refused (CONFLICT)', () => {
    const input = base([bid('a', 'V1', '100')], {
      criteria: bpq,
      committee: ['e1'],
      recused: new Set(['e1']),
    });
    expect(() => rankBids(input)).toThrow(/^CONFLICT: every committee member has recused/);
  });

  it('when the tie-break compares identical bids, then it is zero only for the same bid', () => {
    const x = bid('a', 'V1', '1');
    expect(tieBreak(x, x)).toBe(0);
    expect(tieBreak(x, { ...x, bidId: 'b' })).toBe(-1);
    expect(tieBreak({ ...x, bidId: 'b' }, x)).toBe(1);
  });
});
