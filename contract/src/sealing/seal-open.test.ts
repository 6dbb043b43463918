/** The sealed-bid flow end to end in memory: seal, each opener decrypts, the chaincode opens. */
import { canonicalJson } from '../canonical';
import { bidAad, type BidContext } from './aad';
import { keyCommitment } from './commitment';
import { base64UrlLength, MAX_PAYLOAD_CIPHERTEXT_BYTES } from './constants';
import { decryptShare } from './decrypt-share';
import { fromBase64Url, toBase64Url } from './encoding';
import type { SealedBidEnvelope } from './envelope';
import { SEALING_FAILURES, type SealingError, type SealingFailureReason } from './errors';
import { checkReleasedShare, openEnvelope, type ReleasedShare } from './open';
import {
  generateOpeningKeyPair,
  importOpeningPrivateKey,
  type OpeningPrivateKey,
  type RegisteredOpeningKey,
} from './opening-keys';
import {
  aesGcmEncrypt,
  bytesToUtf8,
  randomBytes,
  sha256,
  shamirCombine,
  shamirSplit,
  utf8ToBytes,
} from './primitives';
import { sealBid } from './seal';
import { wrapShare } from './share-wrap';

const ORGANISATIONS = ['AgencyAMSP', 'AgencyBMSP', 'AuditMSP', 'SuppliersMSP'];
const openers = ORGANISATIONS.map((organisation) => {
  const pair = generateOpeningKeyPair();
  return {
    registered: { organisation, keyId: pair.keyId, publicKey: pair.publicKey } satisfies RegisteredOpeningKey,
    privateKey: importOpeningPrivateKey(pair.privateJwk),
  };
});
const openingKeys = openers.map((opener) => opener.registered);

const context: BidContext = { tenderId: 'tender-1', bidId: 'bid-7', vendorId: 'vendor.acme' };
const bid = {
  tenderId: context.tenderId,
  price: { amount: '123456789', currency: 'EUR' },
  technicalProposal: 'Distinctive phrase: purple elephants build bridges',
};
const plaintext = utf8ToBytes(canonicalJson(bid));

function seal(overrides: Partial<BidContext & { threshold: number; plaintext: Uint8Array }> = {}) {
  return sealBid({ ...context, plaintext, openingKeys, threshold: 3, ...overrides });
}

/** What each organisation's opener (with a share in the envelope) would release for it. */
function releaseAll(envelope: SealedBidEnvelope, where: BidContext = context): ReleasedShare[] {
  const addressed = new Set(envelope.shares.map((share) => share.organisation));
  return openers
    .filter(({ registered }) => addressed.has(registered.organisation))
    .map(({ registered, privateKey }) => ({
      organisation: registered.organisation,
      share: toBase64Url(
        decryptShare(envelope, { ...where, organisation: registered.organisation }, privateKey),
      ),
    }));
}

function refusedWith(reason: SealingFailureReason) {
  return expect.objectContaining({ reason }) as SealingError;
}

function subsets<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  return items.flatMap((item, i) => subsets(items.slice(i + 1), size - 1).map((rest) => [item, ...rest]));
}

let envelope: SealedBidEnvelope;
let released: ReleasedShare[];

beforeAll(async () => {
  envelope = await seal();
  released = releaseAll(envelope);
});

