import type { Award, ListAwardsQuery, Page } from '@procurement/contract';

import type { Caller } from '../domain/caller';
import { type Chain, type Written, jsonArg } from './chain';

/** Awards: computed by the chaincode on the officer's request; award history for everyone. */
export class AwardService {
  readonly #chain: Chain;

  constructor(chain: Chain) {
    this.#chain = chain;
  }

  make(caller: Caller, tenderId: string): Promise<Written<Award>> {
    return this.#chain.write(caller, 'award:Make', [tenderId]);
  }

  get(caller: Caller, tenderId: string): Promise<Award> {
    return this.#chain.query(caller, 'award:Get', [tenderId]);
  }

  list(caller: Caller, query: ListAwardsQuery): Promise<Page<Award>> {
    return this.#chain.query(caller, 'award:List', [jsonArg(query)]);
  }
}
