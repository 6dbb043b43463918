import { createHash } from 'node:crypto';
import { Context, Returns, Transaction } from 'fabric-contract-api';
import {
  type BidRecord,
  LIMITS,
  type OpeningResult,
  type ReleaseSharesInput,
  type Tender,
  bidIdFor,
  bidNonceSchema,
  checkEnvelopeStructure,
  checkReleasedShare,
  listBidsSchema,
  openingThresholdOf,
  releaseSharesSchema,
} from '@procurement/contract';
import { principalOf, requireAllowed, requireOwningAgency, vendorIdOf } from '../access';
import { actingVendor, readingVendor, requireActingVendor } from '../ledger/acting-vendor';
import { conflict, invalid, notAuthorised, notFound } from '../errors';
import { canonical, utf8 } from '../ledger/canonical';
import { key, T } from '../ledger/keys';
import {
  currentKeys,
  envelopeKey,
  findRelease,
  loadEnvelope,
  loadKeyrings,
  loadReleases,
  loadShares,
  releaseKey,
  shareKey,
} from '../ledger/opening';
import { type StoredVendor, loadBid, loadPolicy, loadTender } from '../ledger/records';
import { deleteKey, emit, paginate, putJson, putText, readStates, scan } from '../ledger/state';
import { type Tx, txOf } from '../ledger/tx';
import { isOpened, requireBeforeSubmission, requireSubmissionClosed } from '../rules/deadlines';
import { requireStep } from '../rules/lifecycle';
import { type StoredShare, decideOpening, decidedBid } from '../rules/opening';
import { isDebarred } from '../rules/vendors';
import { visibleBid } from '../rules/visibility';
import { check, checkIds, parseJson } from '../rules/validation';
import { ProcurementContract, result } from './base';

/**
 * The caller acts for a registered vendor (as one of its users), and the vendor is not debarred.
 * `stored`: the caller's vendorId's record.
 */
function requireEligibleVendor(tx: Tx, stored: StoredVendor | undefined): void {
  const vendor = requireActingVendor(tx, stored);
  if (isDebarred(vendor.debarment, tx.now)) throw notAuthorised(`vendor ${vendor.vendorId} is debarred`);
}

/** What a seal reads of single keys, read in one call to the peer (batch.ts). */
interface SealReads {
  tender: Tender | undefined;
  vendor: StoredVendor | undefined;
  /** Whether a bid with this id exists already (the nonce was used). */
  bidExists: boolean;
  /** The vendor's live bid on the tender, if any. */
  liveBidId: string | undefined;
}

/** The single keys a seal reads: its tender, the caller's vendor record, the bid id and its live bid. */
function sealKeys(ctx: Context, tenderId: string, vendorId: string, nonce: string) {
  const bidId = bidIdFor(tenderId, vendorId, nonce);
  return {
    bidId,
    tender: key(ctx.stub, T.tender, tenderId),
    vendor: key(ctx.stub, T.vendor, vendorId),
    bid: key(ctx.stub, T.bid, tenderId, bidId),
    live: key(ctx.stub, T.liveBid, tenderId, vendorId),
  };
}

async function readForSeal(
  tx: Tx,
  keys: { tender: string; vendor: string; bid: string; live: string },
): Promise<SealReads> {
  const [tender, vendor, bid, live] = await readStates(tx.ctx, [
    keys.tender,
    keys.vendor,
    keys.bid,
    keys.live,
  ]);
  const json = (bytes: Uint8Array | undefined): unknown =>
    bytes === undefined || bytes.length === 0 ? undefined : JSON.parse(utf8(bytes));
  return {
    tender: json(tender) as Tender | undefined,
    vendor: json(vendor) as StoredVendor | undefined,
    bidExists: bid !== undefined && bid.length > 0,
    liveBidId: live === undefined || live.length === 0 ? undefined : utf8(live),
  };
}

