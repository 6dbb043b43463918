/**
 * THE one table of who may do what. Identity comes only from the caller's certificate: its MSP ID and
 * the Fabric CA attributes `role`, `vendorId` and `hf.EnrollmentID`; never from anything the caller types.
 */
import {
  ID_PATTERN,
  OVERSIGHT_MSP,
  type Role,
  SUPPLIERS_MSP,
  type TransactionName,
} from '@procurement/contract';
import { notAuthorised } from './errors';

/** What the chaincode knows about the caller. */
export interface Actor {
  mspId: string;
  role: string | undefined;
  vendorId: string | undefined;
  username: string | undefined;
}

/** Transactions restricted by role; every other transaction is open to any channel member. */
export type Action = Exclude<
  TransactionName,
  | 'policy:Get'
  | 'policy:GetProposal'
  | 'policy:History'
  | 'tender:Get'
  | 'tender:List'
  | 'tender:History'
  | 'openingKey:List'
  | 'bid:List'
  | 'bid:Get'
  | 'bid:Opening'
  | 'evaluation:List'
  | 'award:Get'
  | 'award:List'
  | 'award:GetChallenge'
  | 'vendor:Get'
  | 'redflag:List'
>;

export const ACCESS: Readonly<Record<Action, readonly Role[]>> = {
  'policy:Propose': ['auditor'],
  'policy:Approve': ['auditor'],
  'tender:Create': ['officer'],
  'tender:Publish': ['officer'],
  'tender:Amend': ['officer'],
  'tender:Cancel': ['officer'],
  'openingKey:Register': ['opener'],
  'tender:ApproveCancel': ['auditor'],
  'bid:Seal': ['vendor'],
  'bid:Withdraw': ['vendor'],
  'bid:ReleaseShares': ['opener'],
  'bid:Open': ['opener', 'officer'],
  'bid:Envelopes': ['opener'],
  'evaluation:Submit': ['evaluator'],
  'award:Make': ['officer'],
  'award:LodgeChallenge': ['vendor'],
  'award:DecideChallenge': ['auditor'],
  'award:RecordContract': ['officer'],
  'vendor:Register': ['registrar'],
  'vendor:ApproveUser': ['vendor'],
  'vendor:Debar': ['auditor'],
  'vendor:Reinstate': ['auditor'],
  'redflag:Review': ['auditor'],
};

/**
 * Oversight = auditor in AuditMSP; registrar/vendor in SuppliersMSP; officer/evaluator in any agency;
 * an opener in every organisation (it acts for its own MSP only); a reader (a gateway's read-only
 * identity) in any organisation. No action lists the reader.
 */
export function principalOf(actor: Actor): Role | undefined {
  const { mspId, role } = actor;
  if (role === 'opener' || role === 'reader') return role;
  if (mspId === OVERSIGHT_MSP) return role === 'auditor' ? 'auditor' : undefined;
  if (mspId === SUPPLIERS_MSP) return supplierPrincipal(actor);
  if (role === 'officer' || role === 'evaluator') return role;
  return undefined;
}

/** In the supplier registry: its registrar, or a vendor whose certificate names a well-formed vendorId. */
function supplierPrincipal(actor: Actor): Role | undefined {
  if (actor.role === 'registrar') return 'registrar';
  if (actor.role === 'vendor' && actor.vendorId !== undefined && ID_PATTERN.test(actor.vendorId))
    return 'vendor';
  return undefined;
}

export function isAllowed(actor: Actor, action: Action): boolean {
  const principal = principalOf(actor);
  return principal !== undefined && ACCESS[action].includes(principal);
}

/** Refuses (NOT_AUTHORISED) unless the table lets the caller do the action. */
export function requireAllowed(actor: Actor, action: Action): void {
  if (!isAllowed(actor, action)) {
    throw notAuthorised(`${actor.role ?? 'no role'} in ${actor.mspId} may not ${action}`);
  }
}

/**
 * Refuses any write to a reader, whatever the transaction: checked before every transaction runs, so a
 * write added later without an access entry is refused to the reader too.
 */
export function requireWriterFor(actor: Actor, writes: boolean): void {
  if (writes && actor.role === 'reader')
    throw notAuthorised(`a reader in ${actor.mspId} may only call queries`);
}

/** The owning agency of a tender is the MSP of its creator. */
export function requireOwningAgency(actor: Actor, agency: string): void {
  if (actor.mspId !== agency) throw notAuthorised(`only an officer of ${agency} may do this`);
}

/** The caller's vendorId (only meaningful once requireAllowed passed for a vendor action). */
export function vendorIdOf(actor: Actor): string {
  if (actor.vendorId === undefined) throw notAuthorised('the caller has no vendorId attribute');
  return actor.vendorId;
}

/**
 * A vendor acts only through the enrolment ids on its own record. The vendorId attribute alone is not
 * enough: the registrar could mint a certificate with any vendorId, but only the vendor's record (written
 * at registration, then extended by the vendor's own approvals) says which enrolment ids may act for it.
 * The enrolment id is the CA's own `hf.EnrollmentID` attribute, which no registrar can set.
 */
export function requireVendorUser(actor: Actor, vendor: VendorUsers): void {
  const username = actor.username;
  if (!isVendorUser(actor, vendor))
    throw notAuthorised(
      `${username ?? 'an identity without an enrolment id'} is not a user of vendor ${vendor.vendorId}: ` +
        'only the users on its record, which the vendor approves itself, may act for it',
    );
}

/** A vendor record's id and the enrolment ids allowed to act for it. */
export interface VendorUsers {
  vendorId: string;
  users: readonly string[];
}

/**
 * The caller's certificate names this vendor, and its enrolment id is on the vendor's users. A record
 * from before `users` existed (parsed from JSON, so the field may be absent) allows nobody.
 */
export function isVendorUser(actor: Actor, vendor: VendorUsers): boolean {
  const users: unknown = vendor.users;
  return (
    actor.vendorId === vendor.vendorId &&
    actor.username !== undefined &&
    Array.isArray(users) &&
    users.includes(actor.username)
  );
}

/** The caller's username (hf.EnrollmentID), recorded as `by` on what they do. */
export function usernameOf(actor: Actor): string {
  return actor.username ?? '';
}

/** A committee member is an evaluator of the owning agency whose username is on the tender's committee. */
export function requireCommitteeMember(actor: Actor, agency: string, committee: readonly string[]): string {
  const username = actor.username;
  if (actor.mspId !== agency || username === undefined || !committee.includes(username)) {
    throw notAuthorised('the caller is not on this tender’s evaluation committee');
  }
  return username;
}
