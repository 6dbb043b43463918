/* istanbul ignore file -- test helper; the root jest config means to exclude src/testing from coverage */
/** Identities, inputs and story steps shared by the contract tests and the benchmark. */
import { createHash } from 'node:crypto';
import type {
  CreateTenderInput,
  Policy,
  PolicyInput,
  PolicyProposal,
  SealedBid,
} from '@procurement/contract';
import { canonical } from '../ledger/canonical';
import { policyPeriods } from '../rules/policy';
import { pemOf, type Identity } from './certs';
import type { Ledger } from './harness';

export const DAY = 86_400_000;
export const T0 = Date.parse('2026-03-02T09:00:00.000Z');
export const iso = (ms: number): string => new Date(ms).toISOString();

export const WHO = {
  officer: { mspId: 'PublicWorksMSP', username: 'olivia', role: 'officer' },
  healthOfficer: { mspId: 'HealthMSP', username: 'hector', role: 'officer' },
  eva1: { mspId: 'PublicWorksMSP', username: 'eva1', role: 'evaluator' },
  eva2: { mspId: 'PublicWorksMSP', username: 'eva2', role: 'evaluator' },
  eva3: { mspId: 'PublicWorksMSP', username: 'eva3', role: 'evaluator' },
  healthEvaluator: { mspId: 'HealthMSP', username: 'eva1', role: 'evaluator' },
  auditor: { mspId: 'AuditMSP', username: 'audrey', role: 'auditor' },
  auditor2: { mspId: 'AuditMSP', username: 'augustin', role: 'auditor' },
  registrar: { mspId: 'SuppliersMSP', username: 'regina', role: 'registrar' },
  vendorA: { mspId: 'SuppliersMSP', username: 'alice', role: 'vendor', vendorId: 'V-A' },
  vendorB: { mspId: 'SuppliersMSP', username: 'bob', role: 'vendor', vendorId: 'V-B' },
  vendorC: { mspId: 'SuppliersMSP', username: 'carol', role: 'vendor', vendorId: 'V-C' },
  unregistered: { mspId: 'SuppliersMSP', username: 'zed', role: 'vendor', vendorId: 'V-Z' },
  nobody: { mspId: 'PublicWorksMSP', username: 'nemo' },
} satisfies Record<string, Identity>;

export async function prepareIdentities(): Promise<void> {
  await Promise.all(Object.values(WHO).map((w) => pemOf(w)));
}

export const SHA = 'a'.repeat(64);
export const SUBMISSION = T0 + 40 * DAY;
export const OPENING = T0 + 42 * DAY;

export function tenderInput(overrides: Partial<CreateTenderInput> = {}): CreateTenderInput {
  return {
    id: 'T-1',
    title: 'Resurfacing of the ring road',
    description: 'Milling and resurfacing of 12 km of carriageway.',
    cpv: '45233140-2',
    estimatedValue: { amount: '100000000', currency: 'EUR' },
    budgetCeiling: { amount: '120000000', currency: 'EUR' },
    procedure: 'open',
    submissionDeadline: iso(SUBMISSION),
    openingDeadline: iso(OPENING),
    awardCriteria: {
      method: 'bestPriceQuality',
      priceWeight: 60,
      criteria: [
        { id: 'quality', name: 'Technical quality', weight: 30, maxScore: 10 },
        { id: 'delivery', name: 'Delivery plan', weight: 10, maxScore: 5 },
      ],
    },
    evaluators: ['eva1', 'eva2', 'eva3'],
    documents: [{ name: 'specification.pdf', sha256: SHA }],
    ...overrides,
  };
}

export function sealedBid(
  tenderId: string,
  bidId: string,
  vendorId: string,
  amount: string,
  currency = 'EUR',
): string {
  const bid: SealedBid = {
    tenderId,
    bidId,
    vendorId,
    price: { amount, currency },
    technicalProposal: { approach: `plan of ${vendorId}` },
    documents: [],
    salt: createHash('sha256').update(`${tenderId}/${bidId}/${vendorId}`).digest('hex'),
  };
  return canonical(bid);
}

export async function registerVendors(ledger: Ledger, ...vendors: Identity[]): Promise<void> {
  for (const v of vendors) {
    await ledger.ok(WHO.registrar, 'vendor:Register', [
      canonical({ vendorId: v.vendorId, legalName: `${v.username} Ltd` }),
    ]);
  }
}

export async function createAndPublish(
  ledger: Ledger,
  input: CreateTenderInput = tenderInput(),
): Promise<void> {
  await ledger.ok(WHO.officer, 'tender:Create', [canonical(input)]);
  await ledger.ok(WHO.officer, 'tender:Publish', [input.id]);
}

/** Seal (on the Suppliers peer) and commit; returns the sealed JSON. */
export async function placeBid(
  ledger: Ledger,
  vendor: Identity,
  tenderId: string,
  bidId: string,
  amount: string,
): Promise<string> {
  const json = sealedBid(tenderId, bidId, vendor.vendorId ?? '', amount);
  await ledger.ok(vendor, 'bid:Seal', [tenderId, bidId], { sealedBid: json, peer: 'SuppliersMSP' });
  await ledger.ok(vendor, 'bid:Commit', [tenderId, bidId]);
  return json;
}

/** Puts a policy in force the only way there is: one auditor proposes it, another approves it. */
export async function setPolicy(
  ledger: Ledger,
  policy: PolicyInput,
  reason = 'periods reviewed',
): Promise<Policy> {
  const proposal = await ledger.ok<PolicyProposal>(WHO.auditor, 'policy:Propose', [
    canonical({ ...policy, reason }),
  ]);
  return ledger.ok<Policy>(WHO.auditor2, 'policy:Approve', [proposal.proposalId, 'agreed']);
}

/** The rules of the policy in force (without its stamps), to change one field and set it again. */
export async function policyRules(ledger: Ledger): Promise<PolicyInput> {
  return policyPeriods(await ledger.ok<Policy>(WHO.auditor, 'policy:Get', []));
}
