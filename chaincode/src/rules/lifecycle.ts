/**
 * The tender lifecycle as one table: for each stored status, the transactions it allows and the status
 * each leads to. The contracts ask it instead of comparing statuses inline. Pure.
 */
import type { Tender, TenderStatus } from '@procurement/contract';
import { conflict } from '../errors';

/** The transactions whose outcome depends on the tender's status. */
export type TenderStep =
  | 'tender:Publish'
  | 'tender:Amend'
  | 'tender:Cancel'
  | 'bid:Seal'
  | 'bid:ReleaseShares'
  | 'evaluation:Submit'
  | 'award:Make'
  | 'award:LodgeChallenge'
  | 'award:UpholdChallenge'
  | 'award:RecordContract';

/** The status a tender is created in. */
export const CREATED_STATUS: TenderStatus = 'draft';

/** status → step → next status. A step absent from a status's row is not allowed in it. */
export const LIFECYCLE: Readonly<Record<TenderStatus, Readonly<Partial<Record<TenderStep, TenderStatus>>>>> =
  {
    draft: {
      'tender:Publish': 'published',
      'tender:Cancel': 'cancelled',
    },
    published: {
      'tender:Amend': 'published',
      'tender:Cancel': 'cancelled',
      'bid:Seal': 'published',
      'bid:ReleaseShares': 'published',
      'evaluation:Submit': 'published',
      'award:Make': 'awarded',
    },
    evaluation: {
      'tender:Cancel': 'cancelled',
      'bid:ReleaseShares': 'evaluation',
      'evaluation:Submit': 'evaluation',
      'award:Make': 'awarded',
    },
    awarded: {
      'tender:Cancel': 'cancelled',
      'award:LodgeChallenge': 'awarded',
      /** An upheld challenge annuls the award: back to evaluation. */
      'award:UpholdChallenge': 'evaluation',
      'award:RecordContract': 'contracted',
    },
    contracted: {},
    cancelled: {},
  };

/** How each step's refusal reads (the messages clients already know). */
const REFUSAL: Readonly<Record<TenderStep, (id: string, status: TenderStatus) => string>> = {
  'tender:Publish': (id, s) => `tender ${id} is ${s}, not draft`,
  'tender:Amend': (id, s) => `tender ${id} is ${s}, not published`,
  'tender:Cancel': (id, s) => `tender ${id} is ${s} and cannot be cancelled`,
  'bid:Seal': (id, s) => `tender ${id} is ${s}, not open for bids`,
  'bid:ReleaseShares': (id, s) => `tender ${id} is ${s}; its bids are no longer opened`,
  'evaluation:Submit': (id, s) => `tender ${id} is ${s}; evaluation is closed`,
  'award:Make': (id, s) => `tender ${id} is ${s} and cannot be awarded`,
  'award:LodgeChallenge': (id, s) => `tender ${id} is ${s}, not awarded`,
  'award:UpholdChallenge': (id, s) => `tender ${id} is ${s}, not awarded`,
  'award:RecordContract': (id, s) => `tender ${id} is ${s}, not awarded`,
};

/** The status a step leads to from this status, or undefined when the status does not allow it. */
export function nextStatus(status: TenderStatus, step: TenderStep): TenderStatus | undefined {
  return LIFECYCLE[status][step];
}

/** The status the step leads to; CONFLICT when the tender's status does not allow it. */
export function requireStep(tender: Pick<Tender, 'id' | 'status'>, step: TenderStep): TenderStatus {
  const next = nextStatus(tender.status, step);
  if (next === undefined) throw conflict(REFUSAL[step](tender.id, tender.status));
  return next;
}