describe('sealing', () => {
  it('writes a version 1 envelope: integers only, base64url binaries, one share per key in key order', () => {
    expect(envelope.version).toBe(1);
    expect(envelope.threshold).toBe(3);
    expect(envelope.alg).toEqual({
      payload: 'A256GCM',
      padding: 'ISO7816-4/1024',
      keyCommitment: 'SHA-256/bid-key',
      split: 'SHAMIR-GF256',
      shareWrap: 'ECIES-P256-HKDF-SHA256-A256GCM',
    });
    expect(envelope.shares.map((share) => [share.organisation, share.keyId])).toEqual(
      openingKeys.map((key) => [key.organisation, key.keyId]),
    );
    expect(fromBase64Url(envelope.ciphertext)).toHaveLength(1024 + 16);
    expect(new Set(envelope.shares.map((share) => share.ephemeralPublicKey)).size).toBe(4);
  });

  it('leaves nothing of the bid readable in the envelope', () => {
    const text = canonicalJson(envelope);
    expect(text).not.toContain('123456789');
    expect(text).not.toContain('purple elephants');
  });

  it('draws a fresh key, IV and shares every time', async () => {
    const again = await seal();
    expect(again.keyCommitment).not.toBe(envelope.keyCommitment);
    expect(again.iv).not.toBe(envelope.iv);
    expect(again.ciphertext).not.toBe(envelope.ciphertext);
  });

  it.each([
    ['a threshold of 1', { threshold: 1 }, 'INVALID_ARGUMENT'],
    ['a threshold above n', { threshold: 5 }, 'INVALID_ARGUMENT'],
    ['a fractional threshold', { threshold: 2.5 }, 'INVALID_ARGUMENT'],
    ['an id holding the separator', { bidId: 'bid|7' }, 'INVALID_ARGUMENT'],
    ['an empty vendor id', { vendorId: '' }, 'INVALID_ARGUMENT'],
    ['an oversized bid', { plaintext: new Uint8Array(256 * 1024 + 1) }, 'INVALID_ARGUMENT'],
  ] as const)('refuses %s', async (_what, overrides, reason) => {
    await expect(seal(overrides)).rejects.toThrow(refusedWith(reason));
  });

  it('refuses bad opening key lists', async () => {
    const [a, b] = openingKeys as [RegisteredOpeningKey, RegisteredOpeningKey];
    const refuse = (keys: RegisteredOpeningKey[], reason: SealingFailureReason) =>
      expect(sealBid({ ...context, plaintext, openingKeys: keys, threshold: 2 })).rejects.toThrow(
        refusedWith(reason),
      );
    await refuse([a], 'INVALID_ARGUMENT');
    await refuse([a, { ...b, organisation: a.organisation }], 'INVALID_ARGUMENT');
    await refuse([a, { ...b, keyId: a.keyId }], 'INVALID_PUBLIC_KEY');
    await refuse([a, { ...b, organisation: 'Agency|B' }], 'INVALID_ARGUMENT');
  });
});

describe('round trip', () => {
  it('opens with every set of t = 3 shares, and with all n = 4', async () => {
    for (const chosen of [...subsets(released, 3), released]) {
      const opened = await openEnvelope(envelope, context, chosen);
      expect(opened).toEqual({ ok: true, value: plaintext });
    }
  });

  it('opens the envelope after a trip through canonical JSON, shares released in any order', async () => {
    const stored: unknown = JSON.parse(canonicalJson(envelope));
    const opened = await openEnvelope(stored, context, [...released].reverse());
    expect(opened.ok && JSON.parse(bytesToUtf8(opened.value))).toEqual(bid);
  });

  it('opens a 2-of-2 and a 4-of-4 envelope', async () => {
    const pair = await sealBid({ ...context, plaintext, openingKeys: openingKeys.slice(0, 2), threshold: 2 });
    expect(await openEnvelope(pair, context, releaseAll(pair).slice(0, 2).reverse())).toEqual({
      ok: true,
      value: plaintext,
    });
    const all = await seal({ threshold: 4 });
    expect((await openEnvelope(all, context, releaseAll(all))).ok).toBe(true);
    expect(await openEnvelope(all, context, releaseAll(all).slice(1))).toMatchObject({
      reason: 'NOT_ENOUGH_SHARES',
    });
  });

  it('opens an empty bid', async () => {
    const empty = await seal({ plaintext: new Uint8Array(0) });
    expect(await openEnvelope(empty, context, releaseAll(empty))).toEqual({
      ok: true,
      value: new Uint8Array(0),
    });
  });

  it('is deterministic: the same envelope and shares give byte-identical results', async () => {
    const first = await openEnvelope(envelope, context, released.slice(1));
    const second = await openEnvelope(structuredClone(envelope), context, structuredClone(released.slice(1)));
    expect(first.ok && second.ok && Buffer.from(first.value).equals(Buffer.from(second.value))).toBe(true);
    const bad = { ...envelope, keyCommitment: toBase64Url(sha256(utf8ToBytes('x'))) };
    expect(await openEnvelope(bad, context, released)).toEqual(await openEnvelope(bad, context, released));
  });
});

