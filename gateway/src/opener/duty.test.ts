import { describe, expect, it } from '@jest/globals';
import {
  type OpeningKeyPair,
  type TransactionName,
  generateOpeningKeyPair,
  importOpeningPrivateKey,
  sealBidContent,
} from '@procurement/contract';

import { DomainError } from '../domain/errors';
import { tender } from '../testing/fixtures';
import { OpenerDuty, type OpenerLedger } from './duty';

const ORGS = ['AuditMSP', 'HealthMSP', 'PublicWorksMSP', 'SuppliersMSP'];
const PAIRS = new Map<string, OpeningKeyPair>(ORGS.map((org) => [org, generateOpeningKeyPair()]));
const KEYS = ORGS.map((organisation) => ({
  organisation,
  keyId: PAIRS.get(organisation)!.keyId,
  publicKey: PAIRS.get(organisation)!.publicKey,
}));

async function envelopeFor(tenderId: string, vendorId: string) {
  const sealed = await sealBidContent({
    tenderId,
    vendorId,
    content: { price: { amount: '100', currency: 'EUR' }, technicalProposal: {}, documents: [] },
    openingKeys: KEYS,
    threshold: 3,
  });
  return { bidId: sealed.bidId, vendorId, envelope: sealed.envelope };
}

/** A scripted ledger: pending envelopes per tender, drained by each release; every call recorded. */
class ScriptedLedger implements OpenerLedger {
  readonly calls: { name: TransactionName; args: string[] }[] = [];
  tenders = [tender({ id: 'T-due', submissionDeadline: new Date(Date.now() - 1000).toISOString() })];
  pending = new Map<string, unknown[]>();
  refuse?: DomainError;

  evaluate(name: TransactionName, args: string[]): Promise<string> {
    this.calls.push({ name, args });
    if (this.refuse) return Promise.reject(this.refuse);
    if (name === 'tender:List') {
      const status = (JSON.parse(args[0] ?? '{}') as { status: string }).status;
      return Promise.resolve(JSON.stringify({ items: this.tenders.filter((t) => t.status === status) }));
    }
    return Promise.resolve(JSON.stringify({ items: this.pending.get(args[0] ?? '') ?? [] }));
  }

  submit(name: TransactionName, args: string[]): Promise<string> {
    this.calls.push({ name, args });
    const release = JSON.parse(args[1] ?? '{}') as { shares: unknown[]; failures: unknown[] };
    this.pending.set(args[0] ?? '', []);
    return Promise.resolve(
      JSON.stringify({
        tenderId: args[0],
        released: release.shares.length,
        failed: release.failures.length,
        opened: [],
        unopenable: [],
      }),
    );
  }
}

const quiet = { info: () => undefined, warn: () => undefined };

function dutyOf(ledger: OpenerLedger, organisation = 'HealthMSP'): OpenerDuty {
  const key = importOpeningPrivateKey(PAIRS.get(organisation)!.privateJwk);
  return new OpenerDuty({ organisation, ledger, privateKeys: new Map([[key.keyId, key]]), logger: quiet });
}

describe('the opener duty', () => {
  it('when a tender is past its deadline, then the organisation decrypts and releases its own share of each bid, once', async () => {
    const ledger = new ScriptedLedger();
    ledger.pending.set('T-due', [await envelopeFor('T-due', 'ACME'), await envelopeFor('T-due', 'BOLT')]);
    const duty = dutyOf(ledger);
    expect(await duty.sweep()).toEqual([{ tenderId: 'T-due', released: 2, failed: 0, opened: 0 }]);
    const release = ledger.calls.find((c) => c.name === 'bid:ReleaseShares');
    const body = JSON.parse(release?.args[1] ?? '{}') as { shares: { share: string }[] };
    expect(body.shares).toHaveLength(2);
    expect(body.shares.every((s) => /^[A-Za-z0-9_-]{44}$/.test(s.share))).toBe(true);
    // Done: the next round does not look at the tender again.
    ledger.calls.length = 0;
    await duty.sweep();
    expect(ledger.calls.filter((c) => c.name !== 'tender:List')).toEqual([]);
  });

  it('when a share is not for this organisation’s key, then it is reported as a failure and never released', async () => {
    const ledger = new ScriptedLedger();
    ledger.pending.set('T-due', [await envelopeFor('T-due', 'ACME')]);
    const otherKey = importOpeningPrivateKey(generateOpeningKeyPair().privateJwk);
    const duty = new OpenerDuty({
      organisation: 'HealthMSP',
      ledger,
      privateKeys: new Map([[otherKey.keyId, otherKey]]),
      logger: quiet,
    });
    await duty.sweep();
    const body = JSON.parse(ledger.calls.find((c) => c.name === 'bid:ReleaseShares')?.args[1] ?? '{}') as {
      shares: unknown[];
      failures: { reason: string }[];
    };
    expect(body.shares).toEqual([]);
    expect(body.failures.map((f) => f.reason)).toEqual(['WRONG_RECIPIENT']);
  });

  it('when a tender is not yet due, then nothing is asked of it', async () => {
    const ledger = new ScriptedLedger();
    ledger.tenders = [
      tender({ id: 'T-later', submissionDeadline: new Date(Date.now() + 60_000).toISOString() }),
    ];
    await dutyOf(ledger).sweep();
    expect(ledger.calls.map((c) => c.name)).toEqual(['tender:List', 'tender:List']);
  });

  it('when the chaincode says TOO_EARLY (its clock is behind ours), then the tender is tried again next round', async () => {
    const ledger = new ScriptedLedger();
    const duty = dutyOf(ledger);
    const original = ledger.evaluate.bind(ledger);
    let refusals = 1;
    ledger.evaluate = (name, args) => {
      if (name === 'bid:Envelopes' && refusals-- > 0)
        return Promise.reject(new DomainError({ code: 'TOO_EARLY', message: 'not yet' }));
      return original(name, args);
    };
    ledger.pending.set('T-due', [await envelopeFor('T-due', 'ACME')]);
    expect(await duty.sweep()).toEqual([]);
    expect(await duty.sweep()).toEqual([{ tenderId: 'T-due', released: 1, failed: 0, opened: 0 }]);
  });
});