/** The envelope argument: canonical JSON of an envelope that fits the policy and the key registry. */
async function checkEnvelope(tx: Tx, envelopeJson: string): Promise<number> {
  let raw: unknown;
  try {
    raw = JSON.parse(envelopeJson);
  } catch {
    throw invalid('the envelope is not valid JSON');
  }
  if (canonical(raw) !== envelopeJson) throw invalid('the envelope must be canonical JSON');
  const keys = currentKeys(await loadKeyrings(tx.ctx));
  const threshold = openingThresholdOf(await loadPolicy(tx.ctx));
  const checked = checkEnvelopeStructure(raw, keys, threshold);
  if (!checked.ok) throw invalid(`${checked.reason}: ${checked.detail}`);
  return checked.value.threshold;
}

async function requireOwnBid(tx: Tx, bid: BidRecord): Promise<string> {
  const vendorId = (await actingVendor(tx)).vendorId;
  if (bid.vendorId !== vendorId) throw notAuthorised(`bid ${bid.bidId} belongs to another vendor`);
  return vendorId;
}

/**
 * Release and opening are refused before the submission deadline by either clock: the transaction time
 * (chosen by the client) and the endorser's own clock, so a forward-dated proposal cannot open early.
 */
function requireReleaseTime(tx: Tx, tender: Tender): void {
  requireSubmissionClosed(tender, tx.clocks);
}

/** A bid that can still be opened or checked: sealed, or opened (a later share is checked against it). */
function isOpenable(bid: BidRecord): boolean {
  return bid.status === 'sealed' || bid.status === 'opened';
}

interface Decided {
  opened: string[];
  unopenable: string[];
}

/**
 * Applies what a bid's shares now allow: opens a sealed bid at t shares, and marks unopenable a bid
 * whose shares turn out inconsistent or that can no longer reach t. `stored` includes this
 * transaction's own writes (Fabric does not read its own writes).
 */
async function settle(
  tx: Tx,
  bid: BidRecord,
  stored: readonly StoredShare[],
  decided: Decided,
): Promise<void> {
  const envelope = await loadEnvelope(tx.ctx, bid.tenderId, bid.bidId);
  const decision = await decideOpening(envelope, bid, stored);
  if (decision.kind === 'wait') return;
  if (bid.status === 'opened' && decision.kind === 'opened') return;
  await putJson(tx.ctx, key(tx.ctx.stub, T.bid, bid.tenderId, bid.bidId), decidedBid(bid, decision, tx));
  (decision.kind === 'opened' ? decided.opened : decided.unopenable).push(bid.bidId);
}

/** Records one organisation's share (or failure) of one bid, then settles the bid. */
async function releaseOne(
  tx: Tx,
  tenderId: string,
  item: { bidId: string; stored: StoredShare },
  decided: Decided,
): Promise<void> {
  const { ctx } = tx;
  const { bidId, stored } = item;
  const bid = await loadBid(ctx, tenderId, bidId);
  if (!isOpenable(bid)) throw conflict(`bid ${bidId} is ${bid.status}; it is never opened`);
  const existing = await loadShares(ctx, tenderId, bidId);
  if (existing.some((s) => s.organisation === stored.organisation)) {
    throw conflict(`${stored.organisation} has already released its share of bid ${bidId}`);
  }
  if ('share' in stored) {
    const checked = checkReleasedShare(await loadEnvelope(ctx, tenderId, bidId), stored);
    if (!checked.ok) throw invalid(`bid ${bidId}: ${checked.reason}: ${checked.detail}`);
  }
  await putJson(ctx, shareKey(ctx, tenderId, bidId, stored.organisation), stored);
  await settle(tx, bid, [...existing, stored], decided);
}

/** Adds a release to the organisation's running summary for the tender. */
async function recordRelease(
  tx: Tx,
  tenderId: string,
  organisation: string,
  input: ReleaseSharesInput,
): Promise<void> {
  const before = await findRelease(tx.ctx, tenderId, organisation);
  await putJson(tx.ctx, releaseKey(tx.ctx, tenderId, organisation), {
    organisation,
    released: (before?.released ?? 0) + input.shares.length,
    failed: (before?.failed ?? 0) + input.failures.length,
    lastReleaseAt: tx.now,
    txId: tx.txId,
  });
}

