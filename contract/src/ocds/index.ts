/**
 * Transparency: OCDS 1.1.5 releases, records and packages built from the ledger's records, and the
 * red-flag rules (re-exported here so the package index needs one line). The ajv validator
 * (`./validator`) is for tests and tools only and is not exported.
 */
export * from './bids';
export * from './codelists';
export * from './extension';
export * from './merge';
export * from './money';
export * from './packages';
export * from './parties';
export * from './release';
export * from './snapshot';
export * from './types';
// The red-flag rules belong to the same transparency surface: one export line in the package index.
export * from '../redflags';
