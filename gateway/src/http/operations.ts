/** What each operation of the route table does: a call into one service, plus the refusal-order prechecks. */
import type { Caller } from '../domain/caller';
import type { Services } from '../services';
import type { Operations } from './table';

/** The handlers of every operation the route table serves. */
export function operations(s: Services): Operations {
  const tenderOwned = ({ caller, params }: { caller: Caller; params: { id: string } }): Promise<void> =>
    s.tenders.assertReachable(caller, params.id, { owner: true });
  const vendorExists = async ({ caller, params }: { caller: Caller; params: { vendorId: string } }) => {
    await s.vendors.get(caller, params.vendorId);
  };
  return {
    getPolicy: { run: ({ caller }) => s.policy.get(caller) },
    proposePolicy: { run: ({ caller, body }) => s.policy.propose(caller, body) },
    getPolicyProposal: { run: ({ caller }) => s.policy.proposal(caller) },
    approvePolicy: {
      run: ({ caller, params, body }) => s.policy.approve(caller, params.proposalId, body.reason),
    },
    policyHistory: { run: ({ caller }) => s.policy.history(caller) },
    reviewRedFlag: { run: ({ caller, params, body }) => s.redFlags.review(caller, params.flagId, body.note) },

    listTenders: { run: ({ caller, query }) => s.tenders.list(caller, query) },
    createTender: { run: ({ caller, body }) => s.tenders.create(caller, body) },
    getTender: { run: ({ caller, params }) => s.tenders.get(caller, params.id) },
    tenderHistory: { run: ({ caller, params }) => s.history.tender(caller, params.id) },
    publishTender: { run: ({ caller, params }) => s.tenders.publish(caller, params.id) },
    amendTender: {
      precheck: tenderOwned,
      run: ({ caller, params, body }) => s.tenders.amend(caller, params.id, body),
    },
    cancelTender: {
      precheck: tenderOwned,
      run: ({ caller, params, body }) => s.tenders.cancel(caller, params.id, body.reason),
    },
    approveCancellation: {
      run: ({ caller, params, body }) => s.tenders.approveCancellation(caller, params.id, body.reason),
    },

    listOpeningKeys: { run: ({ caller }) => s.bids.openingKeys(caller) },
    listBids: { run: ({ caller, params, query }) => s.bids.list(caller, params.id, query) },
    getBid: { run: ({ caller, params }) => s.bids.get(caller, params.id, params.bidId) },
    getOpening: { run: ({ caller, params }) => s.bids.opening(caller, params.id) },
    placeBid: {
      precheck: ({ caller, params }) => s.bids.assertCanBid(caller, params.id),
      run: ({ caller, params, body }) => s.bids.place(caller, params.id, body),
    },
    withdrawBid: { run: ({ caller, params }) => s.bids.withdraw(caller, params.id, params.bidId) },

    listEvaluations: { run: ({ caller, params }) => s.evaluations.list(caller, params.id) },
    submitEvaluation: {
      precheck: ({ caller, params }) => s.tenders.assertReachable(caller, params.id, { committee: true }),
      run: ({ caller, params, body }) => s.evaluations.submit(caller, params.id, body),
    },

    getAward: { run: ({ caller, params }) => s.awards.get(caller, params.id) },
    makeAward: { run: ({ caller, params }) => s.awards.make(caller, params.id) },
    listAwards: { run: ({ caller, query }) => s.awards.list(caller, query) },
    lodgeChallenge: {
      precheck: ({ caller, params }) => s.tenders.assertReachable(caller, params.id),
      run: ({ caller, params, body }) => s.challenges.lodge(caller, params.id, body.reason),
    },
    getChallenge: { run: ({ caller, params }) => s.challenges.get(caller, params.challengeId) },
    decideChallenge: {
      precheck: async ({ caller, params }) => {
        await s.challenges.get(caller, params.challengeId);
      },
      run: ({ caller, params, body }) =>
        s.challenges.decide(caller, params.challengeId, body.decision, body.reason),
    },
    recordContract: {
      precheck: tenderOwned,
      run: ({ caller, params, body }) => s.contracts.record(caller, params.id, body.documents),
    },

    registerVendor: { run: ({ caller, body }) => s.vendors.register(caller, body) },
    addVendorUser: {
      run: ({ caller, params, body }) => s.vendors.addUser(caller, params.vendorId, body),
    },
    approveVendorUser: {
      run: ({ caller, params }) => s.vendors.approveUser(caller, params.vendorId, params.username),
    },
    getVendor: { run: ({ caller, params }) => s.vendors.get(caller, params.vendorId) },
    debarVendor: {
      precheck: vendorExists,
      run: ({ caller, params, body }) => s.vendors.debar(caller, params.vendorId, body),
    },
    reinstateVendor: {
      precheck: vendorExists,
      run: ({ caller, params, body }) => s.vendors.reinstate(caller, params.vendorId, body.reason),
    },
  };
}
