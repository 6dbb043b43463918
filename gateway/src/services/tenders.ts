import type {
  AmendTenderInput,
  CreateTenderInput,
  ListTendersQuery,
  Page,
  Tender,
  TenderView,
} from '@procurement/contract';

import type { Caller } from '../domain/caller';
import { notAuthorised } from '../domain/errors';
import { type Chain, type Written, jsonArg } from './chain';

/**
 * Tenders: create, publish, amend, cancel, read and list. The chaincode is the one judge of every rule
 * (deadlines, statuses, ownership); this service only carries requests and passes its refusals on.
 */
export class TenderService {
  readonly #chain: Chain;

  constructor(chain: Chain) {
    this.#chain = chain;
  }

  create(caller: Caller, input: CreateTenderInput): Promise<Written<Tender>> {
    return this.#chain.write(caller, 'tender:Create', [jsonArg(input)]);
  }

  publish(caller: Caller, tenderId: string): Promise<Written<Tender>> {
    return this.#chain.write(caller, 'tender:Publish', [tenderId]);
  }

  amend(caller: Caller, tenderId: string, input: AmendTenderInput): Promise<Written<Tender>> {
    return this.#chain.write(caller, 'tender:Amend', [tenderId, jsonArg(input)]);
  }

  cancel(caller: Caller, tenderId: string, reason: string): Promise<Written<Tender>> {
    return this.#chain.write(caller, 'tender:Cancel', [tenderId, reason]);
  }

  /** The auditor's approval, needed to cancel once the opening deadline has passed. */
  approveCancellation(caller: Caller, tenderId: string, reason: string): Promise<Written<Tender>> {
    return this.#chain.write(caller, 'tender:ApproveCancel', [tenderId, reason]);
  }

  /** As the caller may see it: drafts of other agencies are not found, committees shown to few. */
  get(caller: Caller, tenderId: string): Promise<TenderView> {
    return this.#chain.query(caller, 'tender:Get', [tenderId]);
  }

  list(caller: Caller, query: ListTendersQuery): Promise<Page<TenderView>> {
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
      (tender.agency !== caller.mspId || !(tender.evaluators ?? []).includes(caller.username))
    )
      throw notAuthorised(`${caller.username} is not on the committee of tender ${tenderId}`);
  }
}
