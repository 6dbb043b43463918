/**
 * Sealed bids and their threshold opening on the ledger (issue 9): the inputs and records of `openingKey:Register`,
 * `bid:Seal`, `bid:ReleaseShares` and `bid:Open`, and the sealed bid's plaintext. The cryptography
 * itself is in `../sealing`.
 */
import { z } from 'zod/v4';

import { LIMITS } from '../limits';
import { sealedBidEnvelopeSchema } from '../sealing/envelope';
import { SEALING_FAILURES, type SealingFailureReason } from '../sealing/errors';
import { releasedShareSchema } from '../sealing/open';
import { keyIdSchema, openingPublicKeySchema, registeredOpeningKeySchema } from '../sealing/opening-keys';
import {
  bookmarkSchema,
  documentsSchema,
  idSchema,
  integer,
  moneySchema,
  openingThresholdSchema,
  pageSizeSchema,
  timestampSchema,
} from './fields';
import { technicalProposalSchema } from './inputs';

/** Shares needed to open a bid when the policy does not say (3 of the 4 organisations). */
export const DEFAULT_OPENING_THRESHOLD = 3;

/** The policy's t. */
export function openingThresholdOf(policy: { openingThreshold?: number | undefined }): number {
  return policy.openingThreshold ?? DEFAULT_OPENING_THRESHOLD;
}

/**
 * What a sealed bid holds: the UTF-8 bytes of this object's canonical JSON are the plaintext that is
 * padded and encrypted. The ledger ids (tender, bid, vendor) are bound as associated data, not repeated.
 */
export const bidContentSchema = z.strictObject({
  price: moneySchema,
  technicalProposal: technicalProposalSchema,
  documents: documentsSchema,
});

/**
 * The sealer's random nonce from which the chaincode derives the bid id (`bidIdFor`): 128 to 256 bits,
 * base64url. Deriving the id from the vendor means no rival can take a bid id first.
 */
export const bidNonceSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{22,43}$/, 'must be 22 to 43 base64url characters (128 to 256 random bits)');

/** `bid:List` query: a page of a tender's bids. */
export const listBidsSchema = z.strictObject({
  pageSize: pageSizeSchema.default(LIMITS.defaultPageSize),
  bookmark: bookmarkSchema.optional(),
});

/** `bid:Seal` argument: the envelope as canonical JSON (checked in the chaincode). */
export { sealedBidEnvelopeSchema };

/** Why an opener could not release its share of a bid: a reason code of the sealing core. */
export const shareFailureReasonSchema = z.enum(
  Object.keys(SEALING_FAILURES) as [SealingFailureReason, ...SealingFailureReason[]],
);

/** `bid:ReleaseShares` input: the caller organisation's shares of some bids of one tender. */
export const releaseSharesSchema = z.strictObject({
  shares: z
    .array(z.strictObject({ bidId: idSchema, share: releasedShareSchema.shape.share }))
    .max(LIMITS.releaseBatch),
  /** Bids whose share this organisation could not decrypt or that did not match its hash. */
  failures: z
    .array(z.strictObject({ bidId: idSchema, reason: shareFailureReasonSchema }))
    .max(LIMITS.releaseBatch)
    .default([]),
});

/** `openingKey:Register` input: the caller organisation's new (or first) opening key. */
export const registerOpeningKeySchema = z.strictObject({
  keyId: keyIdSchema,
  publicKey: openingPublicKeySchema,
});

/** One organisation's opening keys: the current one seals new bids; older ones still open old bids. */
export const openingKeyringSchema = z.object({
  organisation: idSchema,
  current: keyIdSchema,
  keys: z.array(
    z.object({
      keyId: keyIdSchema,
      publicKey: openingPublicKeySchema,
      registeredAt: timestampSchema,
      txId: z.string(),
    }),
  ),
});

/** `openingKey:List`: what a sealer needs, every organisation's current key and the policy's t. */
export const openingKeysSchema = z.object({
  threshold: openingThresholdSchema,
  keys: z.array(registeredOpeningKeySchema),
});

/** What each registered organisation has done for a tender's opening. */
export const openingOrganisationSchema = z.object({
  organisation: idSchema,
  /** Shares released, over all bids. */
  released: integer(),
  /** Bids whose share this organisation reported it could not release. */
  failed: integer(),
  lastReleaseAt: timestampSchema.optional(),
  txId: z.string().optional(),
});

/** `bid:Opening`: the state of a tender's opening, for its public page. */
export const openingStatusSchema = z.object({
  tenderId: idSchema,
  /** The policy's t now (each envelope carries the t it was sealed with). */
  threshold: openingThresholdSchema,
  organisations: z.array(openingOrganisationSchema),
  /** Registered organisations that have released nothing for this tender. */
  missing: z.array(idSchema),
  bids: z.object({ sealed: integer(), opened: integer(), unopenable: integer() }),
  /** True when no live bid is still sealed. */
  complete: z.boolean(),
});

/** What `bid:ReleaseShares` and `bid:Open` answer. */
export const openingResultSchema = z.object({
  tenderId: idSchema,
  organisation: idSchema.optional(),
  released: integer(),
  failed: integer(),
  opened: z.array(idSchema),
  unopenable: z.array(idSchema),
});

/** `bid:Envelopes`: the live sealed bids an opener still has to release a share of. */
export const pendingEnvelopesSchema = z.object({
  items: z.array(z.object({ bidId: idSchema, vendorId: idSchema, envelope: sealedBidEnvelopeSchema })),
});

export type ListBidsQuery = z.input<typeof listBidsSchema>;
export type BidContent = z.output<typeof bidContentSchema>;
export type ReleaseSharesInput = z.output<typeof releaseSharesSchema>;
export type RegisterOpeningKeyInput = z.output<typeof registerOpeningKeySchema>;
export type OpeningKeyring = z.output<typeof openingKeyringSchema>;
export type OpeningKeys = z.output<typeof openingKeysSchema>;
export type OpeningStatus = z.output<typeof openingStatusSchema>;
export type OpeningResult = z.output<typeof openingResultSchema>;
export type PendingEnvelopes = z.output<typeof pendingEnvelopesSchema>;
