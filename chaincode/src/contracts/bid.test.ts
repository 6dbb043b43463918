import { createHash } from 'node:crypto';
import {
  type BidRecord,
  type OpeningStatus,
  type PendingEnvelopes,
  bidIdFor,
  fromBase64Url,
  prepareRelease,
  toBase64Url,
} from '@procurement/contract';
import { canonical } from '../ledger/canonical';
import { Ledger } from '../testing/harness';
import {
  bidContent,
  createAndPublish,
  DAY,
  nonceOf,
  OPENERS,
  OPENING,
  openingKeyPair,
  openingPrivateKey,
  placeBid,
  prepareIdentities,
  registerOpeningKeys,
  registerVendors,
  releaseShares,
  sealFor,
  SUBMISSION,
  T0,
  tenderInput,
  WHO,
} from '../testing/fixtures';
import type { Identity } from '../testing/certs';

beforeAll(prepareIdentities);

async function open(): Promise<Ledger> {
  const ledger = new Ledger(T0);
  await registerOpeningKeys(ledger);
  await registerVendors(ledger, WHO.vendorA, WHO.vendorB, WHO.vendorC);
  await createAndPublish(ledger);
  ledger.advance(DAY);
  return ledger;
}

async function sealArgs(vendor: Identity, label: string, amount = '100'): Promise<[string, string, string]> {
  const sealed = await sealFor(
    'T-1',
    vendor.vendorId ?? '',
    label,
    bidContent(vendor.vendorId ?? '', amount),
  );
  return ['T-1', sealed.nonce, sealed.envelopeJson];
}

function releaseOf(opener: Identity, pending: PendingEnvelopes): string {
  return canonical(
    prepareRelease({
      tenderId: 'T-1',
      organisation: opener.mspId,
      pending: pending.items,
      privateKeys: new Map([[openingKeyPair(opener.mspId).keyId, openingPrivateKey(opener.mspId)]]),
    }),
  );
}

describe('opening keys', () => {
  it('when each organisation registers its key, then the list holds one current key per organisation and t', async () => {
    const ledger = new Ledger(T0);
    const outcome = await ledger.call(WHO.healthOpener, 'openingKey:Register', [
      canonical({
        keyId: openingKeyPair('HealthMSP').keyId,
        publicKey: openingKeyPair('HealthMSP').publicKey,
      }),
    ]);
    expect(outcome.error).toBeUndefined();
    expect(outcome.events.map((e) => e.name)).toEqual(['OpeningKeyRegistered']);
    // The keyring carries a key-level endorsement policy: HealthMSP's peers alone.
    const parameter = ledger.stub.validationParameters.get('\u0000openingKey\u0000HealthMSP\u0000');
    expect(Buffer.from(parameter ?? []).toString('latin1')).toContain('HealthMSP');
    await registerOpeningKeys(ledger);
    const listed = await ledger.ok<{ threshold: number; keys: { organisation: string }[] }>(
      WHO.vendorA,
      'openingKey:List',
      [],
    );
    expect(listed.threshold).toBe(3);
    expect(listed.keys.map((k) => k.organisation)).toEqual([
      'AuditMSP',
      'HealthMSP',
      'PublicWorksMSP',
      'SuppliersMSP',
    ]);
  });

  it.each([
    ['an officer', WHO.officer, () => openingKeyPair('PublicWorksMSP'), /^NOT_AUTHORISED/],
    ['a vendor', WHO.vendorA, () => openingKeyPair('SuppliersMSP'), /^NOT_AUTHORISED/],
    [
      'a key id that is not the key’s hash',
      WHO.pwOpener,
      () => ({ ...openingKeyPair('PublicWorksMSP'), keyId: openingKeyPair('HealthMSP').keyId }),
      /^INVALID_ARGUMENT: INVALID_PUBLIC_KEY/,
    ],
    [
      'a point off the curve',
      WHO.pwOpener,
      () => ({
        keyId: openingKeyPair('PublicWorksMSP').keyId,
        publicKey: toBase64Url(new Uint8Array(65).fill(4)),
      }),
      /^INVALID_ARGUMENT: INVALID_PUBLIC_KEY/,
    ],
  ])('when %s registers, then refused and nothing changes', async (_what, who, key, message) => {
    const ledger = new Ledger(T0);
    const { keyId, publicKey } = key();
    expect(await ledger.refused(who, 'openingKey:Register', [canonical({ keyId, publicKey })])).toMatch(
      message,
    );
  });

  it('when an organisation rotates, then the new key is current and a retired key is never current again', async () => {
    const ledger = new Ledger(T0);
    await registerOpeningKeys(ledger);
    const old = openingKeyPair('PublicWorksMSP');
    const next = openingKeyPair('PublicWorksMSP-next');
    await ledger.ok(WHO.pwOpener, 'openingKey:Register', [
      canonical({ keyId: next.keyId, publicKey: next.publicKey }),
    ]);
    const listed = await ledger.ok<{ keys: { organisation: string; keyId: string }[] }>(
      WHO.nobody,
      'openingKey:List',
      [],
    );
    expect(listed.keys.find((k) => k.organisation === 'PublicWorksMSP')?.keyId).toBe(next.keyId);
    expect(
      await ledger.refused(WHO.pwOpener, 'openingKey:Register', [
        canonical({ keyId: old.keyId, publicKey: old.publicKey }),
      ]),
    ).toMatch(/^CONFLICT: key .* was registered before/);
  });
});

