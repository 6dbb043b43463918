/**
 * `@procurement/contract`: the one declaration of what the chaincode, the gateway, the scripts and the
 * web portal agree on. No Fabric, Express or Node-only import: it runs in Node and in the browser.
 */
export * from './canonical';
export * from './errors';
export * from './limits';
export * from './passwords';
export * from './schemas/fields';
export * from './schemas/inputs';
export * from './schemas/records';
export * from './schemas/bids';
export * from './time';
export * from './transactions';
export * from './vocabulary';
export * from './http/bodies';
export * from './http/components';
export * from './http/openapi';
export * from './http/public';
export * from './http/routes';
export * from './ocds';
export * from './sealing';
