import { Context, Returns, Transaction } from 'fabric-contract-api';
import type { Vendor } from '@procurement/contract';
import { requireAllowed, usernameOf } from '../access';
import { conflict, invalid, notAuthorised } from '../errors';
import { actingVendor } from '../ledger/acting-vendor';
import { key, T } from '../ledger/keys';
import { findVendor, loadVendor, type StoredVendor } from '../ledger/records';
import { emit, putJson } from '../ledger/state';
import { txOf } from '../ledger/tx';
import { toIso, toMillis } from '../rules/time';
import { isDebarred } from '../rules/vendors';
import {
  LIMITS,
  debarSchema,
  reasonSchema,
  registerVendorSchema,
  usernameSchema,
} from '@procurement/contract';
import { check, checkIds, parseJson } from '../rules/validation';
import { ProcurementContract, result } from './base';

function view(vendor: StoredVendor, nowIso: string): Vendor {
  return { ...vendor, debarred: isDebarred(vendor.debarment, nowIso) };
}

/** Local context class: decorator metadata then names it directly (see base.ts). */
class VendorTxContext extends Context {}

export class VendorContract extends ProcurementContract {
  override createContext(): VendorTxContext {
    return new VendorTxContext();
  }

  constructor() {
    super('vendor');
  }

  @Transaction()
  @Returns('string')
  async Register(ctx: VendorTxContext, inputJson: string) {
    const tx = txOf(ctx);
    requireAllowed(tx.actor, 'vendor:Register');
    const input = parseJson(inputJson, registerVendorSchema, 'vendor');
    if (await findVendor(ctx, input.vendorId))
      throw conflict(`vendor ${input.vendorId} is already registered`);
    const vendor: StoredVendor = {
      vendorId: input.vendorId,
      legalName: input.legalName,
      registeredAt: tx.now,
      users: [input.username],
      txId: tx.txId,
    };
    await putJson(ctx, key(ctx.stub, T.vendor, input.vendorId), vendor);
    emit(ctx, 'VendorRegistered', { vendorId: input.vendorId });
    return result(view(vendor, tx.now));
  }

  /**
   * One of the vendor's own users approves another enrolment id to act for it. The registrar can
   * register the CA user, but only this approval lets it act for the vendor.
   */
  @Transaction()
  @Returns('string')
  async ApproveUser(ctx: VendorTxContext, vendorId: string, username: string) {
    const tx = txOf(ctx);
    requireAllowed(tx.actor, 'vendor:ApproveUser');
    checkIds(['vendorId', vendorId]);
    const user = check(username, usernameSchema, 'username');
    const vendor = await actingVendor(tx);
    if (vendor.vendorId !== vendorId)
      throw notAuthorised(`only a user of vendor ${vendorId} may approve its users`);
    if (vendor.users.includes(user)) throw conflict(`${user} is already a user of vendor ${vendorId}`);
    if (vendor.users.length >= LIMITS.vendorUsers)
      throw invalid(`a vendor has at most ${LIMITS.vendorUsers} users`);
    const updated: StoredVendor = { ...vendor, users: [...vendor.users, user], txId: tx.txId };
    await putJson(ctx, key(ctx.stub, T.vendor, vendorId), updated);
    emit(ctx, 'VendorUserApproved', { vendorId });
    return result(view(updated, tx.now));
  }

  @Transaction()
  @Returns('string')
  async Debar(ctx: VendorTxContext, vendorId: string, inputJson: string) {
    const tx = txOf(ctx);
    requireAllowed(tx.actor, 'vendor:Debar');
    checkIds(['vendorId', vendorId]);
    const vendor = await loadVendor(ctx, vendorId);
    const input = parseJson(inputJson, debarSchema, 'debarment');
    const until = input.until === undefined ? undefined : toMillis(input.until);
    if (until !== undefined && until <= tx.nowMs) throw invalid('until must be in the future');
    const debarment = {
      reason: input.reason,
      since: tx.now,
      by: usernameOf(tx.actor),
      ...(until === undefined ? {} : { until: toIso(until) }),
    };
    const updated: StoredVendor = { ...vendor, debarment, txId: tx.txId };
    delete updated.reinstatement;
    await putJson(ctx, key(ctx.stub, T.vendor, vendorId), updated);
    emit(ctx, 'VendorDebarred', { vendorId });
    return result(view(updated, tx.now));
  }

  @Transaction()
  @Returns('string')
  async Reinstate(ctx: VendorTxContext, vendorId: string, reason: string) {
    const tx = txOf(ctx);
    requireAllowed(tx.actor, 'vendor:Reinstate');
    checkIds(['vendorId', vendorId]);
    const vendor = await loadVendor(ctx, vendorId);
    const why = check(reason, reasonSchema, 'reason');
    if (!isDebarred(vendor.debarment, tx.now)) throw conflict(`vendor ${vendorId} is not debarred`);
    const updated: StoredVendor = {
      ...vendor,
      reinstatement: { reason: why, at: tx.now, by: usernameOf(tx.actor) },
      txId: tx.txId,
    };
    delete updated.debarment;
    await putJson(ctx, key(ctx.stub, T.vendor, vendorId), updated);
    emit(ctx, 'VendorReinstated', { vendorId });
    return result(view(updated, tx.now));
  }

  @Transaction(false)
  @Returns('string')
  async Get(ctx: VendorTxContext, vendorId: string) {
    const tx = txOf(ctx);
    checkIds(['vendorId', vendorId]);
    return result(view(await loadVendor(ctx, vendorId), tx.now));
  }
}
