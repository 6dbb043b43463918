/** Every document the builders make is valid OCDS 1.1.5 with the bids extension; codelists too. */
import { readFileSync } from 'fs';
import { join } from 'path';

import recordPackageSchema from '../../ocds-schema/1.1.5/record-package-schema.json';
import releasePackageSchema from '../../ocds-schema/1.1.5/release-package-schema.json';
import releaseSchema from '../../ocds-schema/1.1.5/release-schema.json';
import bidReleaseSchema from '../../ocds-schema/bid-extension/release-schema.json';
import { AWARD_METHODS, AWARD_STATUSES, PROCEDURES, TENDER_STATUSES } from '../vocabulary';
import {
  AWARD_METHOD_TO_OCDS_CRITERIA,
  AWARD_STATUS_TO_OCDS,
  BID_OUTCOME_TO_OCDS_STATUS,
  CHANGE_TO_RELEASE_TAG,
  OCDS_CONTRACT_STATUS,
  OCDS_SUBMISSION_METHOD,
  PROCEDURE_TO_OCDS_METHOD,
  RELEASE_CHANGES,
  TENDER_STATUS_TO_OCDS,
} from './codelists';
import { EXAMPLE_CONFIG, EXAMPLE_PACKAGE_CONFIG, EXAMPLE_STEPS } from './example';
import { applyMergePatch } from './extension';
import { buildRecord, buildRecordPackage, buildReleasePackage } from './packages';
import { buildRelease } from './release';
import { createOcdsValidator } from './validator';

const validator = createOcdsValidator({
  release: releaseSchema,
  releasePackage: releasePackageSchema,
  recordPackage: recordPackageSchema,
  extensions: [bidReleaseSchema],
});

const releases = EXAMPLE_STEPS.map((s) => buildRelease(s.snapshot, s.facts, EXAMPLE_CONFIG));
const record = buildRecord(releases);

/** The codes of a codelist CSV (first column, header skipped). */
function codelist(file: string): string[] {
  const text = readFileSync(join(__dirname, '../../ocds-schema', file), 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',')[0]!);
}

describe('the extended release schema', () => {
  it('adds the bids extension to the core release schema', () => {
    const properties = validator.extendedReleaseSchema.properties as Record<string, unknown>;
    expect(Object.keys(properties)).toContain('bids');
    expect(Object.keys(releaseSchema.properties)).not.toContain('bids');
  });

  it('applies JSON Merge Patch (RFC 7396) rules', () => {
    expect(applyMergePatch({ a: 'b', c: { d: 'e', f: 'g' } }, { a: 'z', c: { f: null } })).toEqual({
      a: 'z',
      c: { d: 'e' },
    });
    expect(applyMergePatch({ a: [1, 2] }, { a: [3] })).toEqual({ a: [3] });
    expect(applyMergePatch('x', { a: 1 })).toEqual({ a: 1 });
    expect(applyMergePatch({ a: 1 }, 'x')).toBe('x');
  });

  it('rejects an invalid release, so the validity checks below mean something', () => {
    const bad = {
      ...releases[2]!,
      tag: ['notATag'],
      bids: { details: [{ id: 'B', status: 'notOpened' }] },
    };
    const errors = validator.release(bad);
    expect(errors.some((e) => e.startsWith('/tag/0'))).toBe(true);
    expect(errors.some((e) => e.startsWith('/bids/details/0/status'))).toBe(true);
  });
});

describe('every built document is valid OCDS 1.1.5 with the bids extension', () => {
  it.each(releases.map((r) => [r.tag[0]!, r] as const))('the %s release', (_tag, release) => {
    expect(validator.release(release)).toEqual([]);
  });

  it('a cancellation release', () => {
    const step = EXAMPLE_STEPS[0]!;
    const cancelled = buildRelease(
      { ...step.snapshot, tender: { ...step.snapshot.tender, status: 'cancelled' } },
      { txId: 'tx-cancel', time: '2026-02-10T09:00:00Z', change: 'cancel' },
      EXAMPLE_CONFIG,
    );
    expect(validator.release(cancelled)).toEqual([]);
  });

  it('an upheld challenge release (award annulled)', () => {
    const step = EXAMPLE_STEPS[3]!;
    const upheld = buildRelease(
      {
        ...step.snapshot,
        tender: { ...step.snapshot.tender, status: 'evaluation' },
        award: { ...step.snapshot.award!, status: 'annulled' },
      },
      { txId: 'tx-upheld', time: '2026-03-15T09:00:00Z', change: 'challengeDecided' },
      EXAMPLE_CONFIG,
    );
    expect(validator.release(upheld)).toEqual([]);
    expect(validator.release(buildRecord([...releases.slice(0, 3), upheld]).compiledRelease)).toEqual([]);
  });

  it('the compiled release', () => {
    expect(validator.release(record.compiledRelease)).toEqual([]);
  });

  it('the release package', () => {
    expect(validator.releasePackage(buildReleasePackage(releases, EXAMPLE_PACKAGE_CONFIG))).toEqual([]);
  });

  it('the record package', () => {
    expect(validator.recordPackage(buildRecordPackage([record], EXAMPLE_PACKAGE_CONFIG))).toEqual([]);
  });
});

describe('every mapped value is in its OCDS codelist', () => {
  it.each([
    [
      'tenderStatus',
      '1.1.5/codelists/tenderStatus.csv',
      TENDER_STATUSES.map((s) => TENDER_STATUS_TO_OCDS[s]),
    ],
    ['awardStatus', '1.1.5/codelists/awardStatus.csv', AWARD_STATUSES.map((s) => AWARD_STATUS_TO_OCDS[s])],
    ['method', '1.1.5/codelists/method.csv', PROCEDURES.map((p) => PROCEDURE_TO_OCDS_METHOD[p])],
    [
      'awardCriteria',
      '1.1.5/codelists/awardCriteria.csv',
      AWARD_METHODS.map((m) => AWARD_METHOD_TO_OCDS_CRITERIA[m]),
    ],
    ['submissionMethod', '1.1.5/codelists/submissionMethod.csv', [OCDS_SUBMISSION_METHOD]],
    ['releaseTag', '1.1.5/codelists/releaseTag.csv', RELEASE_CHANGES.map((c) => CHANGE_TO_RELEASE_TAG[c])],
    ['contractStatus', '1.1.5/codelists/contractStatus.csv', [OCDS_CONTRACT_STATUS]],
    ['bidStatus', 'bid-extension/codelists/bidStatus.csv', Object.values(BID_OUTCOME_TO_OCDS_STATUS)],
  ])('%s', (_name, file, values) => {
    const codes = codelist(file);
    for (const value of values) expect(codes).toContain(value);
  });

  it('partyRole, except the open-codelist role "evaluator"', () => {
    const roles = new Set(releases.flatMap((r) => r.parties.flatMap((p) => p.roles)));
    expect([...roles].filter((r) => !codelist('1.1.5/codelists/partyRole.csv').includes(r))).toEqual([
      'evaluator',
    ]);
  });
});
