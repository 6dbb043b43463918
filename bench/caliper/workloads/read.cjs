'use strict';
/**
 * Read: `tender:Get` of a published tender, evaluated (endorsing peer only, nothing ordered) by the
 * benchmark vendors in turn.
 */
const { WorkloadModuleBase } = require('@hyperledger/caliper-core');
const { request, vendorsOfWorker } = require('./identities.cjs');

class Read extends WorkloadModuleBase {
  async initializeWorkloadModule(
    workerIndex,
    totalWorkers,
    roundIndex,
    roundArguments,
    sutAdapter,
    sutContext,
  ) {
    await super.initializeWorkloadModule(
      workerIndex,
      totalWorkers,
      roundIndex,
      roundArguments,
      sutAdapter,
      sutContext,
    );
    this.vendors = vendorsOfWorker(roundArguments.vendors, workerIndex, totalWorkers);
    this.sent = 0;
  }

  async submitTransaction() {
    const vendor = this.vendors[this.sent++ % this.vendors.length];
    const { readTender } = this.roundArguments;
    await this.sutAdapter.sendRequests(
      request(this.roundArguments, vendor, 'tender:Get', [readTender], true),
    );
  }
}

module.exports.createWorkloadModule = () => new Read();
