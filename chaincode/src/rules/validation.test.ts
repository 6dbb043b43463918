import { amendTenderSchema, bidContentSchema, createTenderSchema } from '@procurement/contract';
import { checkCreateDeadlines, checkScores, parseJson, check, checkChangesCurrency } from './validation';

const NOW = Date.parse('2026-03-02T09:00:00.000Z');
const good = {
  id: 'T-1',
  title: 'Roads',
  description: 'Resurfacing',
  cpv: '45233140-2',
  estimatedValue: { amount: '100', currency: 'EUR' },
  procedure: 'open',
  submissionDeadline: '2026-05-01T00:00:00Z',
  openingDeadline: '2026-05-03T00:00:00Z',
  awardCriteria: {
    method: 'bestPriceQuality',
    priceWeight: 60,
    criteria: [{ id: 'q', name: 'Q', weight: 40, maxScore: 10 }],
  },
  evaluators: ['eva1'],
  documents: [],
};
const parse = (over: Record<string, unknown>): unknown =>
  parseJson(JSON.stringify({ ...good, ...over }), createTenderSchema, 'tender');

describe('tender input validation', () => {
  it('when everything is well formed, then it parses', () => {
    expect(parse({})).toMatchObject({ id: 'T-1' });
  });
  it.each([
    ['a bad id', { id: 'T 1' }, /id:/],
    [
      'a money amount with a leading zero',
      { estimatedValue: { amount: '0100', currency: 'EUR' } },
      /estimatedValue.amount/,
    ],
    ['a lower-case currency', { estimatedValue: { amount: '1', currency: 'eur' } }, /currency/],
    ['a non-RFC 3339 deadline', { submissionDeadline: 'tomorrow' }, /submissionDeadline/],
    [
      'weights not summing to 100',
      {
        awardCriteria: {
          method: 'bestPriceQuality',
          priceWeight: 50,
          criteria: [{ id: 'q', name: 'Q', weight: 40, maxScore: 10 }],
        },
      },
      /sum to 90/,
    ],
    [
      'fractional weights',
      {
        awardCriteria: {
          method: 'bestPriceQuality',
          priceWeight: 59.5,
          criteria: [{ id: 'q', name: 'Q', weight: 40.5, maxScore: 10 }],
        },
      },
      /integer/,
    ],
    [
      'duplicate criteria',
      {
        awardCriteria: {
          method: 'bestPriceQuality',
          priceWeight: 60,
          criteria: [
            { id: 'q', name: 'Q', weight: 20, maxScore: 10 },
            { id: 'q', name: 'R', weight: 20, maxScore: 10 },
          ],
        },
      },
      /unique/,
    ],
    [
      'maxScore over 1000',
      {
        awardCriteria: {
          method: 'bestPriceQuality',
          priceWeight: 60,
          criteria: [{ id: 'q', name: 'Q', weight: 40, maxScore: 1001 }],
        },
      },
      /maxScore/,
    ],
    ['no evaluators', { evaluators: [] }, /evaluators/],
    ['duplicate evaluators', { evaluators: ['a', 'a'] }, /unique/],
    ['21 evaluators', { evaluators: Array.from({ length: 21 }, (_, i) => `e${i}`) }, /evaluators/],
    [
      '51 documents',
      { documents: Array.from({ length: 51 }, () => ({ name: 'd', sha256: 'a'.repeat(64) })) },
      /documents/,
    ],
    ['an upper-case hash', { documents: [{ name: 'd', sha256: 'A'.repeat(64) }] }, /sha256/],
    [
      'a ceiling in another currency',
      { budgetCeiling: { amount: '1', currency: 'USD' } },
      /budgetCeiling currency/,
    ],
    ['an unknown field', { extra: 1 }, /Unrecognized key/],
  ])('when the input has %s, then it is INVALID_ARGUMENT', (_what, over, message) => {
    expect(() => parse(over)).toThrow(/^INVALID_ARGUMENT/);
    expect(() => parse(over)).toThrow(message);
  });
  it('when the body is not JSON, then it is INVALID_ARGUMENT', () => {
    expect(() => parseJson('{', createTenderSchema, 'tender')).toThrow(
      /^INVALID_ARGUMENT: tender is not valid JSON/,
    );
  });
  it('when the deadlines are in the past or out of order, then it is INVALID_ARGUMENT', () => {
    expect(() => {
      checkCreateDeadlines(
        { submissionDeadline: '2026-03-02T09:00:00Z', openingDeadline: '2026-05-03T00:00:00Z' },
        NOW,
      );
    }).toThrow(/in the future/);
    expect(() => {
      checkCreateDeadlines(
        { submissionDeadline: '2026-05-03T00:00:00Z', openingDeadline: '2026-05-03T00:00:00Z' },
        NOW,
      );
    }).toThrow(/after submissionDeadline/);
  });
  it('when an amendment changes nothing, then it is INVALID_ARGUMENT', () => {
    expect(() => check({ reason: 'r', changes: {} }, amendTenderSchema, 'amendment')).toThrow(
      /must change something/,
    );
    expect(() => {
      checkChangesCurrency({ budgetCeiling: { amount: '1', currency: 'USD' } }, 'EUR');
    }).toThrow(/currency/);
    expect(() => {
      checkChangesCurrency({}, 'EUR');
    }).not.toThrow();
  });
});

describe('scores and sealed bids', () => {
  const bpq = {
    method: 'bestPriceQuality' as const,
    priceWeight: 60,
    criteria: [{ id: 'q', name: 'Q', weight: 40, maxScore: 10 }],
  };
  it('when scores miss or add a criterion or exceed maxScore, then they are refused', () => {
    expect(() => {
      checkScores(bpq, { q: 10 });
    }).not.toThrow();
    expect(() => {
      checkScores(bpq, {});
    }).toThrow(/exactly the criteria q/);
    expect(() => {
      checkScores(bpq, { q: 1, r: 1 });
    }).toThrow(/exactly/);
    expect(() => {
      checkScores(bpq, { q: 11 });
    }).toThrow(/at most 10/);
    expect(() => {
      checkScores({ method: 'lowestPrice' }, { q: 1 });
    }).toThrow(/no scores/);
    expect(() => {
      checkScores({ method: 'lowestPrice' }, {});
    }).not.toThrow();
  });
  it('when the proposal is too large or not an object, then the bid content is refused', () => {
    const bid = {
      price: { amount: '1', currency: 'EUR' },
      technicalProposal: {},
      documents: [],
    };
    expect(check(bid, bidContentSchema, 'bid')).toEqual(bid);
    expect(() => check({ ...bid, salt: 'ab' }, bidContentSchema, 'bid')).toThrow(/INVALID_ARGUMENT/);
    expect(() =>
      check({ ...bid, technicalProposal: { x: 'y'.repeat(70_000) } }, bidContentSchema, 'bid'),
    ).toThrow(/too large/);
    expect(() => check({ ...bid, technicalProposal: [] }, bidContentSchema, 'bid')).toThrow(
      /INVALID_ARGUMENT/,
    );
  });
});
