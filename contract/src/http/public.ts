/**
 * The public read API's shapes (`/public/v1`, no login): its query parameters and its answers. The
 * answers are served from the gateway's off-chain read model, never from the peers, and hold only what
 * is public on the ledger: no sealed content, no bid before opening, no user names.
 */
import { z } from 'zod/v4';

import { AMOUNT_PATTERN, CPV_PATTERN, CURRENCY_PATTERN, LIMITS } from '../limits';
import { RED_FLAG_CODES } from '../redflags/flag';
import { RED_FLAG_STATUSES } from '../redflags/record';
import {
  bookmarkSchema,
  chars,
  idSchema,
  integer,
  moneySchema,
  pageSizeSchema,
  timestampSchema,
} from '../schemas/fields';
import { awardCriteriaSchema } from '../schemas/inputs';
import { AWARD_STATUSES, PROCEDURES, TENDER_STATUSES } from '../vocabulary';

/** Base path of the public read API. */
export const PUBLIC_BASE = '/public/v1';

/** Characters of a full-text search query. */
export const PUBLIC_SEARCH_CHARS = 200;

/** An Open Contracting ID: the configured prefix, a hyphen, the tender id. */
export const OCID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const ocidSchema = z.string().regex(OCID_PATTERN, `must match ${OCID_PATTERN.source}`);

/** A Fabric transaction id: 64 lower-case hex digits. */
export const TX_ID_PATTERN = /^[0-9a-f]{64}$/;
export const txIdSchema = z.string().regex(TX_ID_PATTERN, 'a transaction id (64 lower-case hex digits)');

/** A red flag's id: the raising transaction's id, a hyphen, the flag's code. */
export const FLAG_ID_PATTERN = new RegExp(`^[0-9a-f]{64}-(${RED_FLAG_CODES.join('|')})$`);
export const flagIdSchema = z.string().regex(FLAG_ID_PATTERN, 'a red flag id (txId-CODE)');

const amountSchema = z.string().regex(AMOUNT_PATTERN, 'integer minor units');
const paging = { pageSize: pageSizeSchema.optional(), bookmark: bookmarkSchema.optional() };

export const publicRecordsQuerySchema = z.strictObject({ ...paging });

export const publicReleasesQuerySchema = z.strictObject({
  since: timestampSchema.optional().meta({ description: 'only releases dated at or after this time' }),
  ...paging,
});

export const publicAwardsQuerySchema = z.strictObject({
  agency: idSchema.optional().meta({ description: "the buying agency's MSP ID" }),
  vendor: idSchema.optional().meta({ description: 'the vendor id' }),
  from: timestampSchema.optional().meta({ description: 'inclusive, on awardedAt' }),
  to: timestampSchema.optional().meta({ description: 'exclusive, on awardedAt' }),
  ...paging,
});

export const publicTendersQuerySchema = z.strictObject({
  q: chars(1, PUBLIC_SEARCH_CHARS)
    .optional()
    .meta({ description: 'full-text search over title, description and CPV code' }),
  agency: idSchema.optional().meta({ description: "the buying agency's MSP ID" }),
  status: z.enum(TENDER_STATUSES).optional(),
  cpv: z
    .string()
    .regex(/^[0-9]{2,8}$/)
    .optional()
    .meta({ description: 'CPV code prefix (2 to 8 digits)' }),
  from: timestampSchema.optional().meta({ description: 'inclusive, on publishedAt' }),
  to: timestampSchema.optional().meta({ description: 'exclusive, on publishedAt' }),
  currency: z.string().regex(CURRENCY_PATTERN).optional().meta({ description: 'of the estimated value' }),
  minValue: amountSchema.optional().meta({ description: 'estimated value at least, minor units' }),
  maxValue: amountSchema.optional().meta({ description: 'estimated value at most, minor units' }),
  ...paging,
});

export const publicRedFlagsQuerySchema = z.strictObject({
  code: z.enum(RED_FLAG_CODES).optional(),
  tenderId: idSchema.optional(),
  agency: idSchema.optional().meta({ description: "the buying agency's MSP ID" }),
  status: z.enum(RED_FLAG_STATUSES).optional(),
  ...paging,
});

/**
 * An OCDS 1.1.5 document (a package, a record or a release). Its full schema is the standard's, with
 * the bid extension; every one the API serves validates against them.
 */
const ocdsDocument = (description: string) => z.object({}).catchall(z.unknown()).meta({ description });

export const publicRecordPackageSchema = ocdsDocument(
  'An OCDS 1.1.5 record package (https://standard.open-contracting.org/1.1/en/schema/record_package/) with the bid extension',
);
export const publicReleaseSchema = ocdsDocument(
  'An OCDS 1.1.5 release (https://standard.open-contracting.org/1.1/en/schema/reference/) with the bid extension',
);

/** A page of a public list: `bookmark` is opaque and absent on the last page. */
function publicPageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), bookmark: z.string().optional() });
}

