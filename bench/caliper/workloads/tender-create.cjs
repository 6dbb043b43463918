'use strict';
/**
 * Tender create: `tender:Create` of a draft tender by an agency officer, each with its own id (one
 * new ledger key per transaction, no conflicts between them).
 */
const { WorkloadModuleBase } = require('@hyperledger/caliper-core');
const { request } = require('./identities.cjs');

class TenderCreate extends WorkloadModuleBase {
  async initializeWorkloadModule(...args) {
    await super.initializeWorkloadModule(...args);
    this.sent = 0;
    // Deadlines far ahead, fixed for the round (the chaincode checks them against its clock guard).
    const at = (seconds) => new Date(Date.now() + seconds * 1000).toISOString();
    this.submissionDeadline = at(3600);
    this.openingDeadline = at(4200);
  }

  async submitTransaction() {
    const { runId, officer } = this.roundArguments;
    const tender = {
      id: `caliper-${runId}-${this.workerIndex}-${this.sent++}`,
      title: 'Caliper benchmark tender',
      description: 'Created by the tender create round of npm run bench:caliper',
      cpv: '45000000-7',
      estimatedValue: { amount: '100000000', currency: 'EUR' },
      procedure: 'open',
      submissionDeadline: this.submissionDeadline,
      openingDeadline: this.openingDeadline,
      awardCriteria: { method: 'lowestPrice' },
      evaluators: officer.evaluators,
      documents: [],
    };
    await this.sutAdapter.sendRequests(
      request(this.roundArguments, officer, 'tender:Create', [JSON.stringify(tender)]),
    );
  }
}

module.exports.createWorkloadModule = () => new TenderCreate();
