import { Context, Returns, Transaction } from 'fabric-contract-api';
import { SUPPLIERS_MSP, type BidRecord, type SealedBid, type Tender } from '@procurement/contract';
import { principalOf, requireAllowed, vendorIdOf, type Actor } from '../access';
import { conflict, invalid, notAuthorised, notFound } from '../errors';
import { canonical, utf8 } from '../ledger/canonical';
import { key, SEALED_COLLECTION, T } from '../ledger/keys';
import { findVendor, loadBid, loadTender } from '../ledger/records';
import { emit, getText, putJson, putText, scan } from '../ledger/state';
import { type Tx, txOf } from '../ledger/tx';
import { requireBeforeSubmission, requireRevealWindow } from '../rules/deadlines';
import { requireStep } from '../rules/lifecycle';
import { isDebarred } from '../rules/vendors';
import { visibleBid } from '../rules/visibility';
import { SEALED_BID_TRANSIENT_KEY, sealedBidSchema } from '@procurement/contract';
import { checkIds, check } from '../rules/validation';
import { createHash } from 'node:crypto';
import { ProcurementContract, result } from './base';

function sealedKey(ctx: Context, tenderId: string, bidId: string, vendorId: string): string {
  return key(ctx.stub, T.sealed, tenderId, bidId, vendorId);
}

/**
 * Sealed content lives only on Suppliers peers. Each organisation runs its own chaincode process with
 * its own MSP ID, so the shim knows which organisation's peer runs a proposal, and a seal or a read of
 * sealed content on any other peer is refused. This sits beside the Suppliers implicit collection's
 * endorsement policy (which makes a seal endorsed elsewhere invalid at commit), not instead of it.
 */
function requireSuppliersPeer(ctx: Context): void {
  const peerMsp = ctx.stub.getMspID();
  if (peerMsp !== SUPPLIERS_MSP)
    throw notAuthorised(
      `sealed bids are kept only on ${SUPPLIERS_MSP} peers; this peer belongs to ${peerMsp}`,
    );
}

/** The vendor must be registered and not debarred. */
async function requireEligibleVendor(tx: Tx, vendorId: string): Promise<void> {
  const vendor = await findVendor(tx.ctx, vendorId);
  if (!vendor) throw notAuthorised(`vendor ${vendorId} is not registered`);
  if (isDebarred(vendor.debarment, tx.now)) throw notAuthorised(`vendor ${vendorId} is debarred`);
}

function requireOpenForBids(tender: Tender, step: 'bid:Seal' | 'bid:Commit', nowMs: number): void {
  requireStep(tender, step);
  requireBeforeSubmission(tender, nowMs);
}

/** Parses and fully validates a sealed bid against the tender, bid and vendor it must belong to. */
function parseSealed(text: string, tender: Tender, bidId: string, vendorId: string): SealedBid {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw invalid('the sealed bid is not valid JSON');
  }
  if (canonical(raw) !== text) throw invalid('the sealed bid must be canonical JSON');
  const sealed = check(raw, sealedBidSchema, 'sealed bid');
  if (sealed.tenderId !== tender.id || sealed.bidId !== bidId)
    throw invalid('the sealed bid names another tender or bid');
  if (sealed.vendorId !== vendorId) throw invalid('the sealed bid names another vendor');
  if (sealed.price.currency !== tender.estimatedValue.currency) {
    throw invalid(`the price must be in ${tender.estimatedValue.currency}`);
  }
  return sealed;
}

function requireOwnBid(actor: Actor, bid: BidRecord): string {
  const vendorId = vendorIdOf(actor);
  if (bid.vendorId !== vendorId) throw notAuthorised(`bid ${bid.bidId} belongs to another vendor`);
  return vendorId;
}

