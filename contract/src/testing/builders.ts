/**
 * Test-data builders: one per record type of the contract, each a complete, valid record that a test
 * overrides field by field. Times are relative to now. Test code only (not part of the package's build).
 */
import type { Award, BidRecord, Challenge, CreateTenderInput, Policy, Tender, Vendor } from '../index';

const DAY = 86_400_000;

export const iso = (offsetMs: number): string => new Date(Date.now() + offsetMs).toISOString();

/** The input of `tender:Create` (and the body of `POST /tenders`). */
export function createTenderBody(
  overrides: Record<string, unknown> = {},
): CreateTenderInput & Record<string, unknown> {
  return {
    id: 'T-1',
    title: 'Resurface the ring road',
    description: 'Twelve kilometres of asphalt',
    cpv: '45233140-2',
    estimatedValue: { amount: '150000000', currency: 'EUR' },
    procedure: 'open',
    submissionDeadline: iso(40 * DAY),
    openingDeadline: iso(42 * DAY),
    awardCriteria: { method: 'lowestPrice' },
    evaluators: ['pw-eval-1'],
    documents: [{ name: 'spec.pdf', sha256: 'a'.repeat(64) }],
    ...overrides,
  };
}

export function tender(overrides: Partial<Tender> = {}): Tender {
  return {
    id: 'T-1',
    agency: 'PublicWorksMSP',
    status: 'published',
    title: 'Resurface the ring road',
    description: 'Twelve kilometres of asphalt',
    cpv: '45233140-2',
    estimatedValue: { amount: '150000000', currency: 'EUR' },
    procedure: 'open',
    submissionDeadline: iso(40 * DAY),
    openingDeadline: iso(42 * DAY),
    awardCriteria: { method: 'lowestPrice' },
    evaluators: ['pw-eval-1'],
    documents: [],
    amendments: [],
    createdAt: iso(-DAY),
    createdBy: 'pw-officer',
    updatedAt: iso(-DAY),
    txId: 'tx0',
    ...overrides,
  };
}

export function bid(overrides: Partial<BidRecord> = {}): BidRecord {
  return {
    tenderId: 'T-1',
    bidId: 'b-1',
    vendorId: 'ACME',
    commitment: 'c'.repeat(64),
    committedAt: iso(-1000),
    txId: 'tx1',
    status: 'sealed',
    beforeAmendment: false,
    ...overrides,
  };
}

export const policy: Policy = {
  minSubmissionSeconds: { open: 3_024_000, restricted: 2_592_000 },
  minRevealSeconds: 86_400,
  maxRevealSeconds: 2_592_000,
  standstillSeconds: 864_000,
  amendmentExtensionSeconds: 518_400,
  minPriceWeight: 20,
  scoringSeconds: 1_209_600,
  clockToleranceSeconds: 30,
};

export function vendor(overrides: Partial<Vendor> = {}): Vendor {
  return {
    vendorId: 'ACME',
    legalName: 'Acme Construction Ltd',
    registeredAt: iso(-DAY),
    users: ['vendor-acme'],
    debarred: false,
    txId: 'tx2',
    ...overrides,
  };
}

export function award(overrides: Partial<Award> = {}): Award {
  return {
    tenderId: 'T-1',
    agency: 'PublicWorksMSP',
    bidId: 'b-1',
    vendorId: 'ACME',
    price: { amount: '90000', currency: 'EUR' },
    ranking: [{ bidId: 'b-1', vendorId: 'ACME', compliant: true, rank: 1 }],
    awardedAt: iso(-1000),
    standstillEndsAt: iso(10 * DAY),
    status: 'standstill',
    txId: 'tx3',
    ...overrides,
  };
}

export function challenge(overrides: Partial<Challenge> = {}): Challenge {
  return {
    challengeId: 'c-1',
    tenderId: 'T-1',
    vendorId: 'BOLT',
    reason: 'price too low to be credible',
    lodgedAt: iso(-1000),
    status: 'open',
    txId: 'tx4',
    ...overrides,
  };
}
