import type { SealedBidEnvelope } from './envelope';
import { fromBase64Url, toBase64Url } from './encoding';
import { generateOpeningKeyPair, type RegisteredOpeningKey } from './opening-keys';
import { utf8ToBytes } from './primitives';
import { sealBid } from './seal';
import { checkEnvelopeStructure } from './structure';

const registered: RegisteredOpeningKey[] = ['AgencyAMSP', 'AgencyBMSP', 'AuditMSP', 'SuppliersMSP'].map(
  (organisation) => {
    const { keyId, publicKey } = generateOpeningKeyPair();
    return { organisation, keyId, publicKey };
  },
);
const context = { tenderId: 'tender-1', bidId: 'bid-7', vendorId: 'vendor.acme' };

let envelope: SealedBidEnvelope;
beforeAll(async () => {
  envelope = await sealBid({
    ...context,
    plaintext: utf8ToBytes('{"price":"1"}'),
    openingKeys: registered,
    threshold: 3,
  });
});

describe('checkEnvelopeStructure (bid:Seal)', () => {
  it('accepts an envelope with one share per registered organisation, in any order', () => {
    expect(checkEnvelopeStructure(envelope, registered, 3)).toEqual({ ok: true, value: envelope });
    expect(checkEnvelopeStructure(envelope, [...registered].reverse(), 3).ok).toBe(true);
    const reordered = { ...envelope, shares: [...envelope.shares].reverse() };
    expect(checkEnvelopeStructure(reordered, registered, 3).ok).toBe(true);
  });

  it('refuses a threshold other than the policy’s, or a policy outside 2 ≤ t ≤ n', () => {
    expect(checkEnvelopeStructure(envelope, registered, 2)).toMatchObject({ reason: 'THRESHOLD_MISMATCH' });
    expect(checkEnvelopeStructure({ ...envelope, threshold: 2 }, registered, 2).ok).toBe(true);
    expect(checkEnvelopeStructure(envelope, registered.slice(0, 2), 3)).toMatchObject({
      reason: 'THRESHOLD_MISMATCH',
    });
  });

  it('refuses a missing, an extra or a foreign organisation', () => {
    const missing = { ...envelope, shares: envelope.shares.slice(0, 3) };
    expect(checkEnvelopeStructure(missing, registered, 3)).toMatchObject({ reason: 'SHARES_MISMATCH' });
    expect(checkEnvelopeStructure(envelope, registered.slice(0, 3), 3)).toMatchObject({
      reason: 'SHARES_MISMATCH',
    });
    const foreign = {
      ...envelope,
      shares: [{ ...envelope.shares[0]!, organisation: 'OtherMSP' }, ...envelope.shares.slice(1)],
    };
    expect(checkEnvelopeStructure(foreign, registered, 3)).toMatchObject({ reason: 'SHARES_MISMATCH' });
    const doubled = [
      ...registered.slice(0, 3),
      { ...registered[3]!, organisation: registered[0]!.organisation },
    ];
    expect(checkEnvelopeStructure(envelope, doubled, 3)).toMatchObject({ reason: 'SHARES_MISMATCH' });
  });

  it('refuses a share for a key id that is not the organisation’s registered key (e.g. after rotation)', () => {
    const rotated = generateOpeningKeyPair();
    const registry = [
      { ...registered[0]!, keyId: rotated.keyId, publicKey: rotated.publicKey },
      ...registered.slice(1),
    ];
    expect(checkEnvelopeStructure(envelope, registry, 3)).toMatchObject({ reason: 'UNKNOWN_KEY' });
  });

  it('refuses an ephemeral key that is not a P-256 point', () => {
    const point = fromBase64Url(envelope.shares[1]!.ephemeralPublicKey);
    point[64]! ^= 1;
    const shares = envelope.shares.map((share, i) =>
      i === 1 ? { ...share, ephemeralPublicKey: toBase64Url(point) } : share,
    );
    expect(checkEnvelopeStructure({ ...envelope, shares }, registered, 3)).toMatchObject({
      reason: 'INVALID_PUBLIC_KEY',
    });
  });

  it('refuses what the schema refuses', () => {
    expect(checkEnvelopeStructure({ ...envelope, threshold: 3.0001 }, registered, 3)).toMatchObject({
      reason: 'MALFORMED_ENVELOPE',
      detail: expect.stringContaining('threshold') as string,
    });
    expect(checkEnvelopeStructure([], registered, 3)).toMatchObject({ reason: 'MALFORMED_ENVELOPE' });
  });
});
