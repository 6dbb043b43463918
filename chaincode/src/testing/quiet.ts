/* istanbul ignore file -- test helper; the root jest config means to exclude src/testing from coverage */
// Keeps the contract API's per-transaction info logging out of test and benchmark output.
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'error';
