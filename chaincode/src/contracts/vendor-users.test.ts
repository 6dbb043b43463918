/**
 * Issue 10 §5: a certificate carrying a vendor's vendorId acts for it only when its enrolment id is on
 * the vendor's record. The registrar can mint such a certificate but cannot put it on the record: only
 * the vendor's own users approve another user.
 */
import type { BidRecord, Vendor } from '@procurement/contract';
import { isVendorUser, requireVendorUser, type VendorUsers } from '../access';
import { Ledger } from '../testing/harness';
import {
  DAY,
  createAndPublish,
  placeBid,
  prepareIdentities,
  registerOpeningKeys,
  registerVendors,
  sealFor,
  bidContent,
  T0,
  WHO,
} from '../testing/fixtures';
import type { Identity } from '../testing/certs';

type BidList = { items: BidRecord[]; total: number };

beforeAll(prepareIdentities);

async function open(): Promise<Ledger> {
  const ledger = new Ledger(T0);
  await registerOpeningKeys(ledger);
  await registerVendors(ledger, WHO.vendorA, WHO.vendorB);
  await createAndPublish(ledger);
  ledger.advance(DAY);
  return ledger;
}

async function sealArgs(who: Identity, label: string): Promise<[string, string, string]> {
  const vendorId = who.vendorId ?? '';
  const sealed = await sealFor('T-1', vendorId, label, bidContent(vendorId, '100'));
  return ['T-1', sealed.nonce, sealed.envelopeJson];
}

const NOT_A_USER = /^NOT_AUTHORISED: mallory is not a user of vendor V-A/;

