/**
 * An example contracting process, change by change, as the ledger's records hold it: the fixture of
 * the OCDS tests, and a template for demo data. Not exported by the package index.
 */
import type { Award, BidRecord, Challenge, ContractRecord, Tender } from '../schemas/records';
import type { OcdsConfig, ProcessSnapshot, TransactionFacts } from './snapshot';
import type { PackageConfig } from './packages';

export const EXAMPLE_CONFIG: OcdsConfig = {
  ocidPrefix: 'ocds-procledger',
  vendorIdScheme: 'XI-PROCLEDGER',
  agencyNames: { PublicWorksMSP: 'Public Works Agency' },
  language: 'en',
  oversightName: 'Procurement Oversight Office',
};

export const EXAMPLE_PACKAGE_CONFIG: PackageConfig = {
  uri: 'https://ledger.example.org/public/v1/records/ocds-procledger-T-42',
  publishedDate: '2026-06-01T00:00:00Z',
  publisher: { name: 'Procurement Ledger', uri: 'https://ledger.example.org' },
  license: 'https://creativecommons.org/licenses/by/4.0/',
  publicationPolicy: 'https://ledger.example.org/publication-policy',
};

const sha = (c: string): string => c.repeat(64);

export const EXAMPLE_TENDER: Tender = {
  id: 'T-42',
  title: 'Resurfacing of the harbour road',
  description: 'Milling and resurfacing of 2.4 km of the harbour road.',
  cpv: '45233140-2',
  estimatedValue: { amount: '10000000', currency: 'EUR' },
  budgetCeiling: { amount: '11000000', currency: 'EUR' },
  procedure: 'open',
  submissionDeadline: '2026-03-01T12:00:00Z',
  openingDeadline: '2026-03-02T12:00:00Z',
  awardCriteria: { method: 'lowestPrice' },
  evaluators: ['alice.evaluator', 'bob@publicworks.example'],
  documents: [{ name: 'Specification.pdf', sha256: sha('a'), url: 'https://docs.example.org/spec.pdf' }],
  agency: 'PublicWorksMSP',
  status: 'published',
  createdAt: '2026-01-30T09:00:00Z',
  createdBy: 'olivia.officer',
  publishedAt: '2026-02-01T09:00:00Z',
  amendments: [],
  updatedAt: '2026-02-01T09:00:00Z',
  txId: 'tx-publish',
};

const amended: Tender = {
  ...EXAMPLE_TENDER,
  submissionDeadline: '2026-03-05T12:00:00Z',
  openingDeadline: '2026-03-06T12:00:00Z',
  amendments: [
    {
      seq: 1,
      reason: 'Site visit postponed',
      changes: { submissionDeadline: '2026-03-05T12:00:00Z', openingDeadline: '2026-03-06T12:00:00Z' },
      at: '2026-02-20T10:00:00Z',
      by: 'olivia.officer',
      txId: 'tx-amend',
      extendedDeadline: false,
    },
  ],
  updatedAt: '2026-02-20T10:00:00Z',
  txId: 'tx-amend',
};

const bid = (bidId: string, vendorId: string, status: BidRecord['status'], amount?: string): BidRecord => ({
  tenderId: 'T-42',
  bidId,
  vendorId,
  commitment: sha('b'),
  committedAt: '2026-02-25T08:00:00Z',
  txId: `tx-${bidId}`,
  status,
  beforeAmendment: false,
  ...(amount === undefined ? {} : { price: { amount, currency: 'EUR' }, openedAt: '2026-03-05T13:00:00Z' }),
});

export const EXAMPLE_BIDS: BidRecord[] = [
  bid('B1', 'V1', 'opened', '9000000'),
  bid('B2', 'V2', 'opened', '8800050'),
  bid('B3', 'V3', 'sealed'),
  bid('B4', 'V4', 'withdrawn'),
  bid('B0', 'V1', 'replaced'),
];

export const EXAMPLE_AWARD: Award = {
  tenderId: 'T-42',
  agency: 'PublicWorksMSP',
  bidId: 'B1',
  vendorId: 'V1',
  price: { amount: '9000000', currency: 'EUR' },
  ranking: [
    { bidId: 'B1', vendorId: 'V1', price: { amount: '9000000', currency: 'EUR' }, compliant: true, rank: 1 },
    {
      bidId: 'B2',
      vendorId: 'V2',
      price: { amount: '8800050', currency: 'EUR' },
      compliant: false,
      reason: 'debarred',
    },
    { bidId: 'B3', vendorId: 'V3', compliant: false, reason: 'unopenable' },
  ],
  awardedAt: '2026-03-10T09:00:00Z',
  standstillEndsAt: '2026-03-20T09:00:00Z',
  status: 'standstill',
  txId: 'tx-award',
};

const challenge: Challenge = {
  challengeId: 'C1',
  tenderId: 'T-42',
  vendorId: 'V2',
  reason: 'Debarment was lifted',
  lodgedAt: '2026-03-12T09:00:00Z',
  status: 'dismissed',
  decision: {
    decision: 'dismissed',
    reason: 'Debarred at the deadline',
    at: '2026-03-15T09:00:00Z',
    by: 'auditor',
  },
  txId: 'tx-decide',
};

const contract: ContractRecord = {
  tenderId: 'T-42',
  bidId: 'B1',
  vendorId: 'V1',
  price: { amount: '9000000', currency: 'EUR' },
  documents: [{ name: 'Signed contract.pdf', sha256: sha('c') }],
  recordedAt: '2026-03-25T09:00:00Z',
  txId: 'tx-contract',
};

export const EXAMPLE_VENDORS = [
  { vendorId: 'V1', legalName: 'Roadworks Ltd' },
  { vendorId: 'V2', legalName: 'Asphalt & Sons' },
  { vendorId: 'V3', legalName: 'Harbour Paving SA' },
  { vendorId: 'V4', legalName: 'Quickroad GmbH' },
];

/** One step of the process: the snapshot the transaction left and its facts. */
export interface ExampleStep {
  snapshot: ProcessSnapshot;
  facts: TransactionFacts;
}

const vendors = EXAMPLE_VENDORS;

/** The process's changes in order: publish, amend, award, challenge dismissed, contract. */
export const EXAMPLE_STEPS: ExampleStep[] = [
  {
    snapshot: { tender: EXAMPLE_TENDER, bids: [], vendors },
    facts: { txId: 'tx-publish', time: '2026-02-01T09:00:00Z', change: 'publish' },
  },
  {
    snapshot: { tender: amended, bids: EXAMPLE_BIDS, vendors },
    facts: { txId: 'tx-amend', time: '2026-02-20T10:00:00Z', change: 'amend' },
  },
  {
    snapshot: {
      tender: { ...amended, status: 'awarded' },
      bids: EXAMPLE_BIDS,
      award: EXAMPLE_AWARD,
      vendors,
    },
    facts: { txId: 'tx-award', time: '2026-03-10T09:00:00Z', change: 'award' },
  },
  {
    snapshot: {
      tender: { ...amended, status: 'awarded' },
      bids: EXAMPLE_BIDS,
      award: EXAMPLE_AWARD,
      challenge,
      vendors,
    },
    facts: { txId: 'tx-decide', time: '2026-03-15T09:00:00Z', change: 'challengeDecided' },
  },
  {
    snapshot: {
      tender: { ...amended, status: 'contracted' },
      bids: EXAMPLE_BIDS,
      award: { ...EXAMPLE_AWARD, status: 'contracted' },
      contract,
      vendors,
    },
    facts: { txId: 'tx-contract', time: '2026-03-25T09:00:00Z', change: 'contract' },
  },
];
