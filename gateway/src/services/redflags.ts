import type { RedFlagRecord } from '@procurement/contract';

import type { Caller } from '../domain/caller';
import type { Chain, Written } from './chain';

/** Red flags: the chaincode raises them; the oversight body's auditors review them. */
export class RedFlagService {
  readonly #chain: Chain;

  constructor(chain: Chain) {
    this.#chain = chain;
  }

  list(caller: Caller, tenderId: string): Promise<{ items: RedFlagRecord[] }> {
    return this.#chain.query(caller, 'redflag:List', [tenderId]);
  }

  review(caller: Caller, flagId: string, note: string): Promise<Written<RedFlagRecord>> {
    return this.#chain.write(caller, 'redflag:Review', [flagId, note]);
  }
}
