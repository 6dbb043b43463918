import type { BidRecord, RankingEntry } from '../schemas/records';
import {
  allButWinnerDisqualifiedFlag,
  identicalBidPricesFlag,
  lowestBidDisqualifiedFlag,
  singleBidFlag,
} from './bids';

const bid = (bidId: string, vendorId: string, status: BidRecord['status'], amount?: string): BidRecord => ({
  tenderId: 'T',
  bidId,
  vendorId,
  commitment: '0'.repeat(64),
  committedAt: '2026-01-01T00:00:00Z',
  txId: `tx-${bidId}`,
  status,
  beforeAmendment: false,
  ...(amount === undefined ? {} : { price: { amount, currency: 'EUR' } }),
});

const entry = (bidId: string, compliant: boolean, amount?: string): RankingEntry => ({
  bidId,
  vendorId: `V-${bidId}`,
  compliant,
  ...(amount === undefined ? {} : { price: { amount, currency: 'EUR' } }),
  ...(compliant ? {} : { reason: 'overBudget' as const }),
});

describe('R018 single bid on an open procedure', () => {
  it('is raised for exactly one bid in force', () => {
    const bids = [
      bid('B1', 'V1', 'opened', '100'),
      bid('B0', 'V1', 'replaced'),
      bid('B2', 'V2', 'withdrawn'),
    ];
    expect(singleBidFlag('open', bids)).toEqual({
      code: 'R018',
      evidence: { procedure: 'open', bidsReceived: 1, bidIds: ['B1'], threshold: { maxBids: 1 } },
    });
  });

  it('is not raised for no bid or two bids', () => {
    expect(singleBidFlag('open', [])).toBeUndefined();
    expect(
      singleBidFlag('open', [bid('B1', 'V1', 'sealed'), bid('B2', 'V2', 'opened', '5')]),
    ).toBeUndefined();
  });

  it('is not raised on a restricted procedure', () => {
    expect(singleBidFlag('restricted', [bid('B1', 'V1', 'opened', '100')])).toBeUndefined();
  });
});

describe('R028 identical bid prices', () => {
  it('is raised when two vendors revealed the same price, listing each group', () => {
    const bids = [
      bid('B3', 'V3', 'opened', '500'),
      bid('B1', 'V1', 'opened', '1000'),
      bid('B2', 'V2', 'opened', '1000'),
      bid('B4', 'V4', 'opened', '500'),
      bid('B5', 'V5', 'opened', '700'),
    ];
    expect(identicalBidPricesFlag(bids)).toEqual({
      code: 'R028',
      evidence: {
        groups: [
          { price: { amount: '500', currency: 'EUR' }, bidIds: ['B3', 'B4'], vendorIds: ['V3', 'V4'] },
          { price: { amount: '1000', currency: 'EUR' }, bidIds: ['B1', 'B2'], vendorIds: ['V1', 'V2'] },
        ],
        threshold: { minVendorsAtSamePrice: 2 },
      },
    });
  });

  it('is not raised one minor unit apart', () => {
    expect(
      identicalBidPricesFlag([bid('B1', 'V1', 'opened', '1000'), bid('B2', 'V2', 'opened', '1001')]),
    ).toBeUndefined();
  });

  it('ignores the same vendor, withdrawn or unrevealed bids, and other currencies', () => {
    const usd = { ...bid('B4', 'V4', 'opened'), price: { amount: '1000', currency: 'USD' } };
    const bids = [
      bid('B1', 'V1', 'opened', '1000'),
      bid('B0', 'V1', 'replaced', '1000'),
      bid('B2', 'V2', 'withdrawn', '1000'),
      usd,
    ];
    expect(identicalBidPricesFlag(bids)).toBeUndefined();
  });
});

describe('R035 all bids except the winner disqualified', () => {
  it('is raised when every other bid is disqualified', () => {
    expect(
      allButWinnerDisqualifiedFlag('B1', [
        entry('B1', true, '100'),
        entry('B2', false, '90'),
        entry('B3', false),
      ]),
    ).toEqual({
      code: 'R035',
      evidence: {
        winningBidId: 'B1',
        bidsEvaluated: 3,
        disqualified: [
          { bidId: 'B2', vendorId: 'V-B2', reason: 'overBudget' },
          { bidId: 'B3', vendorId: 'V-B3', reason: 'overBudget' },
        ],
        threshold: { maxCompliantOtherBids: 0 },
      },
    });
  });

  it('is not raised with one other compliant bid, nor with no other bid', () => {
    expect(
      allButWinnerDisqualifiedFlag('B1', [entry('B1', true), entry('B2', false), entry('B3', true)]),
    ).toBeUndefined();
    expect(allButWinnerDisqualifiedFlag('B1', [entry('B1', true)])).toBeUndefined();
  });
});

describe('R036 lowest bid disqualified under lowest price', () => {
  it('is raised when a disqualified bid is one minor unit below the cheapest compliant bid', () => {
    expect(
      lowestBidDisqualifiedFlag('lowestPrice', 'EUR', [entry('B1', true, '1000'), entry('B2', false, '999')]),
    ).toEqual({
      code: 'R036',
      evidence: {
        bidId: 'B2',
        vendorId: 'V-B2',
        price: { amount: '999', currency: 'EUR' },
        reason: 'overBudget',
        lowestCompliantPrice: { amount: '1000', currency: 'EUR' },
        threshold: { method: 'lowestPrice' },
      },
    });
  });

  it('is not raised at the same price or one minor unit above', () => {
    expect(
      lowestBidDisqualifiedFlag('lowestPrice', 'EUR', [
        entry('B1', true, '1000'),
        entry('B2', false, '1000'),
      ]),
    ).toBeUndefined();
    expect(
      lowestBidDisqualifiedFlag('lowestPrice', 'EUR', [
        entry('B1', true, '1000'),
        entry('B2', false, '1001'),
      ]),
    ).toBeUndefined();
  });

  it('is raised when no bid is compliant, and compares amounts as integers, not text', () => {
    const flag = lowestBidDisqualifiedFlag('lowestPrice', 'EUR', [
      entry('B1', false, '900'),
      entry('B2', false, '1000'),
    ]);
    expect(flag?.evidence).toMatchObject({ bidId: 'B1', price: { amount: '900' } });
    expect(flag?.evidence).not.toHaveProperty('lowestCompliantPrice');
  });

  it('is not raised under best price-quality, for unpriced bids, or for another currency', () => {
    expect(
      lowestBidDisqualifiedFlag('bestPriceQuality', 'EUR', [
        entry('B1', true, '1000'),
        entry('B2', false, '1'),
      ]),
    ).toBeUndefined();
    expect(
      lowestBidDisqualifiedFlag('lowestPrice', 'EUR', [entry('B1', true, '1000'), entry('B2', false)]),
    ).toBeUndefined();
    expect(
      lowestBidDisqualifiedFlag('lowestPrice', 'USD', [entry('B1', true, '1000'), entry('B2', false, '1')]),
    ).toBeUndefined();
  });
});
