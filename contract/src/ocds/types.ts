/**
 * The OCDS 1.1.5 shapes this project writes (a subset of the release schema plus the bids extension).
 * The JSON Schemas in `contract/ocds-schema` are the authority; tests validate every document against them.
 */
import type { OcdsValue } from './money';

export interface OcdsPeriod {
  startDate?: string;
  /** `null` removes an earlier end date when releases are merged. */
  endDate?: string | null;
}

export interface OcdsOrganizationReference {
  id: string;
  name: string;
}

export interface OcdsIdentifier {
  scheme: string;
  id: string;
  legalName?: string;
}

export interface OcdsParty {
  id: string;
  name: string;
  identifier?: OcdsIdentifier;
  roles: string[];
}

export interface OcdsDocument {
  id: string;
  title: string;
  url?: string;
}

export interface OcdsItem {
  id: string;
  classification: { scheme: string; id: string };
}

export interface OcdsAmendment {
  id: string;
  date: string;
  rationale: string;
  description: string;
  releaseID: string;
}

export interface OcdsTender {
  id: string;
  title: string;
  description: string;
  status: string;
  procuringEntity: OcdsOrganizationReference;
  items: OcdsItem[];
  value: OcdsValue;
  procurementMethod: string;
  awardCriteria: string;
  awardCriteriaDetails: string;
  submissionMethod: string[];
  tenderPeriod: OcdsPeriod;
  awardPeriod: OcdsPeriod;
  documents?: OcdsDocument[];
  amendments?: OcdsAmendment[];
  numberOfTenderers?: number;
  tenderers?: OcdsOrganizationReference[];
}

export interface OcdsAward {
  id: string;
  status: string;
  date: string;
  value: OcdsValue;
  suppliers: OcdsOrganizationReference[];
  relatedBids: string[];
}

export interface OcdsContract {
  id: string;
  awardID: string;
  status: string;
  value: OcdsValue;
  dateSigned: string;
  documents?: OcdsDocument[];
}

/** One bid of the bids extension's `bids.details`. */
export interface OcdsBid {
  id: string;
  date: string;
  status: string;
  tenderers: OcdsOrganizationReference[];
  value?: OcdsValue;
}

export interface OcdsRelease {
  ocid: string;
  id: string;
  date: string;
  tag: string[];
  initiationType: 'tender';
  language?: string;
  parties: OcdsParty[];
  buyer: OcdsOrganizationReference;
  tender: OcdsTender;
  bids?: { details: OcdsBid[] };
  awards?: OcdsAward[];
  contracts?: OcdsContract[];
}

/** A JSON value, as the merge reads and writes it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
