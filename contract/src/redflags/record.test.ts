import { DEFAULT_RED_FLAG_POLICY } from './policy';
import { raisedFlagRecord, redFlagRecordSchema } from './record';
import { shortSubmissionPeriodFlag } from './submission';

describe('the red-flag record', () => {
  const flag = shortSubmissionPeriodFlag(
    { procedure: 'open', submissionDeadline: '2026-01-02T00:00:00Z' },
    '2026-01-01T00:00:00Z',
    DEFAULT_RED_FLAG_POLICY,
  )!;

  it('records a raised flag with its transaction, and the record is valid', () => {
    const record = raisedFlagRecord(flag, 'T-42', 'tx1', '2026-01-01T00:00:00Z');
    expect(record).toMatchObject({ flagId: 'tx1-R003', code: 'R003', tenderId: 'T-42', status: 'raised' });
    expect(redFlagRecordSchema.parse(JSON.parse(JSON.stringify(record)))).toEqual(record);
  });

  it('refuses a flag without its transaction, and evidence without a threshold', () => {
    expect(() => raisedFlagRecord(flag, 'T-42', '', '2026-01-01T00:00:00Z')).toThrow(RangeError);
    const record = raisedFlagRecord(flag, 'T-42', 'tx1', '2026-01-01T00:00:00Z');
    expect(redFlagRecordSchema.safeParse({ ...record, evidence: { periodSeconds: 1 } }).success).toBe(false);
  });
});
