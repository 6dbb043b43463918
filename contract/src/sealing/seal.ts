/**
 * Sealing a bid, where the bidder is (portal, API client, or the gateway for plaintext clients).
 * The only function of the core that draws randomness, together with key generation.
 */
import { bidAad, type BidContext } from './aad';
import { keyCommitment } from './commitment';
import { ENVELOPE_VERSION, SEALING_ALGORITHMS, SEALING_BYTES, SEALING_LIMITS } from './constants';
import { toBase64Url } from './encoding';
import { sealedBidEnvelopeSchema, type SealedBidEnvelope } from './envelope';
import { SealingError } from './errors';
import { checkOpeningKey, type RegisteredOpeningKey } from './opening-keys';
import { aesGcmEncrypt, randomBytes, shamirSplit } from './primitives';
import { wrapShare } from './share-wrap';
import { padPlaintext } from './padding';

export interface SealBidInput extends BidContext {
  /** The bid as canonical JSON, UTF-8 encoded: `utf8ToBytes(canonicalJson(bid))`. */
  readonly plaintext: Uint8Array;
  /** The registered opening keys, one per organisation; the envelope holds its shares in this order. */
  readonly openingKeys: readonly RegisteredOpeningKey[];
  /** Shares needed to open (the policy's t): 2 ≤ t ≤ number of keys. */
  readonly threshold: number;
}

function checkSealInput(input: SealBidInput): void {
  const n = input.openingKeys.length;
  if (n < 2 || n > SEALING_LIMITS.organisations) {
    throw new SealingError('INVALID_ARGUMENT', `between 2 and ${SEALING_LIMITS.organisations} opening keys`);
  }
  if (!Number.isInteger(input.threshold) || input.threshold < 2 || input.threshold > n) {
    throw new SealingError('INVALID_ARGUMENT', `threshold must be an integer from 2 to ${n}`);
  }
  if (input.plaintext.length > SEALING_LIMITS.plaintextBytes) {
    throw new SealingError('INVALID_ARGUMENT', `plaintext exceeds ${SEALING_LIMITS.plaintextBytes} bytes`);
  }
  const organisations = new Set<string>();
  for (const key of input.openingKeys) {
    const checked = checkOpeningKey(key);
    if (!checked.ok) throw new SealingError(checked.reason, `${key.organisation}: ${checked.detail}`);
    if (organisations.has(key.organisation)) {
      throw new SealingError('INVALID_ARGUMENT', `two opening keys for ${key.organisation}`);
    }
    organisations.add(key.organisation);
  }
}

/**
 * Seals a bid: draws K, pads the bid to whole KiB and encrypts it under K (AES-256-GCM, associated data
 * `tenderId|bidId|vendorId`), commits to K, splits K into one Shamir share per organisation with
 * threshold t, encrypts each share to its organisation's opening key and publishes each share's hash.
 *
 * @returns the envelope for `bid:Seal` (send it as `canonicalJson(envelope)`).
 * @throws {SealingError} `INVALID_ARGUMENT` for a bad id, threshold, plaintext size or key list;
 * `INVALID_PUBLIC_KEY` for an opening key that is not a valid point or whose key id does not match.
 */
export async function sealBid(input: SealBidInput): Promise<SealedBidEnvelope> {
  checkSealInput(input);
  const aad = bidAad(input);
  const key = randomBytes(SEALING_BYTES.key);
  const iv = randomBytes(SEALING_BYTES.iv);
  const padded = padPlaintext(input.plaintext);
  const ciphertext = aesGcmEncrypt(key, iv, padded, aad);
  padded.fill(0);
  const commitment = keyCommitment(key);
  const shares = await shamirSplit(key, input.openingKeys.length, input.threshold);
  key.fill(0);
  const encryptedShares = input.openingKeys.map((recipient, i) => {
    const share = shares[i];
    if (share === undefined) throw new SealingError('INVALID_ARGUMENT', 'the split returned too few shares');
    const encrypted = wrapShare(share, input.tenderId, input.bidId, recipient);
    share.fill(0);
    return encrypted;
  });
  const envelope: SealedBidEnvelope = {
    version: ENVELOPE_VERSION,
    alg: { ...SEALING_ALGORITHMS },
    iv: toBase64Url(iv),
    ciphertext: toBase64Url(ciphertext),
    keyCommitment: toBase64Url(commitment),
    threshold: input.threshold,
    shares: encryptedShares,
  };
  // Whatever sealing produces must pass the schema every reader applies.
  return sealedBidEnvelopeSchema.parse(envelope);
}