describe('the opener (decryptShare)', () => {
  const [first, second] = openers as [(typeof openers)[0], (typeof openers)[0]];
  const firstOrg = first.registered.organisation;

  it('returns a share that matches the published hash', () => {
    const share = decryptShare(envelope, { ...context, organisation: firstOrg }, first.privateKey);
    expect(share).toHaveLength(33);
    expect(toBase64Url(sha256(share))).toBe(envelope.shares[0]?.shareHash);
  });

  it('refuses a share addressed to another organisation or key', () => {
    expect(() => decryptShare(envelope, { ...context, organisation: firstOrg }, second.privateKey)).toThrow(
      refusedWith('WRONG_RECIPIENT'),
    );
    expect(() => decryptShare(envelope, { ...context, organisation: 'OtherMSP' }, first.privateKey)).toThrow(
      refusedWith('WRONG_RECIPIENT'),
    );
    // A private key claiming the right id but holding another scalar still cannot decrypt.
    const impostor: OpeningPrivateKey = { ...second.privateKey, keyId: first.privateKey.keyId };
    expect(() => decryptShare(envelope, { ...context, organisation: firstOrg }, impostor)).toThrow(
      refusedWith('DECRYPTION_FAILED'),
    );
  });

  it('refuses a share read as another tender, bid or organisation (associated data)', () => {
    const asOrg = (organisation: string) => ({ ...context, organisation });
    for (const where of [
      { ...asOrg(firstOrg), tenderId: 'tender-2' },
      { ...asOrg(firstOrg), bidId: 'bid-8' },
    ]) {
      expect(() => decryptShare(envelope, where, first.privateKey)).toThrow(refusedWith('DECRYPTION_FAILED'));
    }
    // The first share's ciphertext relabelled as the second organisation's, to the second key.
    const relabelled = structuredClone(envelope);
    relabelled.shares[1] = { ...envelope.shares[0]!, organisation: second.registered.organisation };
    relabelled.shares[1].keyId = second.registered.keyId;
    expect(() => decryptShare(relabelled, asOrg(second.registered.organisation), second.privateKey)).toThrow(
      refusedWith('DECRYPTION_FAILED'),
    );
  });

  it('refuses tampered share ciphertexts, IVs and ephemeral keys', () => {
    const tamper = (field: 'ciphertext' | 'iv' | 'ephemeralPublicKey') => {
      const copy = structuredClone(envelope);
      const bytes = fromBase64Url(copy.shares[0]![field]);
      bytes[bytes.length - 1]! ^= 1;
      copy.shares[0]![field] = toBase64Url(bytes);
      return copy;
    };
    for (const field of ['ciphertext', 'iv', 'ephemeralPublicKey'] as const) {
      expect(() =>
        decryptShare(tamper(field), { ...context, organisation: firstOrg }, first.privateKey),
      ).toThrow(refusedWith('DECRYPTION_FAILED'));
    }
  });

  it('reports a share that decrypts but differs from its published hash (the sealer is at fault)', () => {
    const copy = structuredClone(envelope);
    copy.shares[0]!.shareHash = toBase64Url(sha256(utf8ToBytes('another share')));
    expect(() => decryptShare(copy, { ...context, organisation: firstOrg }, first.privateKey)).toThrow(
      refusedWith('SHARE_HASH_MISMATCH'),
    );
  });

  it('refuses a malformed envelope', () => {
    expect(() =>
      decryptShare({ ...envelope, version: 2 }, { ...context, organisation: firstOrg }, first.privateKey),
    ).toThrow(refusedWith('MALFORMED_ENVELOPE'));
  });
});

