/**
 * Deadlines hold by the endorser's clock too (issue 10 §2), the policy's clock tolerance is capped, the
 * opening deadline has an upper bound (§3), and a published tender keeps the periods it was published
 * under. Each attack is tried and refused with the ledger unchanged.
 */
import type { Award, Policy, Tender } from '@procurement/contract';
import { canonical } from '../ledger/canonical';
import { Ledger } from '../testing/harness';
import {
  createAndPublish,
  DAY,
  iso,
  OPENING,
  placeBid,
  placeUnopenableBid,
  policyRules,
  prepareIdentities,
  releaseShares,
  registerVendors,
  setPolicy,
  SUBMISSION,
  T0,
  tenderInput,
  WHO,
} from '../testing/fixtures';

beforeAll(prepareIdentities);

const SECOND = 1000;
const amend = (changes: object) => canonical({ reason: 'clarify scope', changes });

/** A lowest-price tender with one opened and one unopenable bid, at the opening deadline. */
async function opened(): Promise<Ledger> {
  const ledger = new Ledger(T0);
  await registerVendors(ledger, WHO.vendorA, WHO.vendorB);
  await createAndPublish(ledger, tenderInput({ awardCriteria: { method: 'lowestPrice' } }));
  await placeBid(ledger, WHO.vendorA, 'T-1', 'bid-a', '90000000');
  await placeUnopenableBid(ledger, WHO.vendorB, 'T-1', 'bid-b');
  ledger.nowMs = SUBMISSION;
  await releaseShares(ledger, 'T-1');
  ledger.nowMs = OPENING;
  return ledger;
}

async function awarded(): Promise<{ ledger: Ledger; award: Award }> {
  const ledger = await opened();
  return { ledger, award: await ledger.ok<Award>(WHO.officer, 'award:Make', ['T-1']) };
}

describe('a back-dated transaction after a deadline (the endorser clock is past it)', () => {
  it('when an amendment is dated 10 s before the submission deadline but endorsed 10 s after it, then DEADLINE_PASSED and nothing changes', async () => {
    const ledger = new Ledger(T0);
    await createAndPublish(ledger);
    ledger.nowMs = SUBMISSION - 10 * SECOND;
    ledger.endorserOffsetMs = 20 * SECOND; // within the 30 s transit tolerance
    expect(await ledger.refused(WHO.officer, 'tender:Amend', ['T-1', amend({ title: 'late' })])).toMatch(
      /^DEADLINE_PASSED/,
    );
  });

  it('when a challenge is dated before the end of the standstill but endorsed after it, then DEADLINE_PASSED and nothing changes', async () => {
    const { ledger, award } = await awarded();
    ledger.nowMs = Date.parse(award.standstillEndsAt) - 5 * SECOND;
    ledger.endorserOffsetMs = 10 * SECOND;
    expect(await ledger.refused(WHO.vendorB, 'award:LodgeChallenge', ['T-1', 'ch-1', 'late'])).toMatch(
      /^DEADLINE_PASSED: the standstill period has ended/,
    );
  });
});

describe('a forward-dated transaction before a moment has come (the endorser clock is not there yet)', () => {
  it('when an award is dated a minute after the opening deadline but endorsed before it, then TOO_EARLY', async () => {
    const ledger = new Ledger(T0);
    await createAndPublish(ledger, tenderInput({ awardCriteria: { method: 'lowestPrice' } }));
    ledger.nowMs = OPENING + 60 * SECOND;
    ledger.endorserOffsetMs = -90 * SECOND;
    expect(await ledger.refused(WHO.officer, 'award:Make', ['T-1'])).toMatch(/^TOO_EARLY/);
  });

  it('when a contract is dated after the standstill but endorsed during it, then TOO_EARLY', async () => {
    const { ledger, award } = await awarded();
    ledger.nowMs = Date.parse(award.standstillEndsAt) + 60 * SECOND;
    ledger.endorserOffsetMs = -90 * SECOND;
    expect(await ledger.refused(WHO.officer, 'award:RecordContract', ['T-1', canonical({})])).toMatch(
      /^TOO_EARLY/,
    );
  });
});

