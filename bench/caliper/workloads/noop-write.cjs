'use strict';
/**
 * No-op write: `policy:Get` submitted (endorsed, ordered, validated and committed) by the benchmark
 * vendors in turn. It writes nothing, so it is the floor of what any transaction costs.
 */
const { WorkloadModuleBase } = require('@hyperledger/caliper-core');
const { request, vendorsOfWorker } = require('./identities.cjs');

class NoopWrite extends WorkloadModuleBase {
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
    await this.sutAdapter.sendRequests(request(this.roundArguments, vendor, 'policy:Get', []));
  }
}

module.exports.createWorkloadModule = () => new NoopWrite();
