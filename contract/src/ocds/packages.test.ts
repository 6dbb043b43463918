import { EXAMPLE_AWARD, EXAMPLE_CONFIG, EXAMPLE_PACKAGE_CONFIG, EXAMPLE_STEPS } from './example';
import { BID_EXTENSION_URL, buildRecord, buildRecordPackage, buildReleasePackage } from './packages';
import { buildRelease } from './release';

const releases = EXAMPLE_STEPS.map((s) => buildRelease(s.snapshot, s.facts, EXAMPLE_CONFIG));

describe('buildRecord', () => {
  it('lists the releases oldest first and compiles the current state', () => {
    const record = buildRecord([...releases].reverse());
    expect(record.ocid).toBe('ocds-procledger-T-42');
    expect(record.releases.map((r) => r.id)).toEqual([
      'tx-publish',
      'tx-amend',
      'tx-award',
      'tx-decide',
      'tx-contract',
    ]);
    expect(record.compiledRelease).toMatchObject({
      id: 'ocds-procledger-T-42-2026-03-25T09:00:00Z',
      date: '2026-03-25T09:00:00Z',
      tag: ['compiled'],
      tender: { status: 'complete', tenderPeriod: { endDate: '2026-03-05T12:00:00Z' } },
      awards: [{ id: 'award-B1-20260310090000', status: 'active' }],
      contracts: [{ status: 'active' }],
    });
  });

  it('keeps an annulled award next to the new award after a re-award', () => {
    const step = EXAMPLE_STEPS[2]!;
    const annulled = buildRelease(
      {
        ...step.snapshot,
        tender: { ...step.snapshot.tender, status: 'evaluation' },
        award: { ...EXAMPLE_AWARD, status: 'annulled' },
      },
      { txId: 'tx-upheld', time: '2026-03-15T09:00:00Z', change: 'challengeDecided' },
      EXAMPLE_CONFIG,
    );
    const reawarded = buildRelease(
      { ...step.snapshot, award: { ...EXAMPLE_AWARD, awardedAt: '2026-03-18T09:00:00Z' } },
      { txId: 'tx-reaward', time: '2026-03-18T09:00:00Z', change: 'award' },
      EXAMPLE_CONFIG,
    );
    expect(buildRecord([releases[0]!, releases[2]!, annulled]).compiledRelease.tender).toMatchObject({
      status: 'active',
      awardPeriod: { startDate: '2026-03-06T12:00:00Z' },
    });
    expect(buildRecord([releases[0]!, releases[2]!, annulled]).compiledRelease.tender).not.toHaveProperty(
      'awardPeriod.endDate',
    );
    const compiled = buildRecord([releases[0]!, releases[2]!, annulled, reawarded]).compiledRelease;
    expect((compiled.awards as { id: string; status: string }[]).map((a) => [a.id, a.status])).toEqual([
      ['award-B1-20260310090000', 'cancelled'],
      ['award-B1-20260318090000', 'pending'],
    ]);
    expect(compiled.tender).toMatchObject({
      status: 'complete',
      awardPeriod: { endDate: '2026-03-18T09:00:00Z' },
    });
  });

  it('is the same whatever order the releases come in', () => {
    expect(JSON.stringify(buildRecord([...releases].reverse()))).toBe(JSON.stringify(buildRecord(releases)));
  });

  it('refuses no release and releases of several processes', () => {
    expect(() => buildRecord([])).toThrow(RangeError);
    expect(() => buildRecord([releases[0]!, { ...releases[1]!, ocid: 'ocds-procledger-T-43' }])).toThrow(
      /several/,
    );
  });
});

describe('packages', () => {
  it('carry the configured metadata and the bids extension', () => {
    const pack = buildReleasePackage(releases, EXAMPLE_PACKAGE_CONFIG);
    expect(pack).toMatchObject({
      uri: EXAMPLE_PACKAGE_CONFIG.uri,
      version: '1.1',
      extensions: [BID_EXTENSION_URL],
      publishedDate: '2026-06-01T00:00:00Z',
      publisher: { name: 'Procurement Ledger' },
      license: EXAMPLE_PACKAGE_CONFIG.license,
      publicationPolicy: EXAMPLE_PACKAGE_CONFIG.publicationPolicy,
    });
    expect((pack.releases as unknown[]).length).toBe(5);
    expect(buildRecordPackage([buildRecord(releases)], EXAMPLE_PACKAGE_CONFIG).records).toHaveLength(1);
  });

  it('refuse to be empty', () => {
    expect(() => buildReleasePackage([], EXAMPLE_PACKAGE_CONFIG)).toThrow(RangeError);
    expect(() => buildRecordPackage([], EXAMPLE_PACKAGE_CONFIG)).toThrow(RangeError);
  });
});
