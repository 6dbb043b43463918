import {
  AWARDS_BY_VENDOR_CPV_INDEX,
  type CreateTenderInput,
  DEFAULT_RED_FLAG_POLICY,
  type RedFlagPolicy,
  type RedFlagRecord,
  TRANSACTION_NAMES,
  TRANSACTIONS,
} from '@procurement/contract';
import { canonical } from '../ledger/canonical';
import type { Identity } from '../testing/certs';
import {
  DAY,
  OPENING,
  SUBMISSION,
  T0,
  WHO,
  createAndPublish,
  iso,
  placeBid,
  policyRules,
  prepareIdentities,
  registerVendors,
  releaseShares,
  setPolicy,
  tenderInput,
} from '../testing/fixtures';
import { Ledger } from '../testing/harness';

const READER: Identity = { mspId: 'AuditMSP', username: 'public-reader', role: 'reader' };

beforeAll(async () => {
  await prepareIdentities();
});

/** Lowest price, so an award needs no evaluation. */
const lowest = (overrides: Partial<CreateTenderInput> = {}): CreateTenderInput =>
  tenderInput({ awardCriteria: { method: 'lowestPrice' }, budgetCeiling: undefined, ...overrides });

async function setRedFlagPolicy(ledger: Ledger, redFlags: RedFlagPolicy): Promise<void> {
  await setPolicy(ledger, { ...(await policyRules(ledger)), redFlags });
}

const flagsOf = async (ledger: Ledger, tenderId: string): Promise<RedFlagRecord[]> =>
  (await ledger.ok<{ items: RedFlagRecord[] }>(WHO.auditor, 'redflag:List', [tenderId])).items;

/** Creates, publishes, takes one bid per (vendor, amount), opens them and awards at the opening deadline. */
async function awarded(
  ledger: Ledger,
  officer: Identity,
  input: CreateTenderInput,
  bids: [Identity, string][],
): Promise<void> {
  const start = ledger.nowMs;
  await ledger.ok(officer, 'tender:Create', [canonical(input)]);
  await ledger.ok(officer, 'tender:Publish', [input.id]);
  for (const [vendor, amount] of bids) {
    await placeBid(ledger, vendor, input.id, `${input.id}-${vendor.vendorId ?? ''}`, amount);
  }
  ledger.nowMs = Date.parse(input.submissionDeadline);
  await releaseShares(ledger, input.id);
  ledger.nowMs = Date.parse(input.openingDeadline);
  await ledger.ok(officer, 'award:Make', [input.id]);
  ledger.nowMs = Math.max(ledger.nowMs, start);
}

/** A tender of the same shape, starting now on the ledger's clock. */
function tenderAt(ledger: Ledger, id: string, cpv: string, estimate = '100000000'): CreateTenderInput {
  return lowest({
    id,
    cpv,
    estimatedValue: { amount: estimate, currency: 'EUR' },
    submissionDeadline: iso(ledger.nowMs + 40 * DAY),
    openingDeadline: iso(ledger.nowMs + 42 * DAY),
    evaluators: ['eva1'],
  });
}

