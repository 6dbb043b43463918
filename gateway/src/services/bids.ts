import {
  type BidRecord,
  type ClientSealedBidInput,
  type ListBidsQuery,
  type OpeningKeys,
  type OpeningStatus,
  type PlaceBidInput,
  type PlacedBid,
  type PlaintextBidInput,
  SealingError,
  canonicalJson,
  sealBidContent,
} from '@procurement/contract';

import type { Caller } from '../domain/caller';
import { invalidArgument, notAuthorised } from '../domain/errors';
import { type Chain, type Written, jsonArg } from './chain';

function isClientSealed(input: PlaceBidInput): input is ClientSealedBidInput {
  return 'envelope' in input;
}

/**
 * Sealed bids: one majority-endorsed `bid:Seal` carries the envelope. A client that seals itself
 * (portal, API client) sends `{ nonce, envelope }` and the gateway never sees the bid; a plaintext bid
 * is sealed here, to the registered opening keys, and the gateway then holds the bid in memory for the
 * length of the request (never logged, never stored, never put in an error).
 */
export class BidService {
  readonly #chain: Chain;

  constructor(chain: Chain) {
    this.#chain = chain;
  }

  async place(caller: Caller, tenderId: string, input: PlaceBidInput): Promise<PlacedBid> {
    const vendorId = this.#vendorOf(caller);
    const sealed = isClientSealed(input) ? input : await this.#seal(caller, tenderId, vendorId, input);
    return this.#chain.write(caller, 'bid:Seal', [tenderId, sealed.nonce, canonicalJson(sealed.envelope)]);
  }

  /** The registered keys and the policy's t, as a client needs them to seal. */
  openingKeys(caller: Caller): Promise<OpeningKeys> {
    return this.#chain.query(caller, 'openingKey:List', []);
  }

  async #seal(
    caller: Caller,
    tenderId: string,
    vendorId: string,
    input: PlaintextBidInput,
  ): Promise<ClientSealedBidInput> {
    const { keys, threshold } = await this.openingKeys(caller);
    try {
      const sealed = await sealBidContent({
        tenderId,
        vendorId,
        content: {
          price: input.price,
          technicalProposal: input.technicalProposal,
          documents: input.documents ?? [],
        },
        openingKeys: keys,
        threshold,
      });
      return { nonce: sealed.nonce, envelope: sealed.envelope };
    } catch (error) {
      if (error instanceof SealingError) throw invalidArgument(`the bid cannot be sealed: ${error.message}`);
      throw error;
    }
  }

  /**
   * For the refusal order only (404, then 403 debarred, before 400 field validation): the tender exists and
   * the vendor is not debarred. Runs only when the body is invalid; the chaincode judges valid bids.
   */
  async assertCanBid(caller: Caller, tenderId: string): Promise<void> {
    const vendorId = this.#vendorOf(caller);
    await this.#chain.query(caller, 'tender:Get', [tenderId]);
    const vendor = await this.#chain.query(caller, 'vendor:Get', [vendorId]);
    if (vendor.debarred) throw notAuthorised(`vendor ${vendorId} is debarred`);
  }

  withdraw(caller: Caller, tenderId: string, bidId: string): Promise<Written<BidRecord>> {
    this.#vendorOf(caller);
    return this.#chain.write(caller, 'bid:Withdraw', [tenderId, bidId]);
  }

  /** The chaincode applies the visibility rules (before opening: the count, and a vendor's own bids). */
  list(
    caller: Caller,
    tenderId: string,
    query: ListBidsQuery,
  ): Promise<{ items: BidRecord[]; total: number }> {
    return this.#chain.query(caller, 'bid:List', [tenderId, jsonArg(query)]);
  }

  get(caller: Caller, tenderId: string, bidId: string): Promise<BidRecord> {
    return this.#chain.query(caller, 'bid:Get', [tenderId, bidId]);
  }

  opening(caller: Caller, tenderId: string): Promise<OpeningStatus> {
    return this.#chain.query(caller, 'bid:Opening', [tenderId]);
  }

  /** The caller's vendorId (the route table has already refused every role but vendor). */
  #vendorOf(caller: Caller): string {
    if (caller.vendorId === undefined) throw notAuthorised('this vendor identity carries no vendorId');
    return caller.vendorId;
  }
}
