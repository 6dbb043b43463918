import type { Caller } from '../domain/caller';
import type { CreateTenderInput, ListTendersQuery, Page, Tender, TenderChanges } from '@procurement/contract';
import { invalidArgument, notAuthorised } from '../domain/errors';
import { requireId, requireRole } from './access';
import { type Chain, type Written, jsonArg } from './chain';

export interface AmendInput {
  reason: string;
  changes: TenderChanges;
}

/** Tenders: create, publish, amend, cancel, read and list. */
export class TenderService {
  readonly #chain: Chain;
  readonly #now: () => number;

  constructor(chain: Chain, now: () => number = Date.now) {
    this.#chain = chain;
    this.#now = now;
  }

  create(caller: Caller, input: CreateTenderInput): Promise<Written<Tender>> {
    requireRole(caller, 'officer');
    const submission = Date.parse(input.submissionDeadline);
    const opening = Date.parse(input.openingDeadline);
    if (!(submission > this.#now()))
      throw invalidArgument('submissionDeadline must be in the future', 'submissionDeadline');
    if (!(opening > submission))
      throw invalidArgument('openingDeadline must be after submissionDeadline', 'openingDeadline');
    return this.#chain.write(caller, 'tender:Create', [jsonArg(input)]);
  }

  publish(caller: Caller, tenderId: string): Promise<Written<Tender>> {
    requireRole(caller, 'officer');
    requireId(tenderId, 'id');
    return this.#chain.write(caller, 'tender:Publish', [tenderId]);
  }

  amend(caller: Caller, tenderId: string, input: AmendInput): Promise<Written<Tender>> {
    requireRole(caller, 'officer');
    requireId(tenderId, 'id');
    return this.#chain.write(caller, 'tender:Amend', [tenderId, jsonArg(input)]);
  }

  cancel(caller: Caller, tenderId: string, reason: string): Promise<Written<Tender>> {
    requireRole(caller, 'officer');
    requireId(tenderId, 'id');
    return this.#chain.write(caller, 'tender:Cancel', [tenderId, reason]);
  }

  get(caller: Caller, tenderId: string): Promise<Tender> {
    requireId(tenderId, 'id');
    return this.#chain.query(caller, 'tender:Get', [tenderId]);
  }

  list(caller: Caller, query: ListTendersQuery): Promise<Page<Tender>> {
    return this.#chain.query(caller, 'tender:List', [jsonArg(query)]);
  }

  /**
   * For the refusal order (404, then 403 not the owning agency, before 400 field validation): check that the
   * tender exists and, when `owner` is set, that the caller's organisation owns it.
   */
  async assertReachable(
    caller: Caller,
    tenderId: string,
    check: Readonly<{ owner?: boolean; committee?: boolean }> = {},
  ): Promise<void> {
    const tender = await this.get(caller, tenderId);
    if (check.owner === true && tender.agency !== caller.mspId)
      throw notAuthorised(`tender ${tenderId} belongs to ${tender.agency}`);
    if (
      check.committee === true &&
      (tender.agency !== caller.mspId || !tender.evaluators.includes(caller.username))
    )
      throw notAuthorised(`${caller.username} is not on the committee of tender ${tenderId}`);
  }
}