/** Local context class: decorator metadata then names it directly (see base.ts). */
class BidTxContext extends Context {}

export class BidContract extends ProcurementContract {
  override createContext(): BidTxContext {
    return new BidTxContext();
  }

  constructor() {
    super('bid');
  }

  /** A seal's single-key reads, with the policy's (arguments that Seal will refuse read nothing ahead). */
  protected override keysToReadAhead(ctx: Context): string[] {
    const { fcn, params } = ctx.stub.getFunctionAndParameters();
    const [tenderId, nonce] = params;
    const vendorId = ctx.clientIdentity.getAttributeValue('vendorId');
    if (fcn !== 'bid:Seal' || tenderId === undefined || nonce === undefined || !vendorId) return [];
    try {
      const keys = sealKeys(ctx, tenderId, vendorId, nonce);
      return [keys.tender, keys.vendor, keys.bid, keys.live];
    } catch {
      return [];
    }
  }

  /**
   * One majority-endorsed transaction puts the sealed bid on the ledger: the envelope (checked for
   * structure against the registered keys and the policy's t) and the public bid record. The bid id is
   * derived from the caller's vendor id and the nonce, so no rival can take it first.
   */
  @Transaction()
  @Returns('string')
  async Seal(ctx: BidTxContext, tenderId: string, nonce: string, envelopeJson: string) {
    const tx = txOf(ctx);
    requireAllowed(tx.actor, 'bid:Seal');
    checkIds(['tenderId', tenderId]);
    check(nonce, bidNonceSchema, 'nonce');
    const vendorId = vendorIdOf(tx.actor);
    const keys = sealKeys(ctx, tenderId, vendorId, nonce);
    const { bidId, bid: bidKey, live: liveKey } = keys;
    // The same checks in the same order as one read each; the reads were made with the policy's.
    const read = await readForSeal(tx, keys);
    const tender = read.tender;
    if (!tender) throw notFound(`no tender ${tenderId}`);
    requireEligibleVendor(tx, read.vendor);
    requireStep(tender, 'bid:Seal');
    requireBeforeSubmission(tender, tx.clocks);
    const threshold = await checkEnvelope(tx, envelopeJson);
    if (read.bidExists) throw conflict(`bid ${bidId} exists already: seal with a fresh nonce`);
    const previousId = read.liveBidId;
    if (previousId !== undefined) {
      const previous = await loadBid(ctx, tenderId, previousId);
      await putJson(ctx, key(ctx.stub, T.bid, tenderId, previousId), {
        ...previous,
        status: 'replaced',
        txId: tx.txId,
      });
    }
    const bid: BidRecord = {
      tenderId,
      bidId,
      vendorId,
      commitment: createHash('sha256').update(envelopeJson, 'utf8').digest('hex'),
      committedAt: tx.now,
      txId: tx.txId,
      status: 'sealed',
      beforeAmendment: false,
      threshold,
    };
    await putJson(ctx, bidKey, bid);
    await putText(ctx, envelopeKey(ctx, tenderId, bidId), envelopeJson);
    await putText(ctx, liveKey, bidId);
    emit(ctx, 'BidSealed', { tenderId, bidId, status: 'sealed' });
    return result(bid);
  }

