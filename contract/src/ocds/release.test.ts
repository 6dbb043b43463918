import { EXAMPLE_AWARD, EXAMPLE_CONFIG, EXAMPLE_STEPS, EXAMPLE_TENDER, EXAMPLE_VENDORS } from './example';
import { awardIdOf, buildRelease, describeCriteria, ocidOf, releaseIdOf } from './release';

const releases = EXAMPLE_STEPS.map((s) => buildRelease(s.snapshot, s.facts, EXAMPLE_CONFIG));
const [published, amended, awarded, decided, contracted] = releases.map((r) => r);

describe('buildRelease', () => {
  it('gives the process its ocid and each change the tag of its kind', () => {
    expect(ocidOf('T-42', EXAMPLE_CONFIG)).toBe('ocds-procledger-T-42');
    expect(releases.map((r) => r.ocid)).toEqual(Array(5).fill('ocds-procledger-T-42'));
    expect(releases.map((r) => r.tag)).toEqual([
      ['tender'],
      ['tenderAmendment'],
      ['award'],
      ['awardUpdate'],
      ['contract'],
    ]);
  });

  it('derives the id from the txId and the date from the block time: the same change, the same release', () => {
    const step = EXAMPLE_STEPS[2]!;
    expect(awarded!.id).toBe('tx-award');
    expect(awarded!.date).toBe('2026-03-10T09:00:00Z');
    expect(JSON.stringify(buildRelease(step.snapshot, step.facts, EXAMPLE_CONFIG))).toBe(
      JSON.stringify(awarded),
    );
    expect(() => releaseIdOf('')).toThrow(RangeError);
  });

  it('describes the tender: status, value, method, criteria, submission, periods, CPV', () => {
    expect(published!.tender).toMatchObject({
      id: 'T-42',
      status: 'active',
      value: { amount: 100000, currency: 'EUR' },
      procurementMethod: 'open',
      awardCriteria: 'priceOnly',
      submissionMethod: ['electronicSubmission'],
      tenderPeriod: { startDate: '2026-02-01T09:00:00Z', endDate: '2026-03-01T12:00:00Z' },
      awardPeriod: { startDate: '2026-03-02T12:00:00Z' },
      items: [{ id: '1', classification: { scheme: 'CPV', id: '45233140-2' } }],
      procuringEntity: { id: 'agency-PublicWorksMSP', name: 'Public Works Agency' },
    });
    expect(awarded!.tender.awardPeriod).toEqual({
      startDate: '2026-03-06T12:00:00Z',
      endDate: '2026-03-10T09:00:00Z',
    });
    expect(contracted!.tender.status).toBe('complete');
  });

  it('logs amendments with the release that made them', () => {
    expect(amended!.tender.amendments).toEqual([
      {
        id: '1',
        date: '2026-02-20T10:00:00Z',
        rationale: 'Site visit postponed',
        description: 'Changed: openingDeadline, submissionDeadline.',
        releaseID: 'tx-amend',
      },
    ]);
  });

  it('publishes no bid, bidder or count before the opening deadline, even when given the bids', () => {
    for (const release of [published!, amended!]) {
      expect(release.bids).toBeUndefined();
      expect(release.tender.tenderers).toBeUndefined();
      expect(release.tender.numberOfTenderers).toBeUndefined();
      expect(release.parties.filter((p) => p.id.startsWith('vendor-'))).toEqual([]);
    }
    const justBefore = { ...EXAMPLE_STEPS[1]!.facts, time: '2026-03-06T11:59:59Z' };
    expect(buildRelease(EXAMPLE_STEPS[1]!.snapshot, justBefore, EXAMPLE_CONFIG).bids).toBeUndefined();
    const atOpening = { ...EXAMPLE_STEPS[1]!.facts, time: '2026-03-06T12:00:00Z' };
    expect(buildRelease(EXAMPLE_STEPS[1]!.snapshot, atOpening, EXAMPLE_CONFIG).bids).toBeDefined();
  });

  it('maps each bid to the bids extension: valid, disqualified, not revealed, withdrawn; replaced left out', () => {
    expect(awarded!.bids!.details.map((b) => [b.id, b.status, b.value?.amount])).toEqual([
      ['B1', 'valid', 90000],
      ['B2', 'disqualified', 88000.5],
      ['B3', 'disqualified', undefined],
      ['B4', 'withdrawn', undefined],
    ]);
    expect(awarded!.tender.numberOfTenderers).toBe(4);
  });

  it('marks revealed bids pending before they are ranked', () => {
    const step = EXAMPLE_STEPS[1]!;
    const afterOpening = buildRelease(
      step.snapshot,
      { ...step.facts, time: '2026-03-07T00:00:00Z' },
      EXAMPLE_CONFIG,
    );
    expect(afterOpening.bids!.details.map((b) => b.status)).toEqual([
      'pending',
      'pending',
      'disqualified',
      'withdrawn',
    ]);
  });

  it('names the agency, the vendors by legal name and id, the evaluators by seat only', () => {
    const text = JSON.stringify(awarded);
    expect(text).not.toContain('alice');
    expect(text).not.toContain('bob@');
    expect(text).not.toContain('olivia');
    expect(awarded!.parties.map((p) => [p.id, p.roles])).toEqual([
      ['agency-PublicWorksMSP', ['buyer', 'procuringEntity']],
      ['vendor-V1', ['tenderer', 'supplier']],
      ['vendor-V2', ['tenderer']],
      ['vendor-V3', ['tenderer']],
      ['vendor-V4', ['tenderer']],
      ['agency-PublicWorksMSP-evaluator-1', ['evaluator']],
      ['agency-PublicWorksMSP-evaluator-2', ['evaluator']],
    ]);
    expect(awarded!.parties[1]).toEqual({
      id: 'vendor-V1',
      name: 'Roadworks Ltd',
      identifier: { scheme: 'XI-PROCLEDGER', id: 'V1', legalName: 'Roadworks Ltd' },
      roles: ['tenderer', 'supplier'],
    });
    expect(decided!.parties.at(-1)).toEqual({
      id: 'agency-AuditMSP',
      name: 'Procurement Oversight Office',
      roles: ['reviewBody'],
    });
  });

  it('publishes the award with its status and the contract with its award', () => {
    expect(awarded!.awards).toEqual([
      {
        id: 'award-B1-20260310090000',
        status: 'pending',
        date: '2026-03-10T09:00:00Z',
        value: { amount: 90000, currency: 'EUR' },
        suppliers: [{ id: 'vendor-V1', name: 'Roadworks Ltd' }],
        relatedBids: ['B1'],
      },
    ]);
    expect(contracted!.awards![0]!.status).toBe('active');
    expect(contracted!.contracts).toEqual([
      {
        id: 'contract-award-B1-20260310090000',
        awardID: 'award-B1-20260310090000',
        status: 'active',
        value: { amount: 90000, currency: 'EUR' },
        dateSigned: '2026-03-25T09:00:00Z',
        documents: [{ id: 'c'.repeat(64), title: 'Signed contract.pdf' }],
      },
    ]);
  });

  it('drops the supplier and clears the award period end when the award is annulled', () => {
    const annulled = buildRelease(
      {
        tender: { ...EXAMPLE_TENDER, status: 'evaluation' },
        award: { ...EXAMPLE_AWARD, status: 'annulled' },
        vendors: EXAMPLE_VENDORS,
      },
      { txId: 'tx-upheld', time: '2026-03-15T09:00:00Z', change: 'challengeDecided' },
      EXAMPLE_CONFIG,
    );
    expect(annulled.awards![0]!.status).toBe('cancelled');
    expect(annulled.tender.awardPeriod.endDate).toBeNull();
    expect(annulled.tender.status).toBe('active');
  });

  it('marks a cancellation', () => {
    const cancelled = buildRelease(
      { tender: { ...EXAMPLE_TENDER, status: 'cancelled' }, vendors: [] },
      { txId: 'tx-cancel', time: '2026-02-10T09:00:00Z', change: 'cancel' },
      EXAMPLE_CONFIG,
    );
    expect([cancelled.tag, cancelled.tender.status]).toEqual([['tenderCancellation'], 'cancelled']);
  });

  it('refuses a draft, and a vendor without a legal name', () => {
    const facts = { txId: 'tx', time: '2026-03-10T09:00:00Z', change: 'award' } as const;
    expect(() =>
      buildRelease({ tender: { ...EXAMPLE_TENDER, status: 'draft' }, vendors: [] }, facts, EXAMPLE_CONFIG),
    ).toThrow(RangeError);
    expect(() =>
      buildRelease({ tender: EXAMPLE_TENDER, award: EXAMPLE_AWARD, vendors: [] }, facts, EXAMPLE_CONFIG),
    ).toThrow(/no legal name for vendor V1/);
  });

  it('describes weighted criteria in words', () => {
    expect(
      describeCriteria({
        method: 'bestPriceQuality',
        priceWeight: 60,
        criteria: [{ id: 'q', name: 'Quality plan', weight: 40, maxScore: 10 }],
      }),
    ).toBe('Best price-quality ratio: price 60%; Quality plan 40% (scored 0 to 10).');
    expect(awardIdOf({ bidId: 'B9', awardedAt: '2026-01-02T03:04:05.5Z' })).toBe('award-B9-202601020304055');
  });
});
