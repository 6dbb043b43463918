/** Ledger access for sealed bids and their opening: keyrings, envelopes, released shares, summaries. */
import type { Context } from 'fabric-contract-api';
import {
  type OpeningKeyring,
  type RegisteredOpeningKey,
  type SealedBidEnvelope,
  parseEnvelope,
} from '@procurement/contract';
import { notFound } from '../errors';
import type { StoredShare } from '../rules/opening';
import { key, T } from './keys';
import { getJson, getText, scan } from './state';

/** What one organisation has released for a tender so far. */
export interface ReleaseSummary {
  organisation: string;
  released: number;
  failed: number;
  lastReleaseAt: string;
  txId: string;
}

/** Every organisation's keyring, in organisation order. */
export async function loadKeyrings(ctx: Context): Promise<OpeningKeyring[]> {
  return (await scan(ctx, T.openingKey, [])).map((row) => JSON.parse(row.value) as OpeningKeyring);
}

/** Every organisation's current key, in organisation order: what a bid must be sealed to. */
export function currentKeys(keyrings: readonly OpeningKeyring[]): RegisteredOpeningKey[] {
  return keyrings.flatMap((ring) => {
    const current = ring.keys.find((k) => k.keyId === ring.current);
    return current
      ? [{ organisation: ring.organisation, keyId: current.keyId, publicKey: current.publicKey }]
      : [];
  });
}

export function envelopeKey(ctx: Context, tenderId: string, bidId: string): string {
  return key(ctx.stub, T.envelope, tenderId, bidId);
}

/** The stored envelope of a bid, parsed (it was checked when sealed). */
export async function loadEnvelope(
  ctx: Context,
  tenderId: string,
  bidId: string,
): Promise<SealedBidEnvelope> {
  const text = await getText(ctx, envelopeKey(ctx, tenderId, bidId));
  if (text === undefined) throw notFound(`bid ${bidId} has no envelope`);
  const parsed = parseEnvelope(JSON.parse(text));
  if (!parsed.ok) throw notFound(`bid ${bidId} has no readable envelope`);
  return parsed.value;
}

export function shareKey(ctx: Context, tenderId: string, bidId: string, organisation: string): string {
  return key(ctx.stub, T.share, tenderId, bidId, organisation);
}

/** Every released share (or reported failure) of a bid, in organisation order. */
export async function loadShares(ctx: Context, tenderId: string, bidId: string): Promise<StoredShare[]> {
  return (await scan(ctx, T.share, [tenderId, bidId])).map((row) => JSON.parse(row.value) as StoredShare);
}

export function releaseKey(ctx: Context, tenderId: string, organisation: string): string {
  return key(ctx.stub, T.release, tenderId, organisation);
}

export async function findRelease(
  ctx: Context,
  tenderId: string,
  organisation: string,
): Promise<ReleaseSummary | undefined> {
  return getJson<ReleaseSummary>(ctx, releaseKey(ctx, tenderId, organisation));
}

/** Every organisation's release summary for a tender, in organisation order. */
export async function loadReleases(ctx: Context, tenderId: string): Promise<ReleaseSummary[]> {
  return (await scan(ctx, T.release, [tenderId])).map((row) => JSON.parse(row.value) as ReleaseSummary);
}
