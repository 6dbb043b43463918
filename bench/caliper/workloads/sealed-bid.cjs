'use strict';
/**
 * Sealed bid: each transaction is `bid:Seal` with an envelope sealed here, as a client seals it
 * (`sealBidContent` from @procurement/contract) to the opening keys the worker read once with
 * `openingKey:List`. Vendors take turns; after each pass over this worker's vendors the next published
 * tender is used, so a vendor's bid replaces an earlier one only once every tender has one.
 */
const { canonicalJson, sealBidContent } = require('@procurement/contract');
const { VendorTurns, request } = require('./identities.cjs');

class SealedBid extends VendorTurns {
  async initializeWorkloadModule(...args) {
    await super.initializeWorkloadModule(...args);
    const keys = await this.sutAdapter.sendRequests(
      request(this.roundArguments, this.vendors[0], 'openingKey:List', [], true),
    );
    if (!keys.IsCommitted()) {
      throw new Error('openingKey:List failed: the bids cannot be sealed');
    }
    this.openingKeys = JSON.parse(Buffer.from(keys.GetResult()).toString('utf8'));
  }

  async submitTransaction() {
    const k = this.sent;
    const vendor = this.nextVendor();
    const { tenders } = this.roundArguments;
    const tenderId = tenders[Math.floor(k / this.vendors.length) % tenders.length];
    const sealed = await sealBidContent({
      tenderId,
      vendorId: vendor.vendorId,
      content: {
        price: { amount: String(90000000 + k), currency: 'EUR' },
        technicalProposal: { summary: 'caliper benchmark' },
        documents: [],
      },
      openingKeys: this.openingKeys.keys,
      threshold: this.openingKeys.threshold,
    });
    await this.sutAdapter.sendRequests(
      request(this.roundArguments, vendor, 'bid:Seal', [
        tenderId,
        sealed.nonce,
        canonicalJson(sealed.envelope),
      ]),
    );
  }
}

module.exports.createWorkloadModule = () => new SealedBid();
