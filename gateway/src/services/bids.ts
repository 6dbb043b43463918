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
import { invalidArgument, isDomainError, notAuthorised } from '../domain/errors';
import { type Chain, type Written, jsonArg } from './chain';

function isClientSealed(input: PlaceBidInput): input is ClientSealedBidInput {
  return 'envelope' in input;
}

/** How long the gateway seals plaintext bids to the opening keys it read, before it reads them again. */
export const OPENING_KEYS_REUSE_MS = 10_000;

/**
 * The chaincode's refusals of an envelope sealed to keys that are no longer the registered ones (a key
 * rotated, an organisation added, t changed): the sealing failure reasons of the contract package.
 */
const STALE_KEYS = /\b(THRESHOLD_MISMATCH|SHARES_MISMATCH|UNKNOWN_KEY):/;

function isStaleKeysRefusal(error: unknown): boolean {
  return isDomainError(error, 'INVALID_ARGUMENT') && STALE_KEYS.test(error.message);
}

/**
 * Sealed bids: one majority-endorsed `bid:Seal` carries the envelope. A client that seals itself
 * (portal, API client) sends `{ nonce, envelope }` and the gateway never sees the bid; a plaintext bid
 * is sealed here, to the registered opening keys, and the gateway then holds the bid in memory for the
 * length of the request (never logged, never stored, never put in an error).
 */
export class BidService {
  readonly #chain: Chain;
  readonly #now: () => number;
  /**
   * The opening keys the last plaintext bid was sealed to, reused for OPENING_KEYS_REUSE_MS: they are
   * public and change only when an organisation rotates its key, and reading them is a chaincode call
   * on the same peer that then endorses the bid. A bid sealed to keys rotated meanwhile is refused by
   * the chaincode (nothing is written); it is then sealed again to freshly read keys, once.
   */
  #keys: { readAt: number; keys: Promise<OpeningKeys> } | undefined;

  constructor(chain: Chain, now: () => number = Date.now) {
    this.#chain = chain;
    this.#now = now;
  }

  async place(caller: Caller, tenderId: string, input: PlaceBidInput): Promise<PlacedBid> {
    const vendorId = this.#vendorOf(caller);
    if (isClientSealed(input)) return this.#write(caller, tenderId, input);
    try {
      return await this.#write(caller, tenderId, await this.#seal(caller, tenderId, vendorId, input, false));
    } catch (error) {
      if (!isStaleKeysRefusal(error)) throw error;
      return this.#write(caller, tenderId, await this.#seal(caller, tenderId, vendorId, input, true));
    }
  }

  #write(caller: Caller, tenderId: string, sealed: ClientSealedBidInput): Promise<PlacedBid> {
    return this.#chain.write(caller, 'bid:Seal', [tenderId, sealed.nonce, canonicalJson(sealed.envelope)]);
  }

  /** The keys to seal a plaintext bid to: those read in the last OPENING_KEYS_REUSE_MS, unless `fresh`. */
  #sealingKeys(caller: Caller, fresh: boolean): Promise<OpeningKeys> {
    const now = this.#now();
    const kept = this.#keys;
    if (!fresh && kept !== undefined && now - kept.readAt < OPENING_KEYS_REUSE_MS) return kept.keys;
    const keys = this.openingKeys(caller);
    const entry = { readAt: now, keys };
    this.#keys = entry;
    // A failed read is not kept: the next bid reads again.
    keys.catch(() => {
      if (this.#keys === entry) this.#keys = undefined;
    });
    return keys;
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
    freshKeys: boolean,
  ): Promise<ClientSealedBidInput> {
    const { keys, threshold } = await this.#sealingKeys(caller, freshKeys);
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
