/** Red-flag rules: pure and deterministic (integers, no clock, no randomness), for the chaincode. */
export * from './amendment';
export * from './award';
export * from './bids';
export * from './events';
export * from './flag';
export * from './policy';
export * from './record';
export * from './splitting';
export * from './submission';
