import { Context, Returns, Transaction } from 'fabric-contract-api';
import type { Policy, PolicyProposal } from '@procurement/contract';
import { idSchema, policyProposalInputSchema, reasonSchema } from '@procurement/contract';
import { requireAllowed, usernameOf } from '../access';
import { notAuthorised, notFound } from '../errors';
import { key, T } from '../ledger/keys';
import { loadPolicy } from '../ledger/records';
import { deleteKey, emit, getJson, history, putJson } from '../ledger/state';
import { txOf } from '../ledger/tx';
import { toIso } from '../rules/time';
import { check, parseJson } from '../rules/validation';
import { ProcurementContract, result } from './base';

/** Local context class: decorator metadata then names it directly (see base.ts). */
class PolicyTxContext extends Context {}

/**
 * The procurement policy. A change is proposed by one auditor and is in force only once a second
 * auditor approves that very proposal on the ledger. A published tender keeps the policy it was
 * published under (tender.policyAtPublish), so no change moves its periods. Every policy that has been
 * in force stays in the key's history with its reasons.
 */
export class PolicyContract extends ProcurementContract {
  override createContext(): PolicyTxContext {
    return new PolicyTxContext();
  }

  constructor() {
    super('policy');
  }

  @Transaction(false)
  @Returns('string')
  async Get(ctx: PolicyTxContext) {
    return result(await loadPolicy(ctx));
  }

  /** Records a pending change; a later proposal replaces it (approvals name the proposal they approve). */
  @Transaction()
  @Returns('string')
  async Propose(ctx: PolicyTxContext, proposalJson: string) {
    const tx = txOf(ctx);
    requireAllowed(tx.actor, 'policy:Propose');
    const { reason, ...policy } = parseJson(proposalJson, policyProposalInputSchema, 'policy proposal');
    const proposal: PolicyProposal = {
      proposalId: tx.txId,
      policy,
      reason,
      proposedBy: usernameOf(tx.actor),
      proposedAt: tx.now,
    };
    await putJson(ctx, key(ctx.stub, T.policyProposal, 'pending'), proposal);
    emit(ctx, 'PolicyProposed', {});
    return result(proposal);
  }

  /** Another auditor than the proposer puts the named pending proposal in force. */
  @Transaction()
  @Returns('string')
  async Approve(ctx: PolicyTxContext, proposalId: string, reason: string) {
    const tx = txOf(ctx);
    requireAllowed(tx.actor, 'policy:Approve');
    check(proposalId, idSchema, 'proposalId');
    const why = check(reason, reasonSchema, 'reason');
    const pendingKey = key(ctx.stub, T.policyProposal, 'pending');
    const proposal = await getJson<PolicyProposal>(ctx, pendingKey);
    if (proposal?.proposalId !== proposalId) throw notFound(`no pending policy proposal ${proposalId}`);
    const approver = usernameOf(tx.actor);
    if (approver === proposal.proposedBy)
      throw notAuthorised('a policy change must be approved by another auditor than its proposer');
    const policy: Policy = {
      ...proposal.policy,
      updatedAt: tx.now,
      updatedBy: approver,
      proposalId,
      reason: proposal.reason,
      proposedBy: proposal.proposedBy,
      proposedAt: proposal.proposedAt,
      approvalReason: why,
    };
    await putJson(ctx, key(ctx.stub, T.policy, 'current'), policy);
    await deleteKey(ctx, pendingKey);
    emit(ctx, 'PolicySet', {});
    return result(policy);
  }

  @Transaction(false)
  @Returns('string')
  async GetProposal(ctx: PolicyTxContext) {
    const proposal = await getJson<PolicyProposal>(ctx, key(ctx.stub, T.policyProposal, 'pending'));
    if (!proposal) throw notFound('no policy change is pending');
    return result(proposal);
  }

  /** Every policy that has been in force, in the history database's order. */
  @Transaction(false)
  @Returns('string')
  async History(ctx: PolicyTxContext) {
    const versions = await history<Policy>(ctx, key(ctx.stub, T.policy, 'current'));
    const items = versions
      .filter((v) => v.value !== undefined)
      .map((v) => ({ txId: v.txId, timestamp: toIso(v.timestampMs), policy: v.value }));
    return result({ items });
  }
}