  @Transaction()
  @Returns('string')
  async Withdraw(ctx: BidTxContext, tenderId: string, bidId: string) {
    const tx = txOf(ctx);
    requireAllowed(tx.actor, 'bid:Withdraw');
    checkIds(['tenderId', tenderId], ['bidId', bidId]);
    const tender = await loadTender(ctx, tenderId);
    const bid = await loadBid(ctx, tenderId, bidId);
    const vendorId = await requireOwnBid(tx, bid);
    if (bid.status !== 'sealed') throw conflict(`bid ${bidId} is ${bid.status}`);
    requireBeforeSubmission(tender, tx.clocks);
    const withdrawn: BidRecord = { ...bid, status: 'withdrawn', txId: tx.txId };
    await putJson(ctx, key(ctx.stub, T.bid, tenderId, bidId), withdrawn);
    await deleteKey(ctx, key(ctx.stub, T.liveBid, tenderId, vendorId));
    emit(ctx, 'BidWithdrawn', { tenderId, bidId, status: 'withdrawn' });
    return result(visibleBid(withdrawn, tender));
  }

  /**
   * After the submission deadline, an organisation's opener releases its decrypted shares (each checked
   * against the hash the envelope published) and reports the ones it could not decrypt. Every bid that
   * reaches t shares is opened in this same transaction.
   */
  @Transaction()
  @Returns('string')
  async ReleaseShares(ctx: BidTxContext, tenderId: string, releaseJson: string) {
    const tx = txOf(ctx);
    requireAllowed(tx.actor, 'bid:ReleaseShares');
    checkIds(['tenderId', tenderId]);
    const input = parseJson(releaseJson, releaseSharesSchema, 'release');
    const organisation = tx.actor.mspId;
    const tender = await loadTender(ctx, tenderId);
    requireStep(tender, 'bid:ReleaseShares');
    requireReleaseTime(tx, tender);
    requireDistinctBids(input);
    const decided: Decided = { opened: [], unopenable: [] };
    const items: { bidId: string; stored: StoredShare }[] = [
      ...input.shares.map((s) => ({ bidId: s.bidId, stored: { organisation, share: s.share } })),
      ...input.failures.map((f) => ({ bidId: f.bidId, stored: { organisation, failure: f.reason } })),
    ];
    for (const item of items) await releaseOne(tx, tenderId, item, decided);
    await recordRelease(tx, tenderId, organisation, input);
    emit(ctx, 'SharesReleased', {
      tenderId,
      agency: organisation,
      status: decided.opened.length > 0 ? 'opened' : 'released',
    });
    const answer: OpeningResult = {
      tenderId,
      organisation,
      released: input.shares.length,
      failed: input.failures.length,
      ...decided,
    };
    return result(answer);
  }

  /** Opens every sealed bid of the tender whose released shares allow it (a release usually did already). */
  @Transaction()
  @Returns('string')
  async Open(ctx: BidTxContext, tenderId: string) {
    const tx = txOf(ctx);
    requireAllowed(tx.actor, 'bid:Open');
    checkIds(['tenderId', tenderId]);
    const tender = await loadTender(ctx, tenderId);
    if (principalOf(tx.actor) === 'officer') requireOwningAgency(tx.actor, tender.agency);
    requireStep(tender, 'bid:ReleaseShares');
    requireReleaseTime(tx, tender);
    const decided: Decided = { opened: [], unopenable: [] };
    for (const bid of await loadBids(ctx, tenderId)) {
      if (bid.status !== 'sealed') continue;
      await settle(tx, bid, await loadShares(ctx, tenderId, bid.bidId), decided);
    }
    emit(ctx, 'BidsOpened', { tenderId, status: `${decided.opened.length} opened` });
    const answer: OpeningResult = { tenderId, released: 0, failed: 0, ...decided };
    return result(answer);
  }

  /** The opener's work list: live bids its organisation has released nothing for, a batch at a time. */
  @Transaction(false)
  @Returns('string')
  async Envelopes(ctx: BidTxContext, tenderId: string) {
    const tx = txOf(ctx);
    requireAllowed(tx.actor, 'bid:Envelopes');
    checkIds(['tenderId', tenderId]);
    const tender = await loadTender(ctx, tenderId);
    requireReleaseTime(tx, tender);
    const organisation = tx.actor.mspId;
    const items = [];
    for (const bid of await loadBids(ctx, tenderId)) {
      if (!isOpenable(bid)) continue;
      if ((await ctx.stub.getState(shareKey(ctx, tenderId, bid.bidId, organisation))).length > 0) continue;
      items.push({
        bidId: bid.bidId,
        vendorId: bid.vendorId,
        envelope: await loadEnvelope(ctx, tenderId, bid.bidId),
      });
      if (items.length >= LIMITS.releaseBatch) break;
    }
    return result({ items });
  }

