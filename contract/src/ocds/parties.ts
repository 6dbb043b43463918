/** The `parties` of a release: agency, vendors, evaluation committee (by seat only), review body. */
import { OVERSIGHT_MSP } from '../vocabulary';
import type { OcdsConfig, ProcessSnapshot, PublicVendor } from './snapshot';
import type { OcdsOrganizationReference, OcdsParty } from './types';

/** Party id of an agency (its MSP ID). */
export function agencyPartyId(mspId: string): string {
  return `agency-${mspId}`;
}

/** Party id of a vendor. */
export function vendorPartyId(vendorId: string): string {
  return `vendor-${vendorId}`;
}

/** The organisation reference of the buying agency. */
export function agencyReference(mspId: string, config: OcdsConfig): OcdsOrganizationReference {
  return { id: agencyPartyId(mspId), name: config.agencyNames?.[mspId] ?? mspId };
}

/**
 * The organisation reference of a vendor, named by its legal name.
 * @throws {Error} when the snapshot does not carry the vendor's legal name.
 */
export function vendorReference(
  vendorId: string,
  vendors: readonly PublicVendor[],
): OcdsOrganizationReference {
  const vendor = vendors.find((v) => v.vendorId === vendorId);
  if (!vendor) throw new Error(`no legal name for vendor ${vendorId}`);
  return { id: vendorPartyId(vendorId), name: vendor.legalName };
}

/** Which vendors bid (published after opening only) and which one was awarded. */
export interface VendorRoles {
  tenderers: readonly string[];
  supplier?: string;
}

/**
 * Every party of the release, in a stable order: agency, vendors (by id), evaluators (by seat number,
 * never by name), and the oversight body once it decided a challenge.
 * @throws {Error} when a vendor's legal name is missing from the snapshot.
 */
export function buildParties(snapshot: ProcessSnapshot, roles: VendorRoles, config: OcdsConfig): OcdsParty[] {
  const { tender } = snapshot;
  const parties: OcdsParty[] = [
    { ...agencyReference(tender.agency, config), roles: ['buyer', 'procuringEntity'] },
  ];
  const vendorIds = [...new Set([...roles.tenderers, ...(roles.supplier ? [roles.supplier] : [])])].sort();
  for (const vendorId of vendorIds) {
    const reference = vendorReference(vendorId, snapshot.vendors);
    const vendorRoles = [
      ...(roles.tenderers.includes(vendorId) ? ['tenderer'] : []),
      ...(roles.supplier === vendorId ? ['supplier'] : []),
    ];
    const identifier = { scheme: config.vendorIdScheme, id: vendorId, legalName: reference.name };
    parties.push({ ...reference, identifier, roles: vendorRoles });
  }
  tender.evaluators.forEach((_username, seat) => {
    parties.push(evaluatorParty(tender.agency, seat + 1));
  });
  if (snapshot.challenge?.decision) {
    parties.push({
      id: agencyPartyId(OVERSIGHT_MSP),
      name: config.oversightName ?? OVERSIGHT_MSP,
      roles: ['reviewBody'],
    });
  }
  return parties;
}

/** An evaluation committee seat: its role and number, never the evaluator's name or username. */
function evaluatorParty(agency: string, seat: number): OcdsParty {
  return {
    id: `${agencyPartyId(agency)}-evaluator-${seat}`,
    name: `Evaluation committee member ${seat}`,
    roles: ['evaluator'],
  };
}
