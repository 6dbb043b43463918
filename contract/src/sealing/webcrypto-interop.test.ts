/**
 * The envelope format is implementable with WebCrypto alone (plus the Shamir library), as a browser
 * portal would: a share wrapped by WebCrypto opens with `decryptShare`, and a share wrapped by
 * `sealBid` opens with WebCrypto, following docs/sealing.md step by step.
 */
import { webcrypto } from 'node:crypto';

import { canonicalJson } from '../canonical';
import { bidAad, shareAad } from './aad';
import { SEALING_LABELS } from './constants';
import { decryptShare } from './decrypt-share';
import { fromBase64Url, toBase64Url } from './encoding';
import { openEnvelope } from './open';
import { decodeOpeningPublicKey, generateOpeningKeyPair, importOpeningPrivateKey } from './opening-keys';
import { aesGcmDecrypt, concatBytes, sha256, utf8ToBytes } from './primitives';
import { sealBid } from './seal';

const subtle = webcrypto.subtle;
const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const;
const bytes = (buffer: ArrayBuffer): Uint8Array => new Uint8Array(buffer);

/** The share-wrapping key, with WebCrypto: ECDH X coordinate → HKDF-SHA-256 (empty salt) → AES-256-GCM key. */
async function webWrapKey(
  privateKey: webcrypto.CryptoKey,
  publicKey: Uint8Array,
  ephemeral: Uint8Array,
  recipient: Uint8Array,
) {
  const peer = await subtle.importKey('raw', publicKey, ECDH, false, []);
  const z = await subtle.deriveBits({ name: 'ECDH', public: peer }, privateKey, 256);
  const ikm = await subtle.importKey('raw', z, 'HKDF', false, ['deriveKey']);
  const info = concatBytes(utf8ToBytes(SEALING_LABELS.shareWrapInfo), ephemeral, recipient);
  return subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info },
    ikm,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

const context = { tenderId: 'tender-1', bidId: 'bid-7', vendorId: 'vendor.acme' };
const pairs = ['AgencyAMSP', 'AgencyBMSP', 'AuditMSP'].map((organisation) => ({
  organisation,
  ...generateOpeningKeyPair(),
}));
const openingKeys = pairs.map(({ organisation, keyId, publicKey }) => ({ organisation, keyId, publicKey }));
const plaintext = utf8ToBytes(canonicalJson({ price: { amount: '42', currency: 'EUR' } }));

describe('WebCrypto interoperability', () => {
  it('WebCrypto opens what sealBid sealed: each share, then the bid under the combined key', async () => {
    const envelope = await sealBid({ ...context, plaintext, openingKeys, threshold: 2 });
    const shares: Uint8Array[] = [];
    for (const [i, pair] of pairs.entries()) {
      const encrypted = envelope.shares[i]!;
      const privateKey = await subtle.importKey('jwk', pair.privateJwk, ECDH, false, ['deriveBits']);
      const ephemeral = fromBase64Url(encrypted.ephemeralPublicKey);
      const key = await webWrapKey(privateKey, ephemeral, ephemeral, decodeOpeningPublicKey(pair.publicKey));
      const share = bytes(
        await subtle.decrypt(
          {
            name: 'AES-GCM',
            iv: fromBase64Url(encrypted.iv),
            additionalData: shareAad(context.tenderId, context.bidId, pair.organisation),
          },
          key,
          fromBase64Url(encrypted.ciphertext),
        ),
      );
      expect(toBase64Url(bytes(await subtle.digest('SHA-256', share)))).toBe(encrypted.shareHash);
      shares.push(share);
    }
    const opened = await openEnvelope(envelope, context, [
      { organisation: 'AgencyAMSP', share: toBase64Url(shares[0]!) },
      { organisation: 'AuditMSP', share: toBase64Url(shares[2]!) },
    ]);
    expect(opened).toEqual({ ok: true, value: plaintext });
  });

  it('decryptShare opens a share wrapped by WebCrypto', async () => {
    const recipient = pairs[0]!;
    const recipientKey = decodeOpeningPublicKey(recipient.publicKey);
    const ephemeral = await subtle.generateKey(ECDH, true, ['deriveBits']);
    const ephemeralRaw = bytes(await subtle.exportKey('raw', ephemeral.publicKey));
    const key = await webWrapKey(ephemeral.privateKey, recipientKey, ephemeralRaw, recipientKey);
    const share = webcrypto.getRandomValues(new Uint8Array(33));
    const iv = webcrypto.getRandomValues(new Uint8Array(12));
    const aad = shareAad(context.tenderId, context.bidId, recipient.organisation);
    const ciphertext = bytes(await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad }, key, share));

    const sealed = await sealBid({ ...context, plaintext, openingKeys, threshold: 2 });
    sealed.shares[0] = {
      organisation: recipient.organisation,
      keyId: recipient.keyId,
      ephemeralPublicKey: toBase64Url(ephemeralRaw),
      iv: toBase64Url(iv),
      ciphertext: toBase64Url(ciphertext),
      shareHash: toBase64Url(sha256(share)),
    };
    const privateKey = importOpeningPrivateKey(recipient.privateJwk);
    expect(decryptShare(sealed, { ...context, organisation: recipient.organisation }, privateKey)).toEqual(
      share,
    );
  });

  it('a bid encrypted by WebCrypto AES-GCM under K decrypts the same way (tag appended, same associated data)', async () => {
    const rawKey = webcrypto.getRandomValues(new Uint8Array(32));
    const iv = webcrypto.getRandomValues(new Uint8Array(12));
    const key = await subtle.importKey('raw', rawKey, 'AES-GCM', false, ['encrypt']);
    const web = bytes(
      await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: bidAad(context) }, key, plaintext),
    );
    expect(aesGcmDecrypt(rawKey, iv, web, bidAad(context))).toEqual(plaintext);
  });
});
