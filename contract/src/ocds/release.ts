/** One OCDS 1.1.5 release per ledger change. */
import type { AwardCriteria } from '../schemas/inputs';
import type { Amendment, Award, DocumentRef, Tender } from '../schemas/records';
import {
  AWARD_METHOD_TO_OCDS_CRITERIA,
  AWARD_STATUS_TO_OCDS,
  CHANGE_TO_RELEASE_TAG,
  OCDS_CONTRACT_STATUS,
  OCDS_SUBMISSION_METHOD,
  PROCEDURE_TO_OCDS_METHOD,
  TENDER_STATUS_TO_OCDS,
} from './codelists';
import { bidsAreOpen, buildBidDetails, tendererIds } from './bids';
import { toOcdsValue } from './money';
import { agencyReference, buildParties, vendorReference } from './parties';
import type { OcdsConfig, ProcessSnapshot, TransactionFacts } from './snapshot';
import type { OcdsAmendment, OcdsAward, OcdsContract, OcdsDocument, OcdsRelease, OcdsTender } from './types';

/** The process's Open Contracting ID: the configured prefix plus the tender id. */
export function ocidOf(tenderId: string, config: Pick<OcdsConfig, 'ocidPrefix'>): string {
  return `${config.ocidPrefix}-${tenderId}`;
}

/**
 * The release id of a transaction: its txId, so one change always yields the same release.
 * @throws {RangeError} when the txId is empty.
 */
export function releaseIdOf(txId: string): string {
  if (txId === '') throw new RangeError('a release needs the transaction id');
  return txId;
}

/** The id of an award: the winning bid and the award's time, so a re-award after annulment is new. */
export function awardIdOf(award: Pick<Award, 'bidId' | 'awardedAt'>): string {
  return `award-${award.bidId}-${award.awardedAt.replace(/[^0-9]/g, '')}`;
}

/**
 * Builds the release of one ledger change: a snapshot of the process as the change left it, tagged
 * with the change. Bids and bidders appear only once the opening deadline has passed at the
 * transaction time.
 * @throws {RangeError} for a draft tender, an empty txId, a bad timestamp or money beyond exact JSON.
 * @throws {Error} when a vendor's legal name is missing from the snapshot.
 */
export function buildRelease(
  snapshot: ProcessSnapshot,
  facts: TransactionFacts,
  config: OcdsConfig,
): OcdsRelease {
  const { tender, award } = snapshot;
  if (tender.status === 'draft') throw new RangeError(`tender ${tender.id} is a draft: nothing is published`);
  const open = bidsAreOpen(tender, facts.time);
  const bids = open ? (snapshot.bids ?? []) : [];
  const tenderers = tendererIds(bids);
  const supplier = award && award.status !== 'annulled' ? award.vendorId : undefined;
  return {
    ocid: ocidOf(tender.id, config),
    id: releaseIdOf(facts.txId),
    date: facts.time,
    tag: [CHANGE_TO_RELEASE_TAG[facts.change]],
    initiationType: 'tender',
    ...(config.language ? { language: config.language } : {}),
    parties: buildParties(snapshot, { tenderers, supplier }, config),
    buyer: agencyReference(tender.agency, config),
    tender: { ...buildTender(tender, award, config), ...(open ? tendererFields(tenderers, snapshot) : {}) },
    ...(open ? { bids: { details: buildBidDetails(bids, award, snapshot.vendors) } } : {}),
    ...awardSections(snapshot),
  };
}

/** `awards` and `contracts`, when the process has reached them. */
function awardSections(snapshot: ProcessSnapshot): Pick<OcdsRelease, 'awards' | 'contracts'> {
  const { award, contract } = snapshot;
  if (!award) return {};
  return {
    awards: [buildAward(award, snapshot)],
    ...(contract ? { contracts: [buildContract(award, contract)] } : {}),
  };
}

