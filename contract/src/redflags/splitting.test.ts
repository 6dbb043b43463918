import { DAY_SECONDS, DEFAULT_RED_FLAG_POLICY } from './policy';
import {
  AWARDS_BY_VENDOR_CPV_INDEX,
  type AwardIndexEntry,
  awardIndexKey,
  awardIndexPrefix,
  contractSplittingFlag,
  cpvGroup,
} from './splitting';

const now = '2026-06-30T12:00:00Z';
const before = (seconds: number) => new Date(Date.parse(now) - seconds * 1000).toISOString();
// Default threshold 143,000.00 EUR = 14300000 minor units; window 90 days; CPV group of 3 digits.
const award = (
  tenderId: string,
  agency: string,
  amount: string,
  awardedAt = now,
  cpv = '45233140-2',
): AwardIndexEntry => ({
  tenderId,
  agency,
  vendorId: 'V1',
  cpv,
  price: { amount, currency: 'EUR' },
  awardedAt,
});
const health = (amount: string, awardedAt = before(30 * DAY_SECONDS), cpv = '45210000-2') =>
  award('T-H', 'HealthMSP', amount, awardedAt, cpv);
const works = award('T-W', 'PublicWorksMSP', '7200000');

describe('PL-SPLIT cross-agency contract splitting', () => {
  it('is raised when two agencies each award under the threshold and together over it', () => {
    expect(contractSplittingFlag(works, [health('7100001')], DEFAULT_RED_FLAG_POLICY)).toEqual({
      code: 'PL-SPLIT',
      evidence: {
        vendorId: 'V1',
        cpvGroup: '452',
        currency: 'EUR',
        total: '14300001',
        awards: [
          { tenderId: 'T-H', agency: 'HealthMSP', awardedAt: before(30 * DAY_SECONDS), amount: '7100001' },
          { tenderId: 'T-W', agency: 'PublicWorksMSP', awardedAt: now, amount: '7200000' },
        ],
        agencies: ['HealthMSP', 'PublicWorksMSP'],
        threshold: { amount: '14300000', windowSeconds: 90 * DAY_SECONDS, cpvGroupDigits: 3 },
      },
    });
  });

  it('is not raised when the total is exactly the threshold, or one minor unit under', () => {
    expect(contractSplittingFlag(works, [health('7100000')], DEFAULT_RED_FLAG_POLICY)).toBeUndefined();
    expect(contractSplittingFlag(works, [health('7099999')], DEFAULT_RED_FLAG_POLICY)).toBeUndefined();
  });

  it('counts an award exactly 90 days old, not one 90 days and a second, nor on day 91', () => {
    const at = (seconds: number) =>
      contractSplittingFlag(works, [health('7100001', before(seconds))], DEFAULT_RED_FLAG_POLICY);
    expect(at(90 * DAY_SECONDS)?.code).toBe('PL-SPLIT');
    expect(at(90 * DAY_SECONDS + 1)).toBeUndefined();
    expect(at(91 * DAY_SECONDS)).toBeUndefined();
  });

  it('leaves out awards at or above the threshold: each award must be below it', () => {
    expect(
      contractSplittingFlag(
        award('T-W', 'PublicWorksMSP', '14300000'),
        [health('1')],
        DEFAULT_RED_FLAG_POLICY,
      ),
    ).toBeUndefined();
    expect(contractSplittingFlag(works, [health('14300000')], DEFAULT_RED_FLAG_POLICY)).toBeUndefined();
    const three = contractSplittingFlag(
      works,
      [health('14300000'), health('7100001', before(DAY_SECONDS))],
      DEFAULT_RED_FLAG_POLICY,
    );
    expect(three?.evidence.total).toBe('14300001');
  });

  it('sums every award of the window, also from the same agency, and lists the agencies once', () => {
    const earlier = [
      award('T-1', 'PublicWorksMSP', '5000000', before(10)),
      award('T-2', 'HealthMSP', '5000000', before(20)),
    ];
    const flag = contractSplittingFlag(
      award('T-3', 'PublicWorksMSP', '5000000'),
      earlier,
      DEFAULT_RED_FLAG_POLICY,
    );
    expect(flag?.evidence).toMatchObject({ total: '15000000', agencies: ['HealthMSP', 'PublicWorksMSP'] });
    expect((flag?.evidence.awards as { tenderId: string }[]).map((a) => a.tenderId)).toEqual([
      'T-2',
      'T-1',
      'T-3',
    ]);
  });

  it('ignores another vendor, another CPV group, another currency, the same tender and later awards', () => {
    const others = [
      { ...health('9000000'), vendorId: 'V2' },
      health('9000000', before(DAY_SECONDS), '45310000-3'),
      { ...health('9000000'), price: { amount: '9000000', currency: 'USD' } },
      award('T-W', 'PublicWorksMSP', '9000000', before(DAY_SECONDS)),
      health('9000000', '2026-07-01T00:00:00Z'),
    ];
    expect(contractSplittingFlag(works, others, DEFAULT_RED_FLAG_POLICY)).toBeUndefined();
  });

  it('gives the same evidence whatever order the earlier awards come in', () => {
    const earlier = [
      award('T-1', 'HealthMSP', '5000000', before(10)),
      award('T-2', 'PublicWorksMSP', '5000000', before(10)),
    ];
    const flag = contractSplittingFlag(
      award('T-3', 'DefenceMSP', '5000000'),
      earlier,
      DEFAULT_RED_FLAG_POLICY,
    );
    const reversed = contractSplittingFlag(
      award('T-3', 'DefenceMSP', '5000000'),
      [...earlier].reverse(),
      DEFAULT_RED_FLAG_POLICY,
    );
    expect(JSON.stringify(reversed)).toBe(JSON.stringify(flag));
    expect(flag?.evidence.agencies).toEqual(['DefenceMSP', 'HealthMSP', 'PublicWorksMSP']);
  });

  it('checks nothing in a currency without a threshold', () => {
    const usd = (e: AwardIndexEntry) => ({ ...e, price: { ...e.price, currency: 'USD' } });
    expect(
      contractSplittingFlag(usd(works), [usd(health('9000000'))], DEFAULT_RED_FLAG_POLICY),
    ).toBeUndefined();
  });

  it('groups CPV codes by the policy digits', () => {
    const policy = {
      ...DEFAULT_RED_FLAG_POLICY,
      splitting: { ...DEFAULT_RED_FLAG_POLICY.splitting, cpvGroupDigits: 4 },
    };
    expect(contractSplittingFlag(works, [health('7100001')], policy)).toBeUndefined();
    expect(
      contractSplittingFlag(works, [health('7100001', before(60), '45230000-8')], policy)?.evidence.cpvGroup,
    ).toBe('4523');
  });
});