describe('sealing a bid: one transaction', () => {
  it('when a vendor seals, then the envelope and a content-free record with its commitment are written, the id derived from the vendor', async () => {
    const ledger = await open();
    const args = await sealArgs(WHO.vendorA, 'a1');
    const outcome = await ledger.call(WHO.vendorA, 'bid:Seal', args);
    const bid = JSON.parse(outcome.result ?? '') as BidRecord;
    expect(bid).toMatchObject({
      bidId: bidIdFor('T-1', 'V-A', args[1]),
      vendorId: 'V-A',
      status: 'sealed',
      threshold: 3,
      commitment: createHash('sha256').update(args[2]).digest('hex'),
    });
    expect(outcome.result).not.toContain('price');
    expect(outcome.writes.map((w) => w.key.split('\u0000')[1])).toEqual(['bid', 'envelope', 'bid~live']);
    expect(outcome.writes.every((w) => !w.value?.includes('plan of V-A'))).toBe(true);
    expect(outcome.events).toEqual([
      { name: 'BidSealed', payload: canonical({ bidId: bid.bidId, status: 'sealed', tenderId: 'T-1' }) },
    ]);
  });

  it('when a vendor seals, then the policy is read from the peer once, though the clock guard and the envelope check both need it', async () => {
    const ledger = await open();
    const args = await sealArgs(WHO.vendorA, 'once');
    const reads = jest.spyOn(ledger.stub, 'getState');
    await ledger.ok(WHO.vendorA, 'bid:Seal', args);
    const policyReads = reads.mock.calls.filter(([k]) => k.split('\u0000')[1] === 'policy');
    reads.mockRestore();
    expect(policyReads).toHaveLength(1);
  });

  it('when a rival seals with the same nonce, then it gets its own bid id: no bid id can be squatted', async () => {
    const ledger = await open();
    const a = await ledger.ok<BidRecord>(WHO.vendorA, 'bid:Seal', await sealArgs(WHO.vendorA, 'same'));
    const b = await ledger.ok<BidRecord>(WHO.vendorB, 'bid:Seal', await sealArgs(WHO.vendorB, 'same'));
    expect(a.bidId).not.toBe(b.bidId);
    expect(await ledger.refused(WHO.vendorA, 'bid:Seal', await sealArgs(WHO.vendorA, 'same'))).toMatch(
      /^CONFLICT: bid .* exists already/,
    );
  });

  it.each([
    [
      'bytes that are not JSON',
      (args: string[]) => [args[0], args[1], '{oops'],
      /^INVALID_ARGUMENT: the envelope is not valid JSON/,
    ],
    [
      'non-canonical JSON',
      (args: string[]) => [args[0], args[1], JSON.stringify(JSON.parse(args[2] ?? ''), null, 1)],
      /^INVALID_ARGUMENT: the envelope must be canonical/,
    ],
    [
      'a share missing',
      (args: string[]) => {
        const envelope = JSON.parse(args[2] ?? '') as { shares: unknown[] };
        return [args[0], args[1], canonical({ ...envelope, shares: envelope.shares.slice(1) })];
      },
      /^INVALID_ARGUMENT: SHARES_MISMATCH/,
    ],
    [
      'a share for an unknown key',
      (args: string[]) => {
        const envelope = JSON.parse(args[2] ?? '') as { shares: { keyId: string }[] };
        const shares = envelope.shares.map((s, i) =>
          i === 0 ? { ...s, keyId: openingKeyPair('other').keyId } : s,
        );
        return [args[0], args[1], canonical({ ...envelope, shares })];
      },
      /^INVALID_ARGUMENT: UNKNOWN_KEY/,
    ],
    [
      'a threshold below the policy',
      (args: string[]) => [
        args[0],
        args[1],
        canonical({ ...(JSON.parse(args[2] ?? '') as object), threshold: 2 }),
      ],
      /^INVALID_ARGUMENT: THRESHOLD_MISMATCH/,
    ],
    ['a short nonce', (args: string[]) => [args[0], 'abc', args[2]], /^INVALID_ARGUMENT: nonce/],
  ])('when sealed with %s, then refused and nothing changes', async (_what, mangle, message) => {
    const ledger = await open();
    const args = await sealArgs(WHO.vendorA, 'a1');
    expect(await ledger.refused(WHO.vendorA, 'bid:Seal', mangle(args) as string[])).toMatch(message);
  });

  it('when an officer, an unregistered, a debarred or a late vendor seals, or the tender is unknown, then refused', async () => {
    const ledger = await open();
    expect(await ledger.refused(WHO.officer, 'bid:Seal', await sealArgs(WHO.vendorA, 'o'))).toMatch(
      /^NOT_AUTHORISED/,
    );
    expect(await ledger.refused(WHO.unregistered, 'bid:Seal', await sealArgs(WHO.unregistered, 'u'))).toMatch(
      /^NOT_AUTHORISED: vendor V-Z is not registered/,
    );
    const unknown = await sealArgs(WHO.vendorA, 'x');
    expect(await ledger.refused(WHO.vendorA, 'bid:Seal', ['T-9', unknown[1], unknown[2]])).toMatch(
      /^NOT_FOUND/,
    );
    await ledger.ok(WHO.auditor, 'vendor:Debar', ['V-B', canonical({ reason: 'collusion' })]);
    expect(await ledger.refused(WHO.vendorB, 'bid:Seal', await sealArgs(WHO.vendorB, 'b'))).toMatch(
      /^NOT_AUTHORISED: vendor V-B is debarred/,
    );
    ledger.nowMs = SUBMISSION;
    expect(await ledger.refused(WHO.vendorA, 'bid:Seal', await sealArgs(WHO.vendorA, 'late'))).toMatch(
      /^DEADLINE_PASSED/,
    );
  });

  it('when a seal is dated before the deadline but the endorser’s clock is past it, then DEADLINE_PASSED', async () => {
    const ledger = await open();
    ledger.nowMs = SUBMISSION - 10_000;
    ledger.endorserOffsetMs = 20_000;
    expect(await ledger.refused(WHO.vendorA, 'bid:Seal', await sealArgs(WHO.vendorA, 'backdated'))).toMatch(
      /^DEADLINE_PASSED/,
    );
  });

  it('when the tender is still a draft, then CONFLICT', async () => {
    const ledger = new Ledger(T0);
    await registerOpeningKeys(ledger);
    await registerVendors(ledger, WHO.vendorA);
    await ledger.ok(WHO.officer, 'tender:Create', [canonical(tenderInput())]);
    expect(await ledger.refused(WHO.vendorA, 'bid:Seal', await sealArgs(WHO.vendorA, 'd'))).toMatch(
      /^CONFLICT/,
    );
  });
});