/** The bidders, once the bids are open. */
function tendererFields(tenderers: readonly string[], snapshot: ProcessSnapshot): Partial<OcdsTender> {
  return {
    numberOfTenderers: tenderers.length,
    tenderers: tenderers.map((id) => vendorReference(id, snapshot.vendors)),
  };
}

function buildTender(tender: Tender, award: Award | undefined, config: OcdsConfig): OcdsTender {
  return {
    id: tender.id,
    title: tender.title,
    description: tender.description,
    status: TENDER_STATUS_TO_OCDS[tender.status],
    procuringEntity: agencyReference(tender.agency, config),
    items: [{ id: '1', classification: { scheme: 'CPV', id: tender.cpv } }],
    value: toOcdsValue(tender.estimatedValue),
    procurementMethod: PROCEDURE_TO_OCDS_METHOD[tender.procedure],
    awardCriteria: AWARD_METHOD_TO_OCDS_CRITERIA[tender.awardCriteria.method],
    awardCriteriaDetails: describeCriteria(tender.awardCriteria),
    submissionMethod: [OCDS_SUBMISSION_METHOD],
    tenderPeriod: {
      ...(tender.publishedAt ? { startDate: tender.publishedAt } : {}),
      endDate: tender.submissionDeadline,
    },
    awardPeriod: { startDate: tender.openingDeadline, ...awardPeriodEnd(award) },
    ...(tender.documents.length > 0 ? { documents: buildDocuments(tender.documents) } : {}),
    ...(tender.amendments.length > 0 ? { amendments: tender.amendments.map(buildAmendment) } : {}),
  };
}

/**
 * The award period ends with the award; an annulled award reopens it, published as `null` so the
 * compiled release forgets the old end date (a missing field would keep it).
 */
function awardPeriodEnd(award: Award | undefined): { endDate?: string | null } {
  if (!award) return {};
  return { endDate: award.status === 'annulled' ? null : award.awardedAt };
}

/** The award criteria in words, with the published weights. */
export function describeCriteria(criteria: AwardCriteria): string {
  if (criteria.method === 'lowestPrice') return 'Lowest price among the compliant bids.';
  const quality = criteria.criteria.map((c) => `${c.name} ${c.weight}% (scored 0 to ${c.maxScore})`);
  return `Best price-quality ratio: price ${criteria.priceWeight}%; ${quality.join('; ')}.`;
}

/** Documents by SHA-256 (a changed file is a new document); duplicates listed once. */
function buildDocuments(documents: readonly DocumentRef[]): OcdsDocument[] {
  const byId = new Map<string, OcdsDocument>();
  for (const d of documents) {
    if (!byId.has(d.sha256))
      byId.set(d.sha256, { id: d.sha256, title: d.name, ...(d.url ? { url: d.url } : {}) });
  }
  return [...byId.values()];
}

function buildAmendment(amendment: Amendment): OcdsAmendment {
  return {
    id: String(amendment.seq),
    date: amendment.at,
    rationale: amendment.reason,
    description: `Changed: ${Object.keys(amendment.changes).sort().join(', ')}.`,
    releaseID: releaseIdOf(amendment.txId),
  };
}

function buildAward(award: Award, snapshot: ProcessSnapshot): OcdsAward {
  return {
    id: awardIdOf(award),
    status: AWARD_STATUS_TO_OCDS[award.status],
    date: award.awardedAt,
    value: toOcdsValue(award.price),
    suppliers: [vendorReference(award.vendorId, snapshot.vendors)],
    relatedBids: [award.bidId],
  };
}

function buildContract(award: Award, contract: NonNullable<ProcessSnapshot['contract']>): OcdsContract {
  const documents = buildDocuments(contract.documents);
  return {
    id: `contract-${awardIdOf(award)}`,
    awardID: awardIdOf(award),
    status: OCDS_CONTRACT_STATUS,
    value: toOcdsValue(contract.price),
    dateSigned: contract.recordedAt,
    ...(documents.length > 0 ? { documents } : {}),
  };
}
