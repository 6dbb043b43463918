import { randomBytes } from 'node:crypto';

import type { Caller } from '../domain/caller';
import type { BidRecord, DocumentRef, Money, SealedBid } from '@procurement/contract';
import { canonicalJson } from '@procurement/contract';
import { isDomainError, notAuthorised } from '../domain/errors';
import { requireId, requireRole } from './access';
import type { Chain, Written } from './chain';

export interface PlaceBidInput {
  price: Money;
  technicalProposal: Record<string, unknown>;
  documents?: DocumentRef[];
}

/** A bid as its own vendor sees it before the opening deadline: the record plus what the gateway sealed. */
export type OwnBid = BidRecord & { sealed?: SealedBid };

export interface PlacedBid extends Written<BidRecord> {
  sealed: SealedBid;
  sealTxId: string;
  sealBlockNumber: number;
}

export interface BidServiceOptions {
  /** Attempts of bid:Commit while the seal's block has not reached every endorser (NOT_FOUND). */
  commitAttempts?: number;
  commitBackoffMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const SUPPLIERS = ['SuppliersMSP'];

/** Server-made bid id: "b-" + 96 random bits, base64url (matches ^[A-Za-z0-9._-]{1,64}$). */
export function newBidId(): string {
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
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(chain: Chain, options: Readonly<BidServiceOptions> = {}) {
    this.#chain = chain;
    this.#commitAttempts = options.commitAttempts ?? 5;
    this.#commitBackoffMs = options.commitBackoffMs ?? 200;
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async place(caller: Caller, tenderId: string, input: PlaceBidInput): Promise<PlacedBid> {
    const vendorId = this.#vendorOf(caller);
    requireId(tenderId, 'id');
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
      transientData: { sealedBid: Buffer.from(canonicalJson(sealed), 'utf8') },
      endorsingOrganizations: SUPPLIERS,
    });
    const record = await this.#commit(caller, tenderId, bidId);
    return { ...record, sealed, sealTxId: seal.txId, sealBlockNumber: seal.blockNumber };
  }

  /** For the refusal order: the tender exists (404) and the vendor is not debarred (403). */
  async assertCanBid(caller: Caller, tenderId: string): Promise<void> {
    const vendorId = this.#vendorOf(caller);
    await this.#chain.query(caller, 'tender:Get', [tenderId]);
    const vendor = await this.#chain.query(caller, 'vendor:Get', [vendorId]);
    if (vendor.debarred) throw notAuthorised(`vendor ${vendorId} is debarred`);
  }

  withdraw(caller: Caller, tenderId: string, bidId: string): Promise<Written<BidRecord>> {
    this.#vendorOf(caller);
    requireId(tenderId, 'id');
    requireId(bidId, 'bidId');
    return this.#chain.write(caller, 'bid:Withdraw', [tenderId, bidId]);
  }

  /** Read back the exact sealed bytes on the Suppliers peer and reveal them. */
  async reveal(caller: Caller, tenderId: string, bidId: string): Promise<Written<BidRecord>> {
    const vendorId = this.#vendorOf(caller);
    requireId(tenderId, 'id');
    requireId(bidId, 'bidId');
    // Ownership first (404, then 403 per API.md): the sealed read below only finds the caller's own bids.
    const bid = await this.#chain.query(caller, 'bid:Get', [tenderId, bidId]);
    if (bid.vendorId !== vendorId) throw notAuthorised(`bid ${bidId} is not ${vendorId}'s bid`);
    const sealedJson = await this.#readSealed(caller, tenderId, bidId);
    return this.#chain.write(caller, 'bid:Reveal', [tenderId, bidId, sealedJson]);
  }

  /** The chaincode applies the visibility rules; a vendor's own live bids gain their sealed content. */
  async list(caller: Caller, tenderId: string): Promise<{ items: OwnBid[] }> {
    requireId(tenderId, 'id');
    const { items } = await this.#chain.query(caller, 'bid:List', [tenderId]);
    if (caller.role !== 'vendor' || caller.vendorId === undefined) return { items };
    const tender = await this.#chain.query(caller, 'tender:Get', [tenderId]);
    if (this.#now() >= Date.parse(tender.openingDeadline)) return { items };
    const enriched = await Promise.all(items.map((bid) => this.#withSealed(caller, bid)));
    return { items: enriched };
  }

  async #withSealed(caller: Caller, bid: BidRecord): Promise<OwnBid> {
    if (bid.vendorId !== caller.vendorId || bid.status === 'withdrawn' || bid.status === 'replaced')
      return bid;
    try {
      const sealed = JSON.parse(await this.#readSealed(caller, bid.tenderId, bid.bidId)) as SealedBid;
      return { ...bid, sealed };
    } catch {
      return bid;
    }
  }

  #readSealed(caller: Caller, tenderId: string, bidId: string): Promise<string> {
    return this.#chain.ledger.evaluate(caller, 'bid:ReadSealed', [tenderId, bidId], {
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

  #vendorOf(caller: Caller): string {
    requireRole(caller, 'vendor');
    if (caller.vendorId === undefined) throw notAuthorised('this vendor identity carries no vendorId');
    return caller.vendorId;
  }
}
