/** Typed record access by id (keys from keys.ts). */
import type { Context } from 'fabric-contract-api';
import type { Award, BidRecord, Challenge, Policy, Tender, Vendor } from '@procurement/contract';
import { notFound } from '../errors';
import { DEFAULT_POLICY } from '../rules/policy';
import { key, T } from './keys';
import { getJson } from './state';

/** Stored vendor: `debarred` is derived at read time, never stored. */
export type StoredVendor = Omit<Vendor, 'debarred'>;

/**
 * The policy as each transaction read it, kept for that transaction: the clock guard and the
 * transaction itself both need it, and every read is a round trip to the peer. Reading it once is what
 * Fabric would answer anyway: within a transaction, a read never sees that transaction's own writes.
 */
const policyOfTransaction = new WeakMap<object, { txId: string; policy: Promise<Policy> }>();

export function policyKey(ctx: Context): string {
  return key(ctx.stub, T.policy, 'current');
}

/** The policy in force; a policy stored before a field existed takes that field's default. */
export function loadPolicy(ctx: Context): Promise<Policy> {
  const txId = ctx.stub.getTxID();
  const read = policyOfTransaction.get(ctx.stub);
  if (read?.txId === txId) return read.policy;
  const policy = getJson<Policy>(ctx, policyKey(ctx)).then((stored) => ({
    ...DEFAULT_POLICY,
    ...stored,
  }));
  policyOfTransaction.set(ctx.stub, { txId, policy });
  return policy;
}

/**
 * The policy a tender is held to: the periods in force when it was published (a later policy change
 * never moves them), or the policy in force while it is still a draft.
 */
export async function tenderPolicy(ctx: Context, tender: Tender): Promise<Policy> {
  const current = await loadPolicy(ctx);
  return tender.policyAtPublish === undefined ? current : { ...current, ...tender.policyAtPublish };
}

export async function findTender(ctx: Context, tenderId: string): Promise<Tender | undefined> {
  return getJson<Tender>(ctx, key(ctx.stub, T.tender, tenderId));
}

export async function loadTender(ctx: Context, tenderId: string): Promise<Tender> {
  const tender = await findTender(ctx, tenderId);
  if (!tender) throw notFound(`no tender ${tenderId}`);
  return tender;
}

export async function loadBid(ctx: Context, tenderId: string, bidId: string): Promise<BidRecord> {
  const bid = await getJson<BidRecord>(ctx, key(ctx.stub, T.bid, tenderId, bidId));
  if (!bid) throw notFound(`no bid ${bidId} on tender ${tenderId}`);
  return bid;
}

export async function findVendor(ctx: Context, vendorId: string): Promise<StoredVendor | undefined> {
  return getJson<StoredVendor>(ctx, key(ctx.stub, T.vendor, vendorId));
}

export async function loadVendor(ctx: Context, vendorId: string): Promise<StoredVendor> {
  const vendor = await findVendor(ctx, vendorId);
  if (!vendor) throw notFound(`no vendor ${vendorId}`);
  return vendor;
}

export async function loadAward(ctx: Context, tenderId: string): Promise<Award> {
  const award = await getJson<Award>(ctx, key(ctx.stub, T.award, tenderId));
  if (!award) throw notFound(`no award for tender ${tenderId}`);
  return award;
}

export async function loadChallenge(ctx: Context, challengeId: string): Promise<Challenge> {
  const challenge = await getJson<Challenge>(ctx, key(ctx.stub, T.challenge, challengeId));
  if (!challenge) throw notFound(`no challenge ${challengeId}`);
  return challenge;
}