describe('a release (checkReleasedShare)', () => {
  let a: ReleasedShare;
  let b: ReleasedShare;
  beforeAll(() => {
    [a, b] = released as [ReleasedShare, ReleasedShare];
  });

  it('accepts the share whose hash is published', () => {
    expect(checkReleasedShare(envelope, a)).toEqual({ ok: true, value: fromBase64Url(a.share) });
  });

  it('refuses a wrong share, another organisation’s share, an unknown organisation, a malformed share', () => {
    const flipped = fromBase64Url(a.share);
    flipped[0]! ^= 1;
    expect(checkReleasedShare(envelope, { ...a, share: toBase64Url(flipped) })).toMatchObject({
      reason: 'SHARE_HASH_MISMATCH',
    });
    expect(checkReleasedShare(envelope, { ...a, share: b.share })).toMatchObject({
      reason: 'SHARE_HASH_MISMATCH',
    });
    expect(checkReleasedShare(envelope, { ...a, organisation: 'OtherMSP' })).toMatchObject({
      reason: 'UNKNOWN_ORGANISATION',
    });
    for (const share of ['', a.share.slice(1), `${a.share}=`, toBase64Url(new Uint8Array(32))]) {
      expect(checkReleasedShare(envelope, { ...a, share })).toMatchObject({ reason: 'MALFORMED_SHARE' });
    }
    expect(checkReleasedShare(envelope, { ...a, extra: 1 })).toMatchObject({ reason: 'MALFORMED_SHARE' });
  });

  it('refuses a share of the same organisation from another tender', async () => {
    const elsewhere = { ...context, tenderId: 'tender-2' };
    const other = await sealBid({ ...elsewhere, plaintext, openingKeys, threshold: 3 });
    const foreign = releaseAll(other, elsewhere)[0]!;
    expect(checkReleasedShare(envelope, foreign)).toMatchObject({ reason: 'SHARE_HASH_MISMATCH' });
  });
});

