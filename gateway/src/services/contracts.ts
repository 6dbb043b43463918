import type { ContractRecord, DocumentRef } from '@procurement/contract';

import type { Caller } from '../domain/caller';
import { type Chain, type Written, jsonArg } from './chain';

/** The contract, recorded after standstill with no open challenge. */
export class ContractService {
  readonly #chain: Chain;

  constructor(chain: Chain) {
    this.#chain = chain;
  }

  record(caller: Caller, tenderId: string, documents?: DocumentRef[]): Promise<Written<ContractRecord>> {
    return this.#chain.write(caller, 'award:RecordContract', [
      tenderId,
      jsonArg(documents === undefined ? {} : { documents }),
    ]);
  }
}