describe('replacing, withdrawing and who sees what before opening', () => {
  it('when a vendor bids again, then the first bid is replaced; listings leave replaced bids out and show others only the count', async () => {
    const ledger = await open();
    const first = await placeBid(ledger, WHO.vendorA, 'T-1', 'a1', '100');
    const second = await placeBid(ledger, WHO.vendorA, 'T-1', 'a2', '90');
    await placeBid(ledger, WHO.vendorB, 'T-1', 'b1', '95');
    const own = await ledger.ok<{ items: BidRecord[]; total: number }>(WHO.vendorA, 'bid:List', ['T-1', '']);
    expect(own).toMatchObject({
      total: 2,
      items: [expect.objectContaining({ bidId: second, status: 'sealed' })],
    });
    for (const reader of [WHO.vendorB, WHO.officer, WHO.auditor]) {
      const seen = await ledger.ok<{ items: BidRecord[]; total: number }>(reader, 'bid:List', ['T-1', '']);
      expect(seen.total).toBe(2);
      expect(seen.items.some((b) => b.vendorId === 'V-A')).toBe(false);
    }
    expect(await ledger.refused(WHO.vendorB, 'bid:Get', ['T-1', second])).toMatch(/^NOT_AUTHORISED/);
    expect(await ledger.refused(WHO.vendorA, 'bid:Withdraw', ['T-1', first])).toMatch(/^CONFLICT/);
  });

  it('when a vendor withdraws before the deadline, then the bid is withdrawn; others, late or unknown withdrawals are refused', async () => {
    const ledger = await open();
    const id = await placeBid(ledger, WHO.vendorA, 'T-1', 'a1', '100');
    expect(await ledger.refused(WHO.vendorB, 'bid:Withdraw', ['T-1', id])).toMatch(/^NOT_AUTHORISED/);
    expect(await ledger.refused(WHO.vendorA, 'bid:Withdraw', ['T-1', 'b9'])).toMatch(/^NOT_FOUND/);
    const outcome = await ledger.call(WHO.vendorA, 'bid:Withdraw', ['T-1', id]);
    expect(JSON.parse(outcome.result ?? '')).toMatchObject({ status: 'withdrawn' });
    const again = await placeBid(ledger, WHO.vendorA, 'T-1', 'a2', '100');
    ledger.nowMs = SUBMISSION;
    expect(await ledger.refused(WHO.vendorA, 'bid:Withdraw', ['T-1', again])).toMatch(/^DEADLINE_PASSED/);
  });
});