describe('opening refuses tampering, each with its reason', () => {
  it('a wrong share', async () => {
    const flipped = fromBase64Url(released[0]!.share);
    flipped[5]! ^= 0x40;
    const shares = [{ ...released[0]!, share: toBase64Url(flipped) }, ...released.slice(1)];
    expect(await openEnvelope(envelope, context, shares)).toMatchObject({
      ok: false,
      reason: 'SHARE_HASH_MISMATCH',
    });
  });

  it('a ciphertext swapped in from another bid', async () => {
    const other = await seal({ bidId: 'bid-8' });
    const swapped = { ...envelope, iv: other.iv, ciphertext: other.ciphertext };
    expect(await openEnvelope(swapped, context, released)).toMatchObject({ reason: 'DECRYPTION_FAILED' });
  });

  it('a whole envelope moved to another bid, tender or vendor (associated data)', async () => {
    for (const where of [
      { ...context, bidId: 'bid-8' },
      { ...context, tenderId: 'tender-2' },
      { ...context, vendorId: 'vendor.rival' },
    ]) {
      expect(await openEnvelope(envelope, where, released)).toMatchObject({ reason: 'DECRYPTION_FAILED' });
    }
  });

  it('a tampered ciphertext or IV', async () => {
    for (const field of ['ciphertext', 'iv'] as const) {
      const bytes = fromBase64Url(envelope[field]);
      bytes[0]! ^= 1;
      const tampered = { ...envelope, [field]: toBase64Url(bytes) };
      expect(await openEnvelope(tampered, context, released)).toMatchObject({ reason: 'DECRYPTION_FAILED' });
    }
  });

  it('a key commitment that does not match', async () => {
    const other = await seal();
    const wrong = { ...envelope, keyCommitment: other.keyCommitment };
    expect(await openEnvelope(wrong, context, released)).toMatchObject({ reason: 'KEY_COMMITMENT_MISMATCH' });
  });

  it('shares (with matching hashes) that combine to another key than the committed one', async () => {
    // A cheating sealer splits a second key K′ and publishes those shares under K's commitment.
    const otherKey = randomBytes(32);
    const otherShares = await shamirSplit(otherKey, 4, 3);
    const forged = {
      ...envelope,
      shares: openingKeys.map((key, i) => wrapShare(otherShares[i]!, context.tenderId, context.bidId, key)),
    };
    const forgedReleases = releaseAll(forged);
    expect(await shamirCombine(forgedReleases.slice(0, 3).map((r) => fromBase64Url(r.share)))).toEqual(
      otherKey,
    );
    expect(await openEnvelope(forged, context, forgedReleases.slice(0, 3))).toMatchObject({
      reason: 'KEY_COMMITMENT_MISMATCH',
    });
  });

  it('more than t shares that do not lie on one polynomial', async () => {
    // The sealer gives the last organisation a share of another split of the same K: any three that
    // include it give another key, and all four are inconsistent.
    const key = await shamirCombine(released.slice(0, 3).map((r) => fromBase64Url(r.share)));
    const secondSplit = await shamirSplit(key, 4, 3);
    const usedXs = new Set(released.slice(0, 3).map((r) => fromBase64Url(r.share)[32]));
    const odd = secondSplit.find((share) => !usedXs.has(share[32]))!;
    const forged = structuredClone(envelope);
    forged.shares[3] = wrapShare(odd, context.tenderId, context.bidId, openingKeys[3]!);
    const shares = releaseAll(forged);

    expect(await openEnvelope(forged, context, shares.slice(0, 3))).toEqual({ ok: true, value: plaintext });
    expect(await openEnvelope(forged, context, shares)).toMatchObject({ reason: 'INCONSISTENT_SHARES' });
    expect(await openEnvelope(forged, context, [shares[0]!, shares[1]!, shares[3]!])).toMatchObject({
      reason: 'KEY_COMMITMENT_MISMATCH',
    });
    // The odd share listed first in the envelope: the check does not depend on which share is odd.
    const reordered = { ...forged, shares: [forged.shares[3], ...forged.shares.slice(0, 3)] };
    expect(await openEnvelope(reordered, context, shares)).toMatchObject({ reason: 'INCONSISTENT_SHARES' });
  });

  it('shares that repeat an x-coordinate or use x = 0', async () => {
    const base = fromBase64Url(released[0]!.share);
    for (const x of [fromBase64Url(released[1]!.share)[32]!, 0]) {
      const bad = base.slice();
      bad[32] = x;
      const forged = structuredClone(envelope);
      forged.shares[0] = wrapShare(bad, context.tenderId, context.bidId, openingKeys[0]!);
      expect(await openEnvelope(forged, context, releaseAll(forged).slice(0, 3))).toMatchObject({
        reason: 'INCONSISTENT_SHARES',
      });
    }
  });

  it('two releases from one organisation, and an unknown organisation', async () => {
    expect(await openEnvelope(envelope, context, [...released.slice(0, 3), released[0]!])).toMatchObject({
      reason: 'DUPLICATE_SHARE',
    });
    expect(
      await openEnvelope(envelope, context, [
        ...released,
        { organisation: 'OtherMSP', share: released[0]!.share },
      ]),
    ).toMatchObject({ reason: 'UNKNOWN_ORGANISATION' });
  });

  it('a bid that decrypts under the committed key but is not padded', async () => {
    const key = randomBytes(32);
    const iv = randomBytes(12);
    const shares = await shamirSplit(key, 4, 3);
    const unpadded: SealedBidEnvelope = {
      ...envelope,
      iv: toBase64Url(iv),
      ciphertext: toBase64Url(aesGcmEncrypt(key, iv, new Uint8Array(1024), bidAad(context))),
      keyCommitment: toBase64Url(keyCommitment(key)),
      shares: openingKeys.map((recipient, i) =>
        wrapShare(shares[i]!, context.tenderId, context.bidId, recipient),
      ),
    };
    expect(await openEnvelope(unpadded, context, releaseAll(unpadded))).toMatchObject({
      reason: 'INVALID_PADDING',
    });
  });

  it('a bid context with a malformed id', async () => {
    expect(await openEnvelope(envelope, { ...context, vendorId: 'a|b' }, released)).toMatchObject({
      reason: 'INVALID_ARGUMENT',
    });
  });

  const malformed: [string, (e: SealedBidEnvelope) => unknown][] = [
    ['null', () => null],
    ['a string', (e) => canonicalJson(e)],
    ['a missing field', (e) => ({ ...e, keyCommitment: undefined })],
    ['an extra field', (e) => ({ ...e, tenderId: 'tender-1' })],
    ['version 2', (e) => ({ ...e, version: 2 })],
    ['another payload algorithm', (e) => ({ ...e, alg: { ...e.alg, payload: 'A128GCM' } })],
    ['a fractional threshold', (e) => ({ ...e, threshold: 2.5 })],
    ['a threshold of 1', (e) => ({ ...e, threshold: 1 })],
    ['a threshold above the shares', (e) => ({ ...e, threshold: 5 })],
    ['a threshold as a string', (e) => ({ ...e, threshold: '3' })],
    ['a short IV', (e) => ({ ...e, iv: e.iv.slice(0, 14) })],
    ['a padded IV', (e) => ({ ...e, iv: `${e.iv}==` })],
    ['a non-canonical key commitment', (e) => ({ ...e, keyCommitment: `${e.keyCommitment.slice(0, 42)}B` })],
    ['standard base64', (e) => ({ ...e, iv: `${e.iv.slice(0, 15)}+` })],
    ['a ciphertext shorter than a tag', (e) => ({ ...e, ciphertext: 'AAAA' })],
    [
      'a ciphertext over the limit',
      (e) => ({ ...e, ciphertext: 'A'.repeat(base64UrlLength(MAX_PAYLOAD_CIPHERTEXT_BYTES + 1024)) }),
    ],
    ['a ciphertext that is not whole pad blocks', (e) => ({ ...e, ciphertext: e.ciphertext.slice(0, -22) })],
    ['a duplicated organisation', (e) => ({ ...e, shares: [...e.shares.slice(0, 3), e.shares[0]] })],
    ['one share', (e) => ({ ...e, threshold: 2, shares: e.shares.slice(0, 1) })],
    [
      '17 shares',
      (e) => ({
        ...e,
        shares: Array.from({ length: 17 }, (_, i) => ({ ...e.shares[0], organisation: `O${i}` })),
      }),
    ],
    [
      'a share with an extra field',
      (e) => ({ ...e, shares: [{ ...e.shares[0], x: 1 }, ...e.shares.slice(1)] }),
    ],
    [
      'a share with a bad organisation',
      (e) => ({ ...e, shares: [{ ...e.shares[0], organisation: 'a b' }, ...e.shares.slice(1)] }),
    ],
    [
      'a share with a short ciphertext',
      (e) => ({ ...e, shares: [{ ...e.shares[0], ciphertext: 'AAAA' }, ...e.shares.slice(1)] }),
    ],
  ];
  it.each(malformed)('a malformed envelope: %s', async (_what, mutate) => {
    const outcome = await openEnvelope(mutate(structuredClone(envelope)), context, released);
    expect(outcome).toMatchObject({ ok: false, reason: 'MALFORMED_ENVELOPE' });
  });
});