  /** Where a tender's opening stands: who released, who is missing, how many bids opened. */
  @Transaction(false)
  @Returns('string')
  async Opening(ctx: BidTxContext, tenderId: string) {
    checkIds(['tenderId', tenderId]);
    await loadTender(ctx, tenderId);
    const registered = (await loadKeyrings(ctx)).map((ring) => ring.organisation);
    const releases = await loadReleases(ctx, tenderId);
    const counts = { sealed: 0, opened: 0, unopenable: 0 };
    for (const bid of await loadBids(ctx, tenderId)) {
      if (bid.status === 'sealed' || bid.status === 'opened' || bid.status === 'unopenable')
        counts[bid.status] += 1;
    }
    const released = new Set(releases.map((r) => r.organisation));
    return result({
      tenderId,
      threshold: openingThresholdOf(await loadPolicy(ctx)),
      organisations: releases.map((r) => ({
        organisation: r.organisation,
        released: r.released,
        failed: r.failed,
        lastReleaseAt: r.lastReleaseAt,
        txId: r.txId,
      })),
      missing: registered.filter((org) => !released.has(org)),
      bids: counts,
      complete: counts.sealed === 0,
    });
  }

  /**
   * A page of the tender's bids without replaced ones, and `total`, the number of live bids. Before the
   * opening deadline a reader sees only the count, and a vendor its own bids: not who bid, nor how often.
   */
  @Transaction(false)
  @Returns('string')
  async List(ctx: BidTxContext, tenderId: string, queryJson: string) {
    const tx = txOf(ctx);
    checkIds(['tenderId', tenderId]);
    const query = parseJson(queryJson === '' ? '{}' : queryJson, listBidsSchema, 'query');
    const tender = await loadTender(ctx, tenderId);
    const reader = await readingVendor(tx);
    const opened = isOpened(tender, tx.clocks);
    const total = (await scan(ctx, T.liveBid, [tenderId])).length;
    const page = await paginate(ctx, T.bid, [tenderId], query.pageSize, query.bookmark, (entry) => {
      const bid = JSON.parse(entry.value) as BidRecord;
      if (bid.status === 'replaced') return Promise.resolve(undefined);
      if (!opened && bid.vendorId !== reader) return Promise.resolve(undefined);
      return Promise.resolve(visibleBid(bid, tender));
    });
    return result({ ...page, total });
  }

  @Transaction(false)
  @Returns('string')
  async Get(ctx: BidTxContext, tenderId: string, bidId: string) {
    const tx = txOf(ctx);
    checkIds(['tenderId', tenderId], ['bidId', bidId]);
    const tender = await loadTender(ctx, tenderId);
    const bid = await loadBid(ctx, tenderId, bidId);
    const reader = await readingVendor(tx);
    if (!isOpened(tender, tx.clocks) && bid.vendorId !== reader) {
      throw notAuthorised('before the opening deadline a bid is shown only to its own vendor');
    }
    return result(visibleBid(bid, tender));
  }
}

/** Every bid record of a tender, in bid id order. */
async function loadBids(ctx: Context, tenderId: string): Promise<BidRecord[]> {
  return (await scan(ctx, T.bid, [tenderId])).map((row) => JSON.parse(row.value) as BidRecord);
}

/** A release names each bid once, as a share or as a failure. */
function requireDistinctBids(input: ReleaseSharesInput): void {
  const ids = [...input.shares.map((s) => s.bidId), ...input.failures.map((f) => f.bidId)];
  if (new Set(ids).size !== ids.length) throw invalid('a release names a bid more than once');
}
