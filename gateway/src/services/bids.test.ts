import { describe, expect, it } from '@jest/globals';

import { bidIdFor, generateOpeningKeyPair } from '@procurement/contract';

import type { Caller } from '../domain/caller';
import { DomainError } from '../domain/errors';
import { FakeLedger, type LedgerCall } from '../testing/fake-ledger';
import { bid } from '../testing/fixtures';
import { OPENING_KEYS_REUSE_MS, BidService } from './bids';
import { Chain } from './chain';

const ACME: Caller = { mspId: 'SuppliersMSP', username: 'acme-1', role: 'vendor', vendorId: 'ACME' };
const PLAINTEXT = { price: { amount: '100', currency: 'EUR' }, technicalProposal: { plan: 'x' } };

function keysOf(orgs: readonly string[]): { organisation: string; keyId: string; publicKey: string }[] {
  return orgs.map((organisation) => {
    const pair = generateOpeningKeyPair();
    return { organisation, keyId: pair.keyId, publicKey: pair.publicKey };
  });
}

/** A service over a fake ledger whose clock the test moves. */
function service(ledger: FakeLedger): { bids: BidService; clock: { now: number } } {
  const clock = { now: 1_000_000 };
  return { bids: new BidService(new Chain(ledger), () => clock.now), clock };
}

function sealedRecord(call: LedgerCall): unknown {
  return bid({ bidId: bidIdFor(call.args[0]!, 'ACME', call.args[1]!), status: 'sealed' });
}

/** The organisations a submitted envelope was sealed to. */
function sealedTo(call: LedgerCall): string[] {
  const envelope = JSON.parse(call.args[2]!) as { shares: { keyId: string }[] };
  return envelope.shares.map((s) => s.keyId);
}

describe('BidService: the opening keys a plaintext bid is sealed to', () => {
  const orgs = ['AuditMSP', 'HealthMSP', 'PublicWorksMSP', 'SuppliersMSP'];

  it('reads the keys once for the bids of the reuse time, and again after it', async () => {
    const ledger = new FakeLedger()
      .returns('openingKey:List', { threshold: 3, keys: keysOf(orgs) })
      .on('bid:Seal', sealedRecord);
    const { bids, clock } = service(ledger);
    await bids.place(ACME, 'T-1', PLAINTEXT);
    clock.now += OPENING_KEYS_REUSE_MS - 1;
    await bids.place(ACME, 'T-1', PLAINTEXT);
    expect(ledger.callsOf('openingKey:List')).toHaveLength(1);
    clock.now += 1;
    await bids.place(ACME, 'T-1', PLAINTEXT);
    expect(ledger.callsOf('openingKey:List')).toHaveLength(2);
    expect(ledger.callsOf('bid:Seal')).toHaveLength(3);
  });

  it('seals again, once, to freshly read keys when the chaincode says the keys changed', async () => {
    const before = keysOf(orgs);
    const after = [...before.slice(0, 3), ...keysOf(['SuppliersMSP'])];
    let listed = 0;
    const ledger = new FakeLedger()
      .on('openingKey:List', () => ({ threshold: 3, keys: listed++ === 0 ? before : after }))
      .on('bid:Seal', (call) => {
        if (sealedTo(call).includes(before[3]!.keyId)) {
          throw new DomainError({
            code: 'INVALID_ARGUMENT',
            message: 'UNKNOWN_KEY: the share of SuppliersMSP is not for its registered key',
          });
        }
        return sealedRecord(call);
      });
    const { bids } = service(ledger);
    const placed = await bids.place(ACME, 'T-1', PLAINTEXT);
    expect(placed.status).toBe('sealed');
    const seals = ledger.callsOf('bid:Seal');
    expect(seals).toHaveLength(2);
    expect(sealedTo(seals[1]!)).toEqual(after.map((k) => k.keyId));
    expect(ledger.callsOf('openingKey:List')).toHaveLength(2);
  });

  it('does not retry any other refusal, nor a bid its client sealed', async () => {
    const ledger = new FakeLedger()
      .returns('openingKey:List', { threshold: 3, keys: keysOf(orgs) })
      .throws('bid:Seal', new DomainError({ code: 'INVALID_ARGUMENT', message: 'the nonce is malformed' }));
    const { bids } = service(ledger);
    await expect(bids.place(ACME, 'T-1', PLAINTEXT)).rejects.toThrow('the nonce is malformed');
    expect(ledger.callsOf('bid:Seal')).toHaveLength(1);
    ledger.throws(
      'bid:Seal',
      new DomainError({ code: 'INVALID_ARGUMENT', message: 'UNKNOWN_KEY: not for its registered key' }),
    );
    const clientSealed = { nonce: 'n'.repeat(22), envelope: { version: 1 } } as never;
    await expect(bids.place(ACME, 'T-1', clientSealed)).rejects.toThrow('UNKNOWN_KEY');
    expect(ledger.callsOf('bid:Seal')).toHaveLength(2);
  });

  it('does not keep a failed read of the keys', async () => {
    let listed = 0;
    const ledger = new FakeLedger()
      .on('openingKey:List', () => {
        listed += 1;
        if (listed === 1) throw new DomainError({ code: 'LEDGER_UNAVAILABLE', message: 'no peer' });
        return { threshold: 3, keys: keysOf(orgs) };
      })
      .on('bid:Seal', sealedRecord);
    const { bids } = service(ledger);
    await expect(bids.place(ACME, 'T-1', PLAINTEXT)).rejects.toThrow('no peer');
    await bids.place(ACME, 'T-1', PLAINTEXT);
    expect(listed).toBe(2);
  });
});