function readerVendor(actor: Actor): string | undefined {
  return principalOf(actor) === 'vendor' ? actor.vendorId : undefined;
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

  @Transaction()
  @Returns('string')
  async Seal(ctx: BidTxContext, tenderId: string, bidId: string) {
    const tx = txOf(ctx);
    requireAllowed(tx.actor, 'bid:Seal');
    requireSuppliersPeer(ctx);
    checkIds(['tenderId', tenderId], ['bidId', bidId]);
    const vendorId = vendorIdOf(tx.actor);
    const tender = await loadTender(ctx, tenderId);
    await requireEligibleVendor(tx, vendorId);
    const bytes = ctx.stub.getTransient().get(SEALED_BID_TRANSIENT_KEY);
    if (!bytes || bytes.length === 0) throw invalid('transient entry sealedBid is missing');
    parseSealed(utf8(bytes), tender, bidId, vendorId);
    requireOpenForBids(tender, 'bid:Seal', tx.nowMs);
    const privateKey = sealedKey(ctx, tenderId, bidId, vendorId);
    if ((await ctx.stub.getPrivateData(SEALED_COLLECTION, privateKey)).length > 0) {
      throw conflict(`bid ${bidId} was already sealed; bid ids are never reused`);
    }
    await ctx.stub.putPrivateData(SEALED_COLLECTION, privateKey, bytes);
    emit(ctx, 'BidSealed', { tenderId, bidId, vendorId });
    return result({ tenderId, bidId, vendorId });
  }

  @Transaction()
  @Returns('string')
  async Commit(ctx: BidTxContext, tenderId: string, bidId: string) {
    const tx = txOf(ctx);
    requireAllowed(tx.actor, 'bid:Commit');
    checkIds(['tenderId', tenderId], ['bidId', bidId]);
    const vendorId = vendorIdOf(tx.actor);
    const tender = await loadTender(ctx, tenderId);
    await requireEligibleVendor(tx, vendorId);
    requireOpenForBids(tender, 'bid:Commit', tx.nowMs);
    const bidKey = key(ctx.stub, T.bid, tenderId, bidId);
    if ((await ctx.stub.getState(bidKey)).length > 0) throw conflict(`bid ${bidId} already exists`);
    const hash = await ctx.stub.getPrivateDataHash(
      SEALED_COLLECTION,
      sealedKey(ctx, tenderId, bidId, vendorId),
    );
    if (hash.length === 0) throw notFound(`no sealed bid ${bidId} of ${vendorId} on tender ${tenderId}`);

    const liveKey = key(ctx.stub, T.liveBid, tenderId, vendorId);
    const previousId = await getText(ctx, liveKey);
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
      commitment: Buffer.from(hash).toString('hex'),
      committedAt: tx.now,
      txId: tx.txId,
      status: 'committed',
      beforeAmendment: false,
    };
    await putJson(ctx, bidKey, bid);
    await putText(ctx, liveKey, bidId);
    emit(ctx, 'BidCommitted', { tenderId, bidId, vendorId, status: 'committed' });
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
    const vendorId = requireOwnBid(tx.actor, bid);
    if (bid.status !== 'committed') throw conflict(`bid ${bidId} is ${bid.status}`);
    requireBeforeSubmission(tender, tx.nowMs);
    const withdrawn: BidRecord = { ...bid, status: 'withdrawn', txId: tx.txId };
    await putJson(ctx, key(ctx.stub, T.bid, tenderId, bidId), withdrawn);
    await ctx.stub.deleteState(key(ctx.stub, T.liveBid, tenderId, vendorId));
    emit(ctx, 'BidWithdrawn', { tenderId, bidId, vendorId, status: 'withdrawn' });
    return result(visibleBid(withdrawn, tender, tx.nowMs, vendorId));
  }

  @Transaction(false)
  @Returns('string')
  async ReadSealed(ctx: BidTxContext, tenderId: string, bidId: string) {
    const tx = txOf(ctx);
    requireAllowed(tx.actor, 'bid:ReadSealed');
    requireSuppliersPeer(ctx);
    checkIds(['tenderId', tenderId], ['bidId', bidId]);
    const bytes = await ctx.stub.getPrivateData(
      SEALED_COLLECTION,
      sealedKey(ctx, tenderId, bidId, vendorIdOf(tx.actor)),
    );
    if (bytes.length === 0) throw notFound(`no sealed bid ${bidId} of yours on tender ${tenderId}`);
    return utf8(bytes);
  }

  @Transaction()
  @Returns('string')
  async Reveal(ctx: BidTxContext, tenderId: string, bidId: string, sealedBidJson: string) {
    const tx = txOf(ctx);
    requireAllowed(tx.actor, 'bid:Reveal');
    checkIds(['tenderId', tenderId], ['bidId', bidId]);
    const tender = await loadTender(ctx, tenderId);
    const bid = await loadBid(ctx, tenderId, bidId);
    const vendorId = requireOwnBid(tx.actor, bid);
    const digest = createHash('sha256').update(sealedBidJson, 'utf8').digest('hex');
    if (digest !== bid.commitment) throw invalid('the sealed bid does not match the commitment');
    const sealed = parseSealed(sealedBidJson, tender, bidId, vendorId);
    if (bid.status !== 'committed') throw conflict(`bid ${bidId} is ${bid.status}`);
    requireStep(tender, 'bid:Reveal');
    requireRevealWindow(tender, tx.nowMs);
    const revealed: BidRecord = {
      ...bid,
      status: 'revealed',
      revealedAt: tx.now,
      txId: tx.txId,
      price: sealed.price,
      technicalProposal: sealed.technicalProposal,
      documents: sealed.documents,
    };
    await putJson(ctx, key(ctx.stub, T.bid, tenderId, bidId), revealed);
    emit(ctx, 'BidRevealed', { tenderId, bidId, vendorId, status: 'revealed' });
    return result(visibleBid(revealed, tender, tx.nowMs, vendorId));
  }

  @Transaction(false)
  @Returns('string')
  async List(ctx: BidTxContext, tenderId: string) {
    const tx = txOf(ctx);
    checkIds(['tenderId', tenderId]);
    const tender = await loadTender(ctx, tenderId);
    const reader = readerVendor(tx.actor);
    const rows = await scan(ctx, T.bid, [tenderId]);
    const items = rows.map((row) => visibleBid(JSON.parse(row.value) as BidRecord, tender, tx.nowMs, reader));
    return result({ items });
  }

  @Transaction(false)
  @Returns('string')
  async Get(ctx: BidTxContext, tenderId: string, bidId: string) {
    const tx = txOf(ctx);
    checkIds(['tenderId', tenderId], ['bidId', bidId]);
    const tender = await loadTender(ctx, tenderId);
    const bid = await loadBid(ctx, tenderId, bidId);
    return result(visibleBid(bid, tender, tx.nowMs, readerVendor(tx.actor)));
  }
}
