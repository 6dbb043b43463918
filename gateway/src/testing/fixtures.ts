/** The gateway tests' data: the contract's builders, one per record type. */
export * from '@procurement/contract/testing';
