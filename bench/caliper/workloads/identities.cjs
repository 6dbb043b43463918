'use strict';
/**
 * Shared by the workload modules: which identities a worker uses, and the base class of the rounds in
 * which the benchmark vendors take turns. The round arguments come from the benchmark configuration
 * that scripts/bench-caliper.ts writes (identity names match the network configuration it writes
 * beside it).
 */
const { WorkloadModuleBase } = require('@hyperledger/caliper-core');

/**
 * This worker's own slice of the benchmark vendors, so no two workers ever send a transaction as the
 * same vendor (one vendor's bids on a tender replace each other and would conflict in flight).
 * @param {{ name: string, vendorId: string }[]} vendors every vendor in the round arguments
 * @param {number} workerIndex this worker, from 0
 * @param {number} totalWorkers how many workers the round has
 * @returns {{ name: string, vendorId: string }[]} the vendors this worker sends as
 */
function vendorsOfWorker(vendors, workerIndex, totalWorkers) {
  const share = Math.floor(vendors.length / totalWorkers);
  if (share < 1) {
    throw new Error(`${vendors.length} vendors cannot be shared by ${totalWorkers} workers`);
  }
  return vendors.slice(workerIndex * share, (workerIndex + 1) * share);
}

/**
 * The request Caliper's Fabric connector sends: a submit, or an evaluate when `readOnly`.
 * @param {object} args the round arguments (contractId)
 * @param {{ name: string, mspId: string }} who the identity to sign as
 * @param {string} fn the chaincode transaction name
 * @param {string[]} contractArguments its arguments, as strings
 * @param {boolean} readOnly evaluate instead of submit
 * @returns {object} a Caliper Fabric request
 */
function request(args, who, fn, contractArguments, readOnly = false) {
  return {
    contractId: args.contractId,
    contractFunction: fn,
    contractArguments,
    invokerIdentity: who.name,
    invokerMspId: who.mspId,
    readOnly,
  };
}

/**
 * A round in which this worker's vendors take turns: `nextVendor()` gives the next one, and `sent` counts
 * the transactions this worker has sent.
 */
class VendorTurns extends WorkloadModuleBase {
  async initializeWorkloadModule(...args) {
    await super.initializeWorkloadModule(...args);
    this.vendors = vendorsOfWorker(this.roundArguments.vendors, this.workerIndex, this.totalWorkers);
    this.sent = 0;
  }

  /** @returns {{ name: string, mspId: string, vendorId: string }} the vendor whose turn it is */
  nextVendor() {
    return this.vendors[this.sent++ % this.vendors.length];
  }
}

module.exports = { VendorTurns, vendorsOfWorker, request };