describe('vendor users (issue 10 §5)', () => {
  it('when a record has no users list (written before it existed), then nobody acts for the vendor', () => {
    const actor = { mspId: 'SuppliersMSP', role: 'vendor', vendorId: 'V-A', username: 'alice' };
    const legacy = { vendorId: 'V-A' } as unknown as VendorUsers;
    expect(isVendorUser(actor, legacy)).toBe(false);
    expect(() => {
      requireVendorUser(actor, legacy);
    }).toThrow(/^NOT_AUTHORISED/);
    expect(isVendorUser(actor, { vendorId: 'V-A', users: ['alice'] })).toBe(true);
    expect(isVendorUser({ ...actor, vendorId: 'V-B' }, { vendorId: 'V-A', users: ['alice'] })).toBe(false);
  });

  it('when the vendor is registered, then its record lists the first user as the only one', async () => {
    const ledger = await open();
    const vendor = await ledger.ok<Vendor>(WHO.auditor, 'vendor:Get', ['V-A']);
    expect(vendor.users).toEqual(['alice']);
  });

  it('when an identity with the right vendorId but another enrolment id seals, then NOT_AUTHORISED and nothing is written', async () => {
    const ledger = await open();
    expect(await ledger.refused(WHO.impostorA, 'bid:Seal', await sealArgs(WHO.impostorA, 'x'))).toMatch(
      NOT_A_USER,
    );
    // The vendor's own user seals the very same way.
    await placeBid(ledger, WHO.vendorA, 'T-1', 'x', '100');
  });

  it('when such an identity withdraws the vendor’s bid, then NOT_AUTHORISED and the bid stays sealed', async () => {
    const ledger = await open();
    const bidId = await placeBid(ledger, WHO.vendorA, 'T-1', 'a', '100');
    expect(await ledger.refused(WHO.impostorA, 'bid:Withdraw', ['T-1', bidId])).toMatch(NOT_A_USER);
    const bid = await ledger.ok<{ status: string }>(WHO.vendorA, 'bid:Get', ['T-1', bidId]);
    expect(bid.status).toBe('sealed');
  });

  it('when such an identity reads the vendor’s bids before opening, then it sees none of them', async () => {
    const ledger = await open();
    const bidId = await placeBid(ledger, WHO.vendorA, 'T-1', 'a', '100');
    expect(await ledger.refused(WHO.impostorA, 'bid:Get', ['T-1', bidId])).toMatch(/^NOT_AUTHORISED/);
    const list = await ledger.ok<BidList>(WHO.impostorA, 'bid:List', ['T-1', '{}']);
    expect(list.items).toEqual([]);
    expect(list.total).toBe(1);
    const own = await ledger.ok<BidList>(WHO.vendorA, 'bid:List', ['T-1', '{}']);
    expect(own.items.map((b) => b.bidId)).toEqual([bidId]);
  });

  it('when such an identity lodges a challenge, then NOT_AUTHORISED before anything else is looked at', async () => {
    const ledger = await open();
    expect(await ledger.refused(WHO.impostorA, 'award:LodgeChallenge', ['T-9', 'ch-1', 'unfair'])).toMatch(
      NOT_A_USER,
    );
    // The vendor's own user gets as far as the (unknown) tender.
    expect(await ledger.refused(WHO.vendorA, 'award:LodgeChallenge', ['T-9', 'ch-1', 'unfair'])).toMatch(
      /^NOT_FOUND/,
    );
  });

  it('when the vendor approves another user, then that user may act for it and the record lists both', async () => {
    const ledger = await open();
    expect(await ledger.refused(WHO.secondA, 'bid:Seal', await sealArgs(WHO.secondA, 'y'))).toMatch(
      /^NOT_AUTHORISED: alice-2 is not a user of vendor V-A/,
    );
    const approved = await ledger.ok<Vendor>(WHO.vendorA, 'vendor:ApproveUser', ['V-A', 'alice-2']);
    expect(approved.users).toEqual(['alice', 'alice-2']);
    await placeBid(ledger, WHO.secondA, 'T-1', 'y', '90');
    // The impostor is still refused.
    expect(await ledger.refused(WHO.impostorA, 'bid:Seal', await sealArgs(WHO.impostorA, 'z'))).toMatch(
      NOT_A_USER,
    );
  });

  it('when anyone but the vendor’s own user approves a user, then NOT_AUTHORISED and the record is unchanged', async () => {
    const ledger = await open();
    expect(await ledger.refused(WHO.registrar, 'vendor:ApproveUser', ['V-A', 'mallory'])).toMatch(
      /^NOT_AUTHORISED/,
    );
    expect(await ledger.refused(WHO.impostorA, 'vendor:ApproveUser', ['V-A', 'mallory'])).toMatch(NOT_A_USER);
    expect(await ledger.refused(WHO.vendorB, 'vendor:ApproveUser', ['V-A', 'mallory'])).toMatch(
      /^NOT_AUTHORISED: only a user of vendor V-A/,
    );
    expect(await ledger.refused(WHO.auditor, 'vendor:ApproveUser', ['V-A', 'mallory'])).toMatch(
      /^NOT_AUTHORISED/,
    );
    const vendor = await ledger.ok<Vendor>(WHO.auditor, 'vendor:Get', ['V-A']);
    expect(vendor.users).toEqual(['alice']);
  });

  it('when the approval repeats a user, names a malformed user or goes past the limit, then it is refused', async () => {
    const ledger = await open();
    expect(await ledger.refused(WHO.vendorA, 'vendor:ApproveUser', ['V-A', 'alice'])).toMatch(/^CONFLICT/);
    expect(await ledger.refused(WHO.vendorA, 'vendor:ApproveUser', ['V-A', 'a b'])).toMatch(
      /^INVALID_ARGUMENT/,
    );
    expect(await ledger.refused(WHO.vendorA, 'vendor:ApproveUser', ['V A', 'bob-2'])).toMatch(
      /^INVALID_ARGUMENT/,
    );
    for (let i = 1; i < 32; i += 1) await ledger.ok(WHO.vendorA, 'vendor:ApproveUser', ['V-A', `u${i}`]);
    expect(await ledger.refused(WHO.vendorA, 'vendor:ApproveUser', ['V-A', 'u32'])).toMatch(
      /^INVALID_ARGUMENT: a vendor has at most 32 users/,
    );
  });
});