describe('the awards-by-vendor-and-CPV index', () => {
  it('keys an award by vendor, each CPV digit, then tender', () => {
    expect(awardIndexKey({ vendorId: 'V1', cpv: '45233140-2', tenderId: 'T-9' })).toEqual({
      objectType: AWARDS_BY_VENDOR_CPV_INDEX,
      attributes: ['V1', '4', '5', '2', '3', '3', '1', '4', '0', 'T-9'],
    });
  });

  it('selects a CPV group of any length with a partial key that prefixes exactly its awards', () => {
    const prefix = awardIndexPrefix('V1', '45233140-2', 3);
    expect(prefix.attributes).toEqual(['V1', '4', '5', '2']);
    const inGroup = awardIndexKey({ vendorId: 'V1', cpv: '45210000-2', tenderId: 'T-1' }).attributes;
    const outOfGroup = awardIndexKey({ vendorId: 'V1', cpv: '45310000-3', tenderId: 'T-2' }).attributes;
    const otherVendor = awardIndexKey({ vendorId: 'V2', cpv: '45233140-2', tenderId: 'T-3' }).attributes;
    const starts = (attributes: string[]) => prefix.attributes.every((a, i) => attributes[i] === a);
    expect([inGroup, outOfGroup, otherVendor].map(starts)).toEqual([true, false, false]);
  });

  it('refuses a malformed CPV code or group length', () => {
    expect(cpvGroup('45233140', 2)).toBe('45');
    expect(() => cpvGroup('4523', 2)).toThrow(RangeError);
    expect(() => cpvGroup('45233140-2', 9)).toThrow(RangeError);
    expect(() => awardIndexPrefix('V1', '45233140-2', 0)).toThrow(RangeError);
  });
});
