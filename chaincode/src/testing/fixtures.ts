/* istanbul ignore file -- test helper; the root jest config means to exclude src/testing from coverage */
/** Identities, inputs and story steps shared by the contract tests and the benchmark. */
import { createHash } from 'node:crypto';
import {
  type BidContent,
  type CreateTenderInput,
  type OpeningKeyPair,
  type OpeningPrivateKey,
  type PendingEnvelopes,
  type Policy,
  type PolicyInput,
  type PolicyProposal,
  generateOpeningKeyPair,
  importOpeningPrivateKey,
  prepareRelease,
  sealBidContent,
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
  /** A second identity the registrar could mint with vendor A's vendorId: not on A's users. */
  impostorA: { mspId: 'SuppliersMSP', username: 'mallory', role: 'vendor', vendorId: 'V-A' },
  /** Another user of vendor A, acting only once A approves it. */
  secondA: { mspId: 'SuppliersMSP', username: 'alice-2', role: 'vendor', vendorId: 'V-A' },
  auditOpener: { mspId: 'AuditMSP', username: 'audit-opener', role: 'opener' },
  healthOpener: { mspId: 'HealthMSP', username: 'health-opener', role: 'opener' },
  pwOpener: { mspId: 'PublicWorksMSP', username: 'pw-opener', role: 'opener' },
  suppliersOpener: { mspId: 'SuppliersMSP', username: 'suppliers-opener', role: 'opener' },
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

/** The four organisations' openers, in MSP order (the order the keyrings sort in). */
export const OPENERS: readonly Identity[] = [
  WHO.auditOpener,
  WHO.healthOpener,
  WHO.pwOpener,
  WHO.suppliersOpener,
];

const keyPairs = new Map<string, OpeningKeyPair>();

/** This test run's opening key pair of an organisation (made once per MSP). */
export function openingKeyPair(mspId: string): OpeningKeyPair {
  let pair = keyPairs.get(mspId);
  if (!pair) {
    pair = generateOpeningKeyPair();
    keyPairs.set(mspId, pair);
  }
  return pair;
}

export function openingPrivateKey(mspId: string): OpeningPrivateKey {
  return importOpeningPrivateKey(openingKeyPair(mspId).privateJwk);
}

/** Every organisation's opener registers its key (as `network:up` does). */
export async function registerOpeningKeys(
  ledger: Ledger,
  openers: readonly Identity[] = OPENERS,
): Promise<void> {
  for (const opener of openers) {
    const pair = openingKeyPair(opener.mspId);
    await ledger.ok(opener, 'openingKey:Register', [
      canonical({ keyId: pair.keyId, publicKey: pair.publicKey }),
    ]);
  }
}

/** Registers the openers' keys unless some are registered already. */
export async function ensureOpeningKeys(ledger: Ledger): Promise<void> {
  const listed = await ledger.ok<{ keys: unknown[] }>(WHO.nobody, 'openingKey:List', []);
  if (listed.keys.length === 0) await registerOpeningKeys(ledger);
}

/** A deterministic nonce per label, so a test can seal the same bid twice. */
export function nonceOf(label: string): string {
  return createHash('sha256').update(label).digest('base64url').slice(0, 22);
}

export function bidContent(vendorId: string, amount: string, currency = 'EUR'): BidContent {
  return {
    price: { amount, currency },
    technicalProposal: { approach: `plan of ${vendorId}` },
    documents: [],
  };
}

const sealedCache = new Map<string, { bidId: string; nonce: string; envelopeJson: string }>();

/**
 * Seals a bid to the registered keys of the four organisations with t = 3 (the default policy). The
 * same arguments give the same envelope within a test run, so a story replayed on a fresh ledger sends
 * the very same proposals (sealing itself draws randomness).
 */
export async function sealFor(
  tenderId: string,
  vendorId: string,
  label: string,
  content: BidContent,
  threshold = 3,
): Promise<{ bidId: string; nonce: string; envelopeJson: string }> {
  const cacheKey = canonical({ tenderId, vendorId, label, content, threshold });
  const cached = sealedCache.get(cacheKey);
  if (cached) return cached;
  const openingKeys = OPENERS.map((o) => {
    const pair = openingKeyPair(o.mspId);
    return { organisation: o.mspId, keyId: pair.keyId, publicKey: pair.publicKey };
  });
  const sealed = await sealBidContent({
    tenderId,
    vendorId,
    content,
    openingKeys,
    threshold,
    nonce: nonceOf(label),
  });
  const result = { bidId: sealed.bidId, nonce: sealed.nonce, envelopeJson: canonical(sealed.envelope) };
  sealedCache.set(cacheKey, result);
  return result;
}

export async function registerVendors(ledger: Ledger, ...vendors: Identity[]): Promise<void> {
  for (const v of vendors) {
    await ledger.ok(WHO.registrar, 'vendor:Register', [
      canonical({ vendorId: v.vendorId, legalName: `${v.username} Ltd`, username: v.username }),
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

/** Seals a bid in one transaction; returns its (derived) bid id. */
export async function placeBid(
  ledger: Ledger,
  vendor: Identity,
  tenderId: string,
  label: string,
  amount: string,
  currency = 'EUR',
): Promise<string> {
  await ensureOpeningKeys(ledger);
  const sealed = await sealFor(
    tenderId,
    vendor.vendorId ?? '',
    label,
    bidContent(vendor.vendorId ?? '', amount, currency),
  );
  await ledger.ok(vendor, 'bid:Seal', [tenderId, sealed.nonce, sealed.envelopeJson]);
  return sealed.bidId;
}

/**
 * Seals a bid whose ciphertext belongs to another of the vendor's envelopes: its shares release and
 * combine, but the bid never decrypts, so it ends `unopenable` (DECRYPTION_FAILED). Returns its id.
 */
export async function placeUnopenableBid(
  ledger: Ledger,
  vendor: Identity,
  tenderId: string,
  label: string,
): Promise<string> {
  await ensureOpeningKeys(ledger);
  const vendorId = vendor.vendorId ?? '';
  const sealed = await sealFor(tenderId, vendorId, label, bidContent(vendorId, '1'));
  const donor = await sealFor(tenderId, vendorId, `${label}/donor`, bidContent(vendorId, '2'));
  const envelope = JSON.parse(sealed.envelopeJson) as Record<string, unknown>;
  const other = JSON.parse(donor.envelopeJson) as Record<string, unknown>;
  const swapped = canonical({ ...envelope, iv: other.iv, ciphertext: other.ciphertext });
  await ledger.ok(vendor, 'bid:Seal', [tenderId, sealed.nonce, swapped]);
  return sealed.bidId;
}

/** Each opener's duty, once: fetch its pending envelopes, decrypt its shares, release them. */
export async function releaseShares(
  ledger: Ledger,
  tenderId: string,
  openers: readonly Identity[] = OPENERS.slice(0, 3),
): Promise<void> {
  for (const opener of openers) {
    for (;;) {
      const pending = await ledger.ok<PendingEnvelopes>(opener, 'bid:Envelopes', [tenderId]);
      if (pending.items.length === 0) break;
      const release = prepareRelease({
        tenderId,
        organisation: opener.mspId,
        pending: pending.items,
        privateKeys: new Map([[openingKeyPair(opener.mspId).keyId, openingPrivateKey(opener.mspId)]]),
      });
      await ledger.ok(opener, 'bid:ReleaseShares', [tenderId, canonical(release)]);
    }
  }
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
