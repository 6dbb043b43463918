import releaseSchema from '../../ocds-schema/1.1.5/release-schema.json';
import bidReleaseSchema from '../../ocds-schema/bid-extension/release-schema.json';
import { extendReleaseSchema } from './extension';
import { compileReleases, mergeRulesFromSchema, OCDS_MERGE_RULES } from './merge';
import type { JsonObject } from './types';

const release = (id: string, date: string, fields: JsonObject): JsonObject => ({
  ocid: 'ocds-x-1',
  id,
  date,
  tag: ['tender'],
  initiationType: 'tender',
  ...fields,
});

describe('merge rules', () => {
  it('are the ones the OCDS 1.1.5 release schema with the bids extension declares', () => {
    expect(mergeRulesFromSchema(extendReleaseSchema(releaseSchema, [bidReleaseSchema]))).toEqual(
      OCDS_MERGE_RULES,
    );
  });

  it('stop at a recursive reference', () => {
    const schema = {
      properties: { node: { $ref: '#/definitions/Node' } },
      definitions: {
        Node: {
          properties: {
            child: { $ref: '#/definitions/Node' },
            tags: { type: 'array', wholeListMerge: true },
          },
        },
      },
    };
    expect(mergeRulesFromSchema(schema).wholeListMerge).toEqual(['node.tags']);
  });
});

describe('compileReleases', () => {
  it('takes the newest value of each field, omits id/date/tag, and tags the result compiled', () => {
    const compiled = compileReleases([
      release('r2', '2026-01-02T00:00:00Z', { tender: { id: 'T', status: 'cancelled' } }),
      release('r1', '2026-01-01T00:00:00Z', { tender: { id: 'T', status: 'active', title: 'Road' } }),
    ]);
    expect(compiled).toEqual({
      ocid: 'ocds-x-1',
      id: 'ocds-x-1-2026-01-02T00:00:00Z',
      date: '2026-01-02T00:00:00Z',
      tag: ['compiled'],
      initiationType: 'tender',
      tender: { id: 'T', status: 'cancelled', title: 'Road' },
    });
  });

  it('keeps the given order for releases of the same date', () => {
    const compiled = compileReleases([
      release('a', '2026-01-01T00:00:00Z', { language: 'en' }),
      release('b', '2026-01-01T00:00:00Z', { language: 'fr' }),
    ]);
    expect(compiled.language).toBe('fr');
  });

  it('removes a field set to null, and ignores nulls in new objects', () => {
    const compiled = compileReleases([
      release('r1', '2026-01-01T00:00:00Z', { tender: { id: 'T', title: 'Road', description: 'x' } }),
      release('r2', '2026-01-02T00:00:00Z', {
        tender: { id: 'T', description: null, awardPeriod: { endDate: null } },
      }),
    ]);
    expect(compiled.tender).toEqual({ id: 'T', title: 'Road', awardPeriod: {} });
  });

  it('merges arrays of objects by id: same id merged, new id appended', () => {
    const compiled = compileReleases([
      release('r1', '2026-01-01T00:00:00Z', {
        awards: [
          { id: 'A1', status: 'pending', value: { amount: 1, currency: 'EUR' } },
          { id: 'A2', status: 'pending' },
        ],
      }),
      release('r2', '2026-01-02T00:00:00Z', {
        awards: [
          { id: 'A1', status: 'cancelled' },
          { id: 'A3', status: 'pending' },
        ],
      }),
    ]);
    expect(compiled.awards).toEqual([
      { id: 'A1', status: 'cancelled', value: { amount: 1, currency: 'EUR' } },
      { id: 'A2', status: 'pending' },
      { id: 'A3', status: 'pending' },
    ]);
  });

  it('replaces a wholeListMerge array, an array of strings, and an array of objects without ids', () => {
    const compiled = compileReleases([
      release('r1', '2026-01-01T00:00:00Z', {
        parties: [
          {
            id: 'P',
            roles: ['buyer', 'payer'],
            additionalIdentifiers: [
              { scheme: 'A', id: '1' },
              { scheme: 'B', id: '2' },
            ],
          },
        ],
        tender: {
          id: 'T',
          submissionMethod: ['written', 'inPerson'],
          milestones: [{ title: 'a' }, { title: 'b' }],
        },
      }),
      release('r2', '2026-01-02T00:00:00Z', {
        parties: [
          { id: 'P', roles: ['buyer'], additionalIdentifiers: [{ scheme: 'B', id: '3', legalName: null }] },
        ],
        tender: { id: 'T', submissionMethod: ['electronicSubmission'], milestones: [{ title: 'c' }] },
      }),
    ]);
    expect(compiled.parties).toEqual([
      { id: 'P', roles: ['buyer'], additionalIdentifiers: [{ scheme: 'B', id: '3' }] },
    ]);
    expect(compiled.tender).toEqual({
      id: 'T',
      submissionMethod: ['electronicSubmission'],
      milestones: [{ title: 'c' }],
    });
  });

  it('does not change the releases it merges', () => {
    const first = release('r1', '2026-01-01T00:00:00Z', { awards: [{ id: 'A1', status: 'pending' }] });
    const copy = JSON.stringify(first);
    compileReleases([
      first,
      release('r2', '2026-01-02T00:00:00Z', { awards: [{ id: 'A1', status: 'active' }] }),
    ]);
    expect(JSON.stringify(first)).toBe(copy);
  });

  it('refuses no release, a release without a date, and one without an ocid', () => {
    expect(() => compileReleases([])).toThrow(RangeError);
    expect(() => compileReleases([release('r1', 'yesterday', {})])).toThrow(/RFC 3339/);
    const orphan = { ...release('r1', '2026-01-01T00:00:00Z', {}), ocid: null };
    expect(() => compileReleases([orphan])).toThrow(/ocid/);
  });
});
