import type { Policy } from '@procurement/contract';

import type { Caller } from '../domain/caller';
import { type Chain, type Written, jsonArg } from './chain';

export type PolicyInput = Omit<Policy, 'updatedAt' | 'updatedBy'>;

/** The procurement policy: anyone reads it, only the oversight body's auditors set it. */
export class PolicyService {
  readonly #chain: Chain;

  constructor(chain: Chain) {
    this.#chain = chain;
  }

  get(caller: Caller): Promise<Policy> {
    return this.#chain.query(caller, 'policy:Get', []);
  }

  set(caller: Caller, input: PolicyInput): Promise<Written<Policy>> {
    return this.#chain.write(caller, 'policy:Set', [jsonArg(input)]);
  }
}