/** Each item is the record package of one contracting process, as `npm run export:ocds` writes it. */
export const publicRecordPageSchema = publicPageOf(publicRecordPackageSchema);
export const publicReleasePageSchema = publicPageOf(publicReleaseSchema);

/** A party as the public sees it: an agency by MSP ID and name, a vendor by id and legal name. */
const publicVendorSchema = z.object({ vendorId: idSchema, legalName: z.string() });

export const publicTenderSchema = z.object({
  id: idSchema,
  ocid: ocidSchema,
  title: z.string(),
  description: z.string(),
  cpv: z.string().regex(CPV_PATTERN),
  agency: z.string(),
  procedure: z.enum(PROCEDURES),
  status: z.enum(TENDER_STATUSES),
  estimatedValue: moneySchema,
  budgetCeiling: moneySchema.optional(),
  awardCriteria: awardCriteriaSchema,
  submissionDeadline: timestampSchema,
  openingDeadline: timestampSchema,
  publishedAt: timestampSchema.optional(),
  amendments: integer().min(0),
  cancellation: z.object({ reason: z.string(), at: timestampSchema }).optional(),
  updatedAt: timestampSchema,
});

/** One change of a tender on the ledger, and where to check it. */
export const timelineEntrySchema = z.object({
  txId: txIdSchema,
  blockNumber: z.string().regex(/^[0-9]+$/),
  time: timestampSchema,
  /** MSP ID of the organisation whose member submitted the transaction. */
  organisation: z.string(),
  /** The chaincode event of the change (TenderPublished, BidSealed, SharesReleased, AwardMade, ...). */
  event: z.string(),
});

export const publicBidSchema = z.object({
  bidId: idSchema,
  vendor: publicVendorSchema,
  /** Opened bids only; absent for a bid never opened. */
  price: moneySchema.optional(),
  status: z.string(),
});

export const publicAwardSchema = z.object({
  tenderId: idSchema,
  ocid: ocidSchema,
  agency: z.string(),
  vendor: publicVendorSchema,
  price: moneySchema,
  cpv: z.string().regex(CPV_PATTERN),
  awardedAt: timestampSchema,
  standstillEndsAt: timestampSchema,
  status: z.enum(AWARD_STATUSES),
  txId: txIdSchema,
});

export const publicRedFlagSchema = z.object({
  flagId: flagIdSchema,
  code: z.enum(RED_FLAG_CODES),
  tenderId: idSchema,
  agency: z.string(),
  raisedAt: timestampSchema,
  txId: txIdSchema,
  evidence: z.record(z.string(), z.unknown()),
  status: z.enum(RED_FLAG_STATUSES),
  /** The auditor's review (the auditor's organisation, never a user name). */
  review: z.object({ note: z.string(), at: timestampSchema }).optional(),
});

/** A tender with its timeline, its bids once opened, its award and its red flags. */
export const publicTenderDetailSchema = z.object({
  ...publicTenderSchema.shape,
  timeline: z.array(timelineEntrySchema),
  /** Present only once the opening deadline has passed. */
  bids: z.array(publicBidSchema).optional(),
  award: publicAwardSchema.optional(),
  redFlags: z.array(publicRedFlagSchema),
});

export const publicTenderPageSchema = publicPageOf(publicTenderSchema);
export const publicAwardPageSchema = publicPageOf(publicAwardSchema);
export const publicRedFlagPageSchema = publicPageOf(publicRedFlagSchema);

/** What anybody needs to check a record against the ledger: where and how its transaction landed. */
export const proofSchema = z.object({
  txId: txIdSchema,
  channel: z.string(),
  blockNumber: z.string().regex(/^[0-9]+$/),
  /** Fabric's validation code (`VALID` for every transaction that changed state). */
  validationCode: z.string(),
  time: timestampSchema,
  /** MSP ID of the submitter's organisation. */
  creator: z.string(),
  /** MSP IDs of the organisations that endorsed it, sorted. */
  endorsers: z.array(z.string()),
});

/** The auditor's review of a red flag. */
export const reviewFlagInputSchema = z.strictObject({ note: chars(1, LIMITS.reason) });

export type PublicTender = z.output<typeof publicTenderSchema>;
export type PublicTenderDetail = z.output<typeof publicTenderDetailSchema>;
export type TimelineEntry = z.output<typeof timelineEntrySchema>;
export type PublicBid = z.output<typeof publicBidSchema>;
export type PublicAward = z.output<typeof publicAwardSchema>;
export type PublicRedFlag = z.output<typeof publicRedFlagSchema>;
export type Proof = z.output<typeof proofSchema>;
export type PublicTendersQuery = z.output<typeof publicTendersQuerySchema>;
export type PublicAwardsQuery = z.output<typeof publicAwardsQuerySchema>;
export type PublicRedFlagsQuery = z.output<typeof publicRedFlagsQuerySchema>;
export type PublicReleasesQuery = z.output<typeof publicReleasesQuerySchema>;
export type ReviewFlagInput = z.output<typeof reviewFlagInputSchema>;
