import type { TenderVersion } from '@procurement/contract';

import type { Caller } from '../domain/caller';
import type { Chain } from './chain';

/** A tender's full history: every version with txId, timestamp and submitter MSP. */
export class HistoryService {
  readonly #chain: Chain;

  constructor(chain: Chain) {
    this.#chain = chain;
  }

  tender(caller: Caller, tenderId: string): Promise<{ items: TenderVersion[] }> {
    return this.#chain.query(caller, 'tender:History', [tenderId]);
  }
}
