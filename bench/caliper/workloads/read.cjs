'use strict';
/**
 * Read: `tender:Get` of a published tender, evaluated (endorsing peer only, nothing ordered) by the
 * benchmark vendors in turn.
 */
const { VendorTurns, request } = require('./identities.cjs');

class Read extends VendorTurns {
  async submitTransaction() {
    const { readTender } = this.roundArguments;
    await this.sutAdapter.sendRequests(
      request(this.roundArguments, this.nextVendor(), 'tender:Get', [readTender], true),
    );
  }
}

module.exports.createWorkloadModule = () => new Read();