describe('red flags raised by the chaincode', () => {
  it('when a tender is published with a submission period under the R003 threshold, then the publish transaction writes R003', async () => {
    const ledger = new Ledger(T0);
    await setRedFlagPolicy(ledger, {
      ...DEFAULT_RED_FLAG_POLICY,
      shortSubmissionSeconds: { open: 41 * 86_400, restricted: 41 * 86_400 },
    });
    await createAndPublish(ledger);
    const [flag, ...rest] = await flagsOf(ledger, 'T-1');
    expect(rest).toEqual([]);
    expect(flag).toMatchObject({ code: 'R003', tenderId: 'T-1', status: 'raised', raisedAt: iso(T0) });
    expect(flag?.flagId).toBe(`${flag?.txId ?? ''}-R003`);
  });

  it('when the period is exactly the threshold, then nothing is raised', async () => {
    const ledger = new Ledger(T0);
    await setRedFlagPolicy(ledger, {
      ...DEFAULT_RED_FLAG_POLICY,
      shortSubmissionSeconds: { open: 40 * 86_400, restricted: 40 * 86_400 },
    });
    await createAndPublish(ledger);
    expect(await flagsOf(ledger, 'T-1')).toEqual([]);
  });

  it('when an amendment moves the deadline within the late-amendment days, then PL-LATE-AMENDMENT is written', async () => {
    const ledger = new Ledger(T0);
    await createAndPublish(ledger);
    ledger.nowMs = SUBMISSION - 2 * DAY;
    await ledger.ok(WHO.officer, 'tender:Amend', [
      'T-1',
      canonical({
        reason: 'more time',
        changes: { submissionDeadline: iso(SUBMISSION + 10 * DAY), openingDeadline: iso(OPENING + 10 * DAY) },
      }),
    ]);
    expect((await flagsOf(ledger, 'T-1')).map((f) => f.code)).toEqual(['PL-LATE-AMENDMENT']);
  });

  it('when an open tender gets a single bid awarded above the estimate, then R018 and PL-OVER-ESTIMATE are written by the award', async () => {
    const ledger = new Ledger(T0);
    await registerVendors(ledger, WHO.vendorA);
    await awarded(ledger, WHO.officer, tenderAt(ledger, 'T-1', '45233140-2'), [[WHO.vendorA, '110000001']]);
    const flags = await flagsOf(ledger, 'T-1');
    expect(flags.map((f) => f.code)).toEqual(['R018', 'PL-OVER-ESTIMATE']);
    expect(new Set(flags.map((f) => f.txId)).size).toBe(1);
  });

  it('when two vendors bid the same price, then R028 is written', async () => {
    const ledger = new Ledger(T0);
    await registerVendors(ledger, WHO.vendorA, WHO.vendorB);
    await awarded(ledger, WHO.officer, tenderAt(ledger, 'T-1', '45233140-2'), [
      [WHO.vendorA, '90000000'],
      [WHO.vendorB, '90000000'],
    ]);
    expect((await flagsOf(ledger, 'T-1')).map((f) => f.code)).toEqual(['R028']);
  });

  describe('cross-agency splitting', () => {
    const policy: RedFlagPolicy = {
      ...DEFAULT_RED_FLAG_POLICY,
      splitting: { cpvGroupDigits: 3, windowSeconds: 90 * 86_400, thresholds: { EUR: '150000000' } },
    };

    it('when PublicWorks and Health award one vendor under the threshold in one CPV group within the window, then the second award names both agencies; a third outside the window raises nothing', async () => {
      const ledger = new Ledger(T0);
      await registerVendors(ledger, WHO.vendorA, WHO.vendorB);
      await setRedFlagPolicy(ledger, policy);
      await awarded(ledger, WHO.officer, tenderAt(ledger, 'PW-1', '45233140-2'), [[WHO.vendorA, '90000000']]);
      expect((await flagsOf(ledger, 'PW-1')).map((f) => f.code)).not.toContain('PL-SPLIT');
      ledger.nowMs += DAY;
      const scans = jest.spyOn(ledger.stub, 'getStateByPartialCompositeKey');
      await awarded(ledger, WHO.healthOfficer, tenderAt(ledger, 'H-1', '45262000-1'), [
        [WHO.vendorA, '80000000'],
      ]);
      const split = (await flagsOf(ledger, 'H-1')).find((f) => f.code === 'PL-SPLIT');
      expect(split?.evidence).toMatchObject({
        vendorId: 'V-A',
        cpvGroup: '452',
        total: '170000000',
        agencies: ['HealthMSP', 'PublicWorksMSP'],
      });
      // The check read the vendor's awards in the CPV group and nothing wider.
      const indexReads = scans.mock.calls.filter(([type]) => type === AWARDS_BY_VENDOR_CPV_INDEX);
      expect(indexReads.map(([, attrs]) => attrs)).toEqual([['V-A', '4', '5', '2']]);
      scans.mockRestore();

      ledger.nowMs += 200 * DAY;
      await awarded(ledger, WHO.officer, tenderAt(ledger, 'PW-2', '45233000-9'), [[WHO.vendorA, '70000000']]);
      expect((await flagsOf(ledger, 'PW-2')).map((f) => f.code)).not.toContain('PL-SPLIT');
    });

    it('when the second award is another vendor or another CPV group, then no splitting flag', async () => {
      const ledger = new Ledger(T0);
      await registerVendors(ledger, WHO.vendorA, WHO.vendorB);
      await setRedFlagPolicy(ledger, policy);
      await awarded(ledger, WHO.officer, tenderAt(ledger, 'PW-1', '45233140-2'), [[WHO.vendorA, '90000000']]);
      await awarded(ledger, WHO.healthOfficer, tenderAt(ledger, 'H-1', '45262000-1'), [
        [WHO.vendorB, '80000000'],
      ]);
      await awarded(ledger, WHO.healthOfficer, tenderAt(ledger, 'H-2', '33100000-1'), [
        [WHO.vendorA, '80000000'],
      ]);
      expect((await flagsOf(ledger, 'H-1')).map((f) => f.code)).not.toContain('PL-SPLIT');
      expect((await flagsOf(ledger, 'H-2')).map((f) => f.code)).not.toContain('PL-SPLIT');
    });
  });

  describe('review by the auditor', () => {
    async function flagged(): Promise<{ ledger: Ledger; flagId: string }> {
      const ledger = new Ledger(T0);
      await registerVendors(ledger, WHO.vendorA);
      await awarded(ledger, WHO.officer, tenderAt(ledger, 'T-1', '45233140-2'), [[WHO.vendorA, '90000000']]);
      const [flag] = await flagsOf(ledger, 'T-1');
      return { ledger, flagId: flag?.flagId ?? '' };
    }

    it('when the auditor reviews a flag with a note, then it is reviewed, once', async () => {
      const { ledger, flagId } = await flagged();
      const reviewed = await ledger.ok<RedFlagRecord>(WHO.auditor, 'redflag:Review', [
        flagId,
        'checked: market is thin',
      ]);
      expect(reviewed).toMatchObject({
        status: 'reviewed',
        review: { note: 'checked: market is thin', by: 'audrey' },
      });
      expect(await ledger.refused(WHO.auditor, 'redflag:Review', [flagId, 'again'])).toMatch(/^CONFLICT/);
    });

    it('when anyone but the auditor reviews, or the flag or note is bad, then refused and nothing changes', async () => {
      const { ledger, flagId } = await flagged();
      expect(await ledger.refused(WHO.officer, 'redflag:Review', [flagId, 'fine'])).toMatch(
        /^NOT_AUTHORISED/,
      );
      expect(await ledger.refused(READER, 'redflag:Review', [flagId, 'fine'])).toMatch(/^NOT_AUTHORISED/);
      expect(await ledger.refused(WHO.auditor, 'redflag:Review', [flagId, ''])).toMatch(/^INVALID_ARGUMENT/);
      expect(await ledger.refused(WHO.auditor, 'redflag:Review', ['nope', 'fine'])).toMatch(
        /^INVALID_ARGUMENT/,
      );
      expect(await ledger.refused(WHO.auditor, 'redflag:Review', [`${'f'.repeat(64)}-R018`, 'fine'])).toMatch(
        /^NOT_FOUND/,
      );
      expect(await ledger.refused(WHO.auditor, 'redflag:List', ['T-404'])).toMatch(/^NOT_FOUND/);
    });
  });
});

describe('the reader role', () => {
  const writes = TRANSACTION_NAMES.filter((name) => TRANSACTIONS[name].writes);

  it.each(writes)('when a reader calls %s, then it is refused before anything runs', async (name) => {
    const ledger = new Ledger(T0);
    await createAndPublish(ledger);
    const args = TRANSACTIONS[name].args.map(() => 'T-1');
    expect(await ledger.refused(READER, name, args)).toMatch(/^NOT_AUTHORISED: a reader in AuditMSP/);
  });

  it('when a reader calls queries, then they answer', async () => {
    const ledger = new Ledger(T0);
    await createAndPublish(ledger);
    expect(await ledger.ok(READER, 'tender:Get', ['T-1'])).toMatchObject({ id: 'T-1' });
    expect(await ledger.ok(READER, 'redflag:List', ['T-1'])).toEqual({ items: [] });
    expect(await ledger.ok(READER, 'policy:Get', [])).toMatchObject({
      standstillSeconds: expect.any(Number) as number,
    });
  });
});
