import type { Policy, PolicyHistory, PolicyProposal, PolicyProposalInput } from '@procurement/contract';

import type { Caller } from '../domain/caller';
import { type Chain, type Written, jsonArg } from './chain';

/**
 * The procurement policy: anyone reads it; one auditor proposes a change and another approves it on the
 * ledger before it is in force (the chaincode judges both steps).
 */
export class PolicyService {
  readonly #chain: Chain;

  constructor(chain: Chain) {
    this.#chain = chain;
  }

  get(caller: Caller): Promise<Policy> {
    return this.#chain.query(caller, 'policy:Get', []);
  }

  propose(caller: Caller, input: PolicyProposalInput): Promise<Written<PolicyProposal>> {
    return this.#chain.write(caller, 'policy:Propose', [jsonArg(input)]);
  }

  proposal(caller: Caller): Promise<PolicyProposal> {
    return this.#chain.query(caller, 'policy:GetProposal', []);
  }

  approve(caller: Caller, proposalId: string, reason: string): Promise<Written<Policy>> {
    return this.#chain.write(caller, 'policy:Approve', [proposalId, reason]);
  }

  history(caller: Caller): Promise<PolicyHistory> {
    return this.#chain.query(caller, 'policy:History', []);
  }
}