describe('endorsers whose clocks straddle a deadline', () => {
  it('when one endorser is past the submission deadline and the other is not, then the amendment fails as DEADLINE_PASSED and nothing changes', async () => {
    const ledger = new Ledger(T0);
    await createAndPublish(ledger);
    const before = ledger.stub.snapshot();
    ledger.nowMs = SUBMISSION - 2 * SECOND;
    const split = await ledger.endorse(
      WHO.officer,
      'tender:Amend',
      ['T-1', amend({ title: 'x' })],
      [0, 3000],
    );
    expect(split.error?.message).toMatch(/^DEADLINE_PASSED/);
    expect(ledger.stub.snapshot()).toBe(before);
    // Both endorsers before the deadline: they agree, and the amendment (with its extension) is written once.
    const agreed = await ledger.endorse(
      WHO.officer,
      'tender:Amend',
      ['T-1', amend({ title: 'x' })],
      [0, 1000],
    );
    const tender = JSON.parse(agreed.result ?? '') as Tender;
    expect([tender.title, tender.amendments.length, tender.amendments[0]?.extendedDeadline]).toEqual([
      'x',
      1,
      true,
    ]);
  });

  it('when one endorser has reached the opening deadline and the other has not, then the award fails as TOO_EARLY and nothing changes', async () => {
    const ledger = await opened();
    ledger.nowMs = OPENING + SECOND;
    const before = ledger.stub.snapshot();
    const split = await ledger.endorse(WHO.officer, 'award:Make', ['T-1'], [0, -2000]);
    expect(split.error?.message).toMatch(/^TOO_EARLY/);
    expect(ledger.stub.snapshot()).toBe(before);
    const agreed = await ledger.endorse(WHO.officer, 'award:Make', ['T-1'], [0, -500]);
    expect((JSON.parse(agreed.result ?? '') as Award).vendorId).toBe('V-A');
  });
});

describe('the clock tolerance in policy', () => {
  const policy = async (ledger: Ledger) => ledger.ok<Policy>(WHO.auditor, 'policy:Get', []);
  const propose = (rules: object) => canonical({ ...rules, reason: 'tighter' });

  it.each([
    ['a transit tolerance of 61 s', { clockToleranceSeconds: 61 }],
    ['a transit tolerance of ten years', { clockToleranceSeconds: 315_360_000 }],
    ['a maximum reveal period below the minimum', { minRevealSeconds: 3600, maxRevealSeconds: 3599 }],
    ['a price weight over 100', { minPriceWeight: 101 }],
  ])('when the auditor sets %s, then INVALID_ARGUMENT and the policy stays', async (_what, change) => {
    const ledger = new Ledger(T0);
    const current = await policy(ledger);
    const rules = await policyRules(ledger);
    expect(await ledger.refused(WHO.auditor, 'policy:Propose', [propose({ ...rules, ...change })])).toMatch(
      /^INVALID_ARGUMENT/,
    );
    expect(await policy(ledger)).toEqual(current);
  });
});

describe('the opening deadline has an upper bound (issue 10 §3)', () => {
  it('when a tender opens more than maxRevealSeconds after its submission deadline, then publishing is refused', async () => {
    const ledger = new Ledger(T0);
    const far = tenderInput({ openingDeadline: iso(SUBMISSION + 30 * DAY + 1) });
    await ledger.ok(WHO.officer, 'tender:Create', [canonical(far)]);
    expect(await ledger.refused(WHO.officer, 'tender:Publish', ['T-1'])).toMatch(
      /^INVALID_ARGUMENT: openingDeadline must be at most 2592000 s after submissionDeadline/,
    );
  });

  it('when an amendment pushes the opening deadline past the bound, then it is refused and nothing changes', async () => {
    const ledger = new Ledger(T0);
    await createAndPublish(ledger);
    expect(
      await ledger.refused(WHO.officer, 'tender:Amend', [
        'T-1',
        amend({ openingDeadline: iso(SUBMISSION + 30 * DAY + 1) }),
      ]),
    ).toMatch(/^INVALID_ARGUMENT: openingDeadline must be at most/);
    await ledger.ok(WHO.officer, 'tender:Amend', [
      'T-1',
      amend({ openingDeadline: iso(SUBMISSION + 30 * DAY) }),
    ]);
  });
});

describe('a published tender keeps the periods it was published under', () => {
  it('when the policy shortens the standstill after publication, then the tender’s award still gets the published standstill', async () => {
    const ledger = new Ledger(T0);
    await registerVendors(ledger, WHO.vendorA);
    await setPolicy(ledger, await policyRules(ledger), 'confirmed as is');
    await createAndPublish(ledger, tenderInput({ awardCriteria: { method: 'lowestPrice' } }));
    const published = await ledger.ok<Tender>(WHO.officer, 'tender:Get', ['T-1']);
    expect(published.policyAtPublish).toEqual(await policyRules(ledger));
    await setPolicy(ledger, { ...(await policyRules(ledger)), standstillSeconds: 1 });
    await placeBid(ledger, WHO.vendorA, 'T-1', 'bid-a', '90000000');
    ledger.nowMs = SUBMISSION;
    await releaseShares(ledger, 'T-1');
    ledger.nowMs = OPENING;
    const award = await ledger.ok<Award>(WHO.officer, 'award:Make', ['T-1']);
    expect(award.standstillEndsAt).toBe(iso(OPENING + 10 * DAY));
  });
});
