/** The vendor a caller acts for: the vendorId of its certificate, checked against that vendor's record. */
import { isVendorUser, principalOf, requireVendorUser, vendorIdOf } from '../access';
import { notAuthorised } from '../errors';
import { findVendor, type StoredVendor } from './records';
import type { Tx } from './tx';

/**
 * The registered vendor named by the caller's vendorId attribute, provided the caller's enrolment id is
 * one of its users; NOT_AUTHORISED otherwise (unregistered vendor, or an identity the vendor never
 * approved). Call after requireAllowed passed for a vendor action.
 */
export async function actingVendor(tx: Tx): Promise<StoredVendor> {
  return requireActingVendor(tx, await findVendor(tx.ctx, vendorIdOf(tx.actor)));
}

/** actingVendor's check of a vendor record already read (`stored`: the caller's vendorId's record). */
export function requireActingVendor(tx: Tx, stored: StoredVendor | undefined): StoredVendor {
  if (!stored) throw notAuthorised(`vendor ${vendorIdOf(tx.actor)} is not registered`);
  requireVendorUser(tx.actor, stored);
  return stored;
}

/**
 * For queries: the vendorId whose own bids the caller may see before opening, or undefined when the
 * caller is not a vendor or not one of that vendor's users.
 */
export async function readingVendor(tx: Tx): Promise<string | undefined> {
  const vendorId = tx.actor.vendorId;
  if (principalOf(tx.actor) !== 'vendor' || vendorId === undefined) return undefined;
  const vendor = await findVendor(tx.ctx, vendorId);
  return vendor && isVendorUser(tx.actor, vendor) ? vendorId : undefined;
}
