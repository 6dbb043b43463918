'use strict';
/**
 * No-op write: `policy:Get` submitted (endorsed, ordered, validated and committed) by the benchmark
 * vendors in turn. It writes nothing, so it is the floor of what any transaction costs.
 */
const { VendorTurns, request } = require('./identities.cjs');

class NoopWrite extends VendorTurns {
  async submitTransaction() {
    await this.sutAdapter.sendRequests(request(this.roundArguments, this.nextVendor(), 'policy:Get', []));
  }
}

module.exports.createWorkloadModule = () => new NoopWrite();
