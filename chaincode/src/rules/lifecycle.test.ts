import { TENDER_STATUSES } from '@procurement/contract';

import { LIFECYCLE, type TenderStep, nextStatus, requireStep } from './lifecycle';

describe('the tender lifecycle table', () => {
  it('when a tender is contracted or cancelled, then no step is allowed', () => {
    expect(LIFECYCLE.contracted).toEqual({});
    expect(LIFECYCLE.cancelled).toEqual({});
  });

  it.each(TENDER_STATUSES.filter((s) => s !== 'contracted' && s !== 'cancelled'))(
    'when a tender is %s, then it can still be cancelled',
    (status) => {
      expect(nextStatus(status, 'tender:Cancel')).toBe('cancelled');
    },
  );

  it.each<[TenderStep, string, string]>([
    ['tender:Publish', 'draft', 'published'],
    ['award:Make', 'published', 'awarded'],
    ['award:Make', 'evaluation', 'awarded'],
    ['award:UpholdChallenge', 'awarded', 'evaluation'],
    ['award:RecordContract', 'awarded', 'contracted'],
  ])('when %s runs on a %s tender, then it becomes %s', (step, from, to) => {
    expect(requireStep({ id: 'T-1', status: from as 'draft' }, step)).toBe(to);
  });

  it('when a step is not allowed, then it is a CONFLICT naming the status', () => {
    expect(() => requireStep({ id: 'T-1', status: 'draft' }, 'bid:Seal')).toThrow(
      'CONFLICT: tender T-1 is draft, not open for bids',
    );
  });
});
