/**
 * The sealer's side in one call, for the portal, API clients and the gateway's plaintext route: draw a
 * nonce, derive the bid id the chaincode will derive, and seal the bid's canonical JSON to the
 * registered opening keys. The chaincode recomputes `bidIdFor` from the caller's own vendor id, so a
 * bid id cannot be taken by a rival (issue 10 §8) and the envelope's associated data always names it.
 */
import { canonicalJson } from '../canonical';
import type { BidContent } from '../schemas/bids';
import type { SealedBidEnvelope } from './envelope';
import type { RegisteredOpeningKey } from './opening-keys';
import { toBase64Url } from './encoding';
import { randomBytes, sha256, utf8ToBytes } from './primitives';
import { sealBid } from './seal';

/** Domain label of the bid id hash. */
const BID_ID_LABEL = 'procurement-ledger/bid-id/v1';
/** Random bytes in a fresh nonce (128 bits). */
const NONCE_BYTES = 16;
/** Characters of the derived id's hash part (192 bits of base64url). */
const BID_ID_HASH_CHARS = 32;

/**
 * The bid id of a vendor's bid on a tender: `b-` and 32 base64url characters of
 * `SHA-256(label | tenderId | vendorId | nonce)`. Deterministic, so the chaincode computes the same id.
 */
export function bidIdFor(tenderId: string, vendorId: string, nonce: string): string {
  const digest = sha256(utf8ToBytes([BID_ID_LABEL, tenderId, vendorId, nonce].join('|')));
  return `b-${toBase64Url(digest).slice(0, BID_ID_HASH_CHARS)}`;
}

/** A fresh nonce for `bidIdFor`: 128 random bits, base64url. */
export function newBidNonce(): string {
  return toBase64Url(randomBytes(NONCE_BYTES));
}

export interface SealBidContentInput {
  readonly tenderId: string;
  /** The bidding vendor's id, as its certificate carries it. */
  readonly vendorId: string;
  readonly content: BidContent;
  /** `GET /api/v1/opening-keys`: every organisation's current key and the policy's t. */
  readonly openingKeys: readonly RegisteredOpeningKey[];
  readonly threshold: number;
  /** Leave out for a fresh one. */
  readonly nonce?: string;
}

export interface SealedBidContent {
  readonly bidId: string;
  readonly nonce: string;
  readonly envelope: SealedBidEnvelope;
}

/**
 * Seals a bid for `POST /api/v1/tenders/{id}/bids` (`{ nonce, envelope }`).
 *
 * @throws {SealingError} as `sealBid` does (a bad id, threshold, key or an oversized bid).
 */
export async function sealBidContent(input: SealBidContentInput): Promise<SealedBidContent> {
  const nonce = input.nonce ?? newBidNonce();
  const bidId = bidIdFor(input.tenderId, input.vendorId, nonce);
  const envelope = await sealBid({
    tenderId: input.tenderId,
    bidId,
    vendorId: input.vendorId,
    plaintext: utf8ToBytes(canonicalJson(input.content)),
    openingKeys: input.openingKeys,
    threshold: input.threshold,
  });
  return { bidId, nonce, envelope };
}
