import { randomBytes } from 'node:crypto';

import {
  type Bid,
  type BidRecord,
  type PlaceBidInput,
  type PlacedBid,
  SEALED_BID_TRANSIENT_KEY,
  SUPPLIERS_MSP,
  type SealedBid,
  canonicalJson,
} from '@procurement/contract';

import type { Caller } from '../domain/caller';
import { isDomainError, notAuthorised } from '../domain/errors';
import type { Chain, Written } from './chain';

export interface BidServiceOptions {
  /** Attempts of bid:Commit while the seal's block has not reached every endorser (NOT_FOUND). */
  commitAttempts?: number;
  commitBackoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const SUPPLIERS = [SUPPLIERS_MSP];

/** Server-made bid id: "b-" + 96 random bits, base64url (matches ^[A-Za-z0-9._-]{1,64}$). */
function newBidId(): string {
  return `b-${randomBytes(12).toString('base64url')}`;
}

/**
 * Sealed bids. The content travels only as transient data to the Suppliers peer (`bid:Seal`, endorsed by
 * SuppliersMSP alone) and lives in its implicit collection; the majority-endorsed `bid:Commit` then records
 * the private-data hash as the public commitment. Bid content is never logged or put in an error.
 */
export class BidService {
  readonly #chain: Chain;
  readonly #commitAttempts: number;
  readonly #commitBackoffMs: number;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(chain: Chain, options: Readonly<BidServiceOptions> = {}) {
    this.#chain = chain;
    this.#commitAttempts = options.commitAttempts ?? 5;
    this.#commitBackoffMs = options.commitBackoffMs ?? 200;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async place(caller: Caller, tenderId: string, input: PlaceBidInput): Promise<PlacedBid> {
    const vendorId = this.#vendorOf(caller);
    const bidId = newBidId();
    const sealed: SealedBid = {
      tenderId,
      bidId,
      vendorId,
      price: input.price,
      technicalProposal: input.technicalProposal,
      documents: input.documents ?? [],
      salt: randomBytes(32).toString('hex'),
    };
    const seal = await this.#chain.ledger.submit(caller, 'bid:Seal', [tenderId, bidId], {
      transientData: { [SEALED_BID_TRANSIENT_KEY]: Buffer.from(canonicalJson(sealed), 'utf8') },
      endorsingOrganizations: SUPPLIERS,
    });
    const record = await this.#commit(caller, tenderId, bidId);
    return { ...record, sealed, sealTxId: seal.txId, sealBlockNumber: seal.blockNumber };
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

  /** Read back the exact sealed bytes on the Suppliers peer and reveal them. */
  async reveal(caller: Caller, tenderId: string, bidId: string): Promise<Written<BidRecord>> {
    const vendorId = this.#vendorOf(caller);
    // Ownership first (404, then 403 per API.md): the sealed read below only finds the caller's own bids.
    const bid = await this.#chain.query(caller, 'bid:Get', [tenderId, bidId]);
    if (bid.vendorId !== vendorId) throw notAuthorised(`bid ${bidId} is not ${vendorId}'s bid`);
    const sealedJson = await this.#readSealed(caller, tenderId, bidId);
    return this.#chain.write(caller, 'bid:Reveal', [tenderId, bidId, sealedJson]);
  }

  /**
   * The chaincode applies the visibility rules; before the opening deadline (by the chaincode's clock: its
   * records then carry no `revealed` flag) a vendor's own live bids gain their sealed content.
   */
  async list(caller: Caller, tenderId: string): Promise<{ items: Bid[] }> {
    const { items } = await this.#chain.query(caller, 'bid:List', [tenderId]);
    if (caller.role !== 'vendor' || caller.vendorId === undefined) return { items };
    if (items.some((bid) => bid.revealed !== undefined)) return { items };
    const enriched = await Promise.all(items.map((bid) => this.#withSealed(caller, bid)));
    return { items: enriched };
  }

  async #withSealed(caller: Caller, bid: BidRecord): Promise<Bid> {
    if (bid.vendorId !== caller.vendorId || bid.status === 'withdrawn' || bid.status === 'replaced')
      return bid;
    try {
      const sealed = JSON.parse(await this.#readSealed(caller, bid.tenderId, bid.bidId)) as SealedBid;
      return { ...bid, sealed };
    } catch {
      return bid;
    }
  }

  /** The exact stored bytes of the caller's own sealed bid, read on the Suppliers peer. */
  #readSealed(caller: Caller, tenderId: string, bidId: string): Promise<string> {
    return this.#chain.exact(caller, 'bid:ReadSealed', [tenderId, bidId], {
      endorsingOrganizations: SUPPLIERS,
    });
  }

  async #commit(caller: Caller, tenderId: string, bidId: string): Promise<Written<BidRecord>> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.#chain.write(caller, 'bid:Commit', [tenderId, bidId]);
      } catch (error) {
        if (!isDomainError(error, 'NOT_FOUND') || attempt >= this.#commitAttempts) throw error;
        await this.#sleep(this.#commitBackoffMs * attempt);
      }
    }
  }

  /** The caller's vendorId (the route table has already refused every role but vendor). */
  #vendorOf(caller: Caller): string {
    if (caller.vendorId === undefined) throw notAuthorised('this vendor identity carries no vendorId');
    return caller.vendorId;
  }
}