describe("Shamir's threshold: t − 1 shares reveal nothing usable", () => {
  it('opening with t − 1 shares waits (NOT_ENOUGH_SHARES)', async () => {
    for (const pair of subsets(released, 2)) {
      expect(await openEnvelope(envelope, context, pair)).toMatchObject({ reason: 'NOT_ENOUGH_SHARES' });
    }
  });

  it('combining t − 1 shares gives a key the commitment rejects, which does not decrypt', async () => {
    const commitment = fromBase64Url(envelope.keyCommitment);
    for (const pair of subsets(released, 2)) {
      const guess = await shamirCombine(pair.map((r) => fromBase64Url(r.share)));
      expect(guess).toHaveLength(32);
      expect(sha256(utf8ToBytes('bid-key'), guess)).not.toEqual(commitment);
    }
  });

  it('t − 1 shares plus a guessed t-th share give a key the commitment rejects', async () => {
    const guessed = fromBase64Url(released[2]!.share).slice();
    guessed.set(randomBytes(32), 0);
    const guess = await shamirCombine([...released.slice(0, 2).map((r) => fromBase64Url(r.share)), guessed]);
    expect(sha256(utf8ToBytes('bid-key'), guess)).not.toEqual(fromBase64Url(envelope.keyCommitment));
  });

  it('every byte value of the key stays possible given t − 1 shares (perfect secrecy, checked per byte)', async () => {
    // For a fixed pair of shares, vary the third share's first y-byte over all 256 values: the
    // first byte of the combined key takes all 256 values, so the two shares rule out no key byte.
    const [one, two, three] = released.slice(0, 3).map((r) => fromBase64Url(r.share)) as [
      Uint8Array,
      Uint8Array,
      Uint8Array,
    ];
    const seen = new Set<number>();
    for (let y = 0; y < 256; y++) {
      const third = three.slice();
      third[0] = y;
      seen.add((await shamirCombine([one, two, third]))[0]!);
    }
    expect(seen.size).toBe(256);
  });
});

describe('reason codes', () => {
  it('say who is at fault for each', () => {
    expect(SEALING_FAILURES.INCONSISTENT_SHARES.fault).toBe('envelope');
    expect(SEALING_FAILURES.SHARE_HASH_MISMATCH.fault).toBe('release');
    expect(SEALING_FAILURES.NOT_ENOUGH_SHARES.fault).toBe('pending');
  });
});
