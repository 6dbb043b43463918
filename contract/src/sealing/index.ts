/**
 * Sealed bids with threshold opening keys (issue 9): the cryptographic core, shared by the portal,
 * API clients, the gateway (sealing, the opener duty) and the chaincode (structure check, release
 * check, opening). Pure JavaScript, no Node-only import: it runs in Node and in the browser.
 * See docs/sealing.md.
 */
export { bidAad, shareAad, type BidContext } from './aad';
export { keyCommitment } from './commitment';
export {
  ENVELOPE_VERSION,
  MAX_PAYLOAD_CIPHERTEXT_BYTES,
  SEALING_ALGORITHMS,
  SEALING_BYTES,
  SEALING_LABELS,
  SEALING_LIMITS,
  base64UrlByteLength,
  base64UrlLength,
} from './constants';
export { decryptShare, type ShareContext } from './decrypt-share';
export { BASE64URL_PATTERN, fromBase64Url, toBase64Url, tryFromBase64Url } from './encoding';
export {
  encryptedShareSchema,
  parseEnvelope,
  sealedBidEnvelopeSchema,
  type EncryptedShare,
  type SealedBidEnvelope,
} from './envelope';
export {
  SEALING_FAILURES,
  SealingError,
  type SealingFailureReason,
  type SealingFailureSpec,
  type SealingFault,
  type SealingOutcome,
} from './errors';
export { checkReleasedShare, openEnvelope, releasedShareSchema, type ReleasedShare } from './open';
export {
  checkOpeningKey,
  decodeOpeningPublicKey,
  generateOpeningKeyPair,
  importOpeningPrivateKey,
  keyIdSchema,
  openingKeyId,
  openingPrivateJwkJson,
  openingPrivateJwkSchema,
  openingPublicKeySchema,
  registeredOpeningKeySchema,
  type OpeningKeyPair,
  type OpeningPrivateJwk,
  type OpeningPrivateKey,
  type RegisteredOpeningKey,
} from './opening-keys';
export { padPlaintext, unpadPlaintext } from './padding';
export { sealBid, type SealBidInput } from './seal';
export { checkEnvelopeStructure } from './structure';
export {
  bidIdFor,
  newBidNonce,
  sealBidContent,
  type SealBidContentInput,
  type SealedBidContent,
} from './client';
export { prepareRelease, type PendingEnvelope, type PrepareReleaseInput } from './release';