describe('releasing shares and opening', () => {
  it('when shares are released before the submission deadline, by either clock, then TOO_EARLY and nothing changes', async () => {
    const ledger = await open();
    await placeBid(ledger, WHO.vendorA, 'T-1', 'a1', '100');
    expect(await ledger.refused(WHO.pwOpener, 'bid:Envelopes', ['T-1'])).toMatch(/^TOO_EARLY/);
    expect(
      await ledger.refused(WHO.pwOpener, 'bid:ReleaseShares', ['T-1', canonical({ shares: [] })]),
    ).toMatch(/^TOO_EARLY/);
    // The transaction dated past the deadline, the endorser's clock still before it.
    ledger.nowMs = SUBMISSION;
    ledger.endorserOffsetMs = -60_000;
    expect(
      await ledger.refused(WHO.pwOpener, 'bid:ReleaseShares', ['T-1', canonical({ shares: [] })]),
    ).toMatch(/^TOO_EARLY/);
  });

  it('when three organisations release after the deadline, then every bid opens in the third release, with no vendor action', async () => {
    const ledger = await open();
    const a = await placeBid(ledger, WHO.vendorA, 'T-1', 'a1', '100');
    const b = await placeBid(ledger, WHO.vendorB, 'T-1', 'b1', '90');
    ledger.nowMs = SUBMISSION + 1000;
    await releaseShares(ledger, 'T-1', OPENERS.slice(0, 2));
    expect((await ledger.ok<BidRecord>(WHO.vendorA, 'bid:Get', ['T-1', a])).status).toBe('sealed');
    const third = OPENERS[2] as Identity;
    const pending = await ledger.ok<PendingEnvelopes>(third, 'bid:Envelopes', ['T-1']);
    const outcome = await ledger.ok<{ opened: string[] }>(third, 'bid:ReleaseShares', [
      'T-1',
      releaseOf(third, pending),
    ]);
    expect(outcome.opened.sort()).toEqual([a, b].sort());
    ledger.nowMs = OPENING;
    const list = await ledger.ok<{ items: BidRecord[] }>(WHO.officer, 'bid:List', ['T-1', '']);
    expect(list.items.map((x) => [x.vendorId, x.status, x.price?.amount]).sort()).toEqual([
      ['V-A', 'opened', '100'],
      ['V-B', 'opened', '90'],
    ]);
    const status = await ledger.ok<OpeningStatus>(WHO.nobody, 'bid:Opening', ['T-1']);
    expect(status).toMatchObject({
      missing: ['SuppliersMSP'],
      complete: true,
      bids: { opened: 2, sealed: 0 },
    });
  });

  it('when the fourth organisation releases too, then its share is checked against the others and the bids stay opened', async () => {
    const ledger = await open();
    const a = await placeBid(ledger, WHO.vendorA, 'T-1', 'a1', '100');
    ledger.nowMs = SUBMISSION;
    await releaseShares(ledger, 'T-1', OPENERS);
    ledger.nowMs = OPENING;
    expect(await ledger.ok<BidRecord>(WHO.officer, 'bid:Get', ['T-1', a])).toMatchObject({
      status: 'opened',
    });
    expect((await ledger.ok<OpeningStatus>(WHO.nobody, 'bid:Opening', ['T-1'])).missing).toEqual([]);
  });

  it('when only two organisations release, then nothing opens, the award is refused naming the missing organisations', async () => {
    const ledger = await open();
    await placeBid(ledger, WHO.vendorA, 'T-1', 'a1', '100');
    ledger.nowMs = SUBMISSION;
    await releaseShares(ledger, 'T-1', OPENERS.slice(0, 2));
    ledger.nowMs = OPENING;
    const status = await ledger.ok<OpeningStatus>(WHO.nobody, 'bid:Opening', ['T-1']);
    expect(status).toMatchObject({
      missing: ['PublicWorksMSP', 'SuppliersMSP'],
      complete: false,
      bids: { sealed: 1 },
    });
    expect(await ledger.refused(WHO.officer, 'award:Make', ['T-1'])).toMatch(
      /^CONFLICT: 1 bid\(s\) are still sealed: .*missing: PublicWorksMSP, SuppliersMSP/,
    );
  });

  it.each([
    [
      'a share that does not match its hash',
      (release: { shares: { bidId: string; share: string }[] }) => {
        const first = release.shares[0];
        const bytes = fromBase64Url(first?.share ?? '');
        bytes[0] = (bytes[0] ?? 0) ^ 1;
        return { shares: [{ bidId: first?.bidId ?? '', share: toBase64Url(bytes) }] };
      },
      /^INVALID_ARGUMENT: bid .*: SHARE_HASH_MISMATCH/,
    ],
    [
      'a bid named twice',
      (release: { shares: { bidId: string; share: string }[] }) => ({
        shares: [release.shares[0], release.shares[0]],
      }),
      /^INVALID_ARGUMENT: a release names a bid more than once/,
    ],
    [
      'an unknown bid',
      (release: { shares: { bidId: string; share: string }[] }) => ({
        shares: [{ bidId: 'b-unknown', share: release.shares[0]?.share }],
      }),
      /^NOT_FOUND/,
    ],
  ])('when an opener releases %s, then refused and nothing changes', async (_what, mangle, message) => {
    const ledger = await open();
    await placeBid(ledger, WHO.vendorA, 'T-1', 'a1', '100');
    ledger.nowMs = SUBMISSION;
    const pending = await ledger.ok<PendingEnvelopes>(WHO.pwOpener, 'bid:Envelopes', ['T-1']);
    const release = JSON.parse(releaseOf(WHO.pwOpener, pending)) as {
      shares: { bidId: string; share: string }[];
    };
    expect(
      await ledger.refused(WHO.pwOpener, 'bid:ReleaseShares', ['T-1', canonical(mangle(release))]),
    ).toMatch(message);
  });

  it('when an organisation releases another organisation’s share, or its own twice, or a vendor releases, then refused', async () => {
    const ledger = await open();
    await placeBid(ledger, WHO.vendorA, 'T-1', 'a1', '100');
    ledger.nowMs = SUBMISSION;
    const pending = await ledger.ok<PendingEnvelopes>(WHO.pwOpener, 'bid:Envelopes', ['T-1']);
    const health = releaseOf(WHO.healthOpener, pending);
    // Health's share submitted by PublicWorks' opener: checked as PublicWorks' share, so its hash differs.
    expect(await ledger.refused(WHO.pwOpener, 'bid:ReleaseShares', ['T-1', health])).toMatch(
      /SHARE_HASH_MISMATCH/,
    );
    expect(await ledger.refused(WHO.vendorA, 'bid:ReleaseShares', ['T-1', health])).toMatch(
      /^NOT_AUTHORISED/,
    );
    await ledger.ok(WHO.healthOpener, 'bid:ReleaseShares', ['T-1', health]);
    expect(await ledger.refused(WHO.healthOpener, 'bid:ReleaseShares', ['T-1', health])).toMatch(
      /^CONFLICT: HealthMSP has already released/,
    );
    expect((await ledger.ok<PendingEnvelopes>(WHO.healthOpener, 'bid:Envelopes', ['T-1'])).items).toEqual([]);
  });

  it('when a vendor’s envelope is bad, then it ends unopenable with the reason and the others still open', async () => {
    const ledger = await open();
    const good = await placeBid(ledger, WHO.vendorB, 'T-1', 'b1', '90');
    // Vendor A's envelope with the ciphertext of another of its envelopes: the shares open, the bid does not.
    const forged = await sealFor('T-1', 'V-A', 'forged', bidContent('V-A', '80'));
    const other = await sealFor('T-1', 'V-A', 'other', bidContent('V-A', '70'));
    const swapped = JSON.parse(forged.envelopeJson) as Record<string, unknown>;
    const donor = JSON.parse(other.envelopeJson) as Record<string, unknown>;
    const envelope = canonical({ ...swapped, iv: donor.iv, ciphertext: donor.ciphertext });
    const badId = bidIdFor('T-1', 'V-A', nonceOf('forged'));
    await ledger.ok(WHO.vendorA, 'bid:Seal', ['T-1', forged.nonce, envelope]);
    ledger.nowMs = SUBMISSION;
    await releaseShares(ledger, 'T-1');
    ledger.nowMs = OPENING;
    expect(await ledger.ok<BidRecord>(WHO.officer, 'bid:Get', ['T-1', badId])).toMatchObject({
      status: 'unopenable',
      unopenable: { reason: 'DECRYPTION_FAILED' },
    });
    expect(await ledger.ok<BidRecord>(WHO.officer, 'bid:Get', ['T-1', good])).toMatchObject({
      status: 'opened',
    });
    expect((await ledger.ok<OpeningStatus>(WHO.nobody, 'bid:Opening', ['T-1'])).complete).toBe(true);
  });

  it('when two organisations cannot decrypt their share, then the bid is unopenable: t can no longer be reached', async () => {
    const ledger = await open();
    const id = await placeBid(ledger, WHO.vendorA, 'T-1', 'a1', '100');
    ledger.nowMs = SUBMISSION;
    for (const opener of [WHO.auditOpener, WHO.healthOpener]) {
      await ledger.ok(opener, 'bid:ReleaseShares', [
        'T-1',
        canonical({ shares: [], failures: [{ bidId: id, reason: 'DECRYPTION_FAILED' }] }),
      ]);
    }
    ledger.nowMs = OPENING;
    expect(await ledger.ok<BidRecord>(WHO.officer, 'bid:Get', ['T-1', id])).toMatchObject({
      status: 'unopenable',
      unopenable: { reason: 'NOT_ENOUGH_SHARES' },
    });
  });

  it('when the tender was cancelled, then releases are refused', async () => {
    const ledger = await open();
    await placeBid(ledger, WHO.vendorA, 'T-1', 'a1', '100');
    await ledger.ok(WHO.officer, 'tender:Cancel', ['T-1', 'scrapped']);
    ledger.nowMs = SUBMISSION;
    expect(
      await ledger.refused(WHO.pwOpener, 'bid:ReleaseShares', ['T-1', canonical({ shares: [] })]),
    ).toMatch(/^CONFLICT/);
  });

  it('when bid:Open runs after the releases, then it opens nothing new; an officer of another agency may not run it', async () => {
    const ledger = await open();
    await placeBid(ledger, WHO.vendorA, 'T-1', 'a1', '100');
    ledger.nowMs = SUBMISSION;
    await releaseShares(ledger, 'T-1');
    expect(await ledger.ok<{ opened: string[] }>(WHO.officer, 'bid:Open', ['T-1'])).toMatchObject({
      opened: [],
    });
    expect(await ledger.refused(WHO.healthOfficer, 'bid:Open', ['T-1'])).toMatch(/^NOT_AUTHORISED/);
  });

  it('when a bid was sealed before an amendment, then it is reported beforeAmendment', async () => {
    const ledger = await open();
    const a = await placeBid(ledger, WHO.vendorA, 'T-1', 'a1', '100');
    ledger.advance(1000);
    await ledger.ok(WHO.officer, 'tender:Amend', [
      'T-1',
      canonical({ reason: 'typo', changes: { description: 'Fixed.' } }),
    ]);
    ledger.advance(1000);
    const b = await placeBid(ledger, WHO.vendorB, 'T-1', 'b1', '100');
    expect((await ledger.ok<BidRecord>(WHO.vendorA, 'bid:Get', ['T-1', a])).beforeAmendment).toBe(true);
    expect((await ledger.ok<BidRecord>(WHO.vendorB, 'bid:Get', ['T-1', b])).beforeAmendment).toBe(false);
  });
});
