/**
 * The sealed-bid claims, checked where they live on the real network: before the deadline only the
 * Suppliers peer holds a bid's content; every other peer and every orderer holds at most its hash,
 * and that hash cannot be matched by hashing candidate prices without the salt.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { canonicalJson } from '@procurement/contract';
import { ordererOrganisations } from '../scripts/lib/topology';
import { evaluateUntil, net, sessionAs, type Session, utf8 } from './support/network';

/** Every file under a folder, read as bytes (ledger stores are LevelDB files and block files). */
function folderContains(dir: string, needle: string): boolean {
  const target = Buffer.from(needle);
  const walk = (d: string): boolean =>
    readdirSync(d).some((name) => {
      const full = path.join(d, name);
      return statSync(full).isDirectory() ? walk(full) : readFileSync(full).includes(target);
    });
  return walk(dir);
}

describe('sealed bids on the real network', () => {
  let officer: Session;
  let vendor: Session;
  const tenderId = `sealed-${Date.now()}`;
  const bidId = `bid-${randomBytes(6).toString('hex')}`;
  const salt = randomBytes(16).toString('hex');
  const price = { amount: '123456700', currency: 'EUR' };
  let sealedJson = '';
  let commitment = '';

  beforeAll(async () => {
    officer = sessionAs('pw-officer');
    vendor = sessionAs('vendor-acme');
    const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
    const tender = {
      id: tenderId,
      title: 'Bridge inspection framework',
      description: 'Visual and ultrasonic inspection of 40 bridges.',
      cpv: '71631450-3',
      estimatedValue: { amount: '150000000', currency: 'EUR' },
      procedure: 'open',
      submissionDeadline: inDays(40),
      openingDeadline: inDays(45),
      awardCriteria: { method: 'lowestPrice' },
      evaluators: ['pw-eval-1'],
      documents: [],
    };
    await officer.contract.submitTransaction('tender:Create', JSON.stringify(tender));
    await officer.contract.submitTransaction('tender:Publish', tenderId);
    // The seal is endorsed by the Suppliers peer alone: wait until it has the publish block.
    await evaluateUntil(
      vendor,
      (r) => typeof r === 'string' && r.includes('"published"'),
      'tender:Get',
      tenderId,
    );

    sealedJson = canonicalJson({
      tenderId,
      bidId,
      vendorId: 'ACME',
      price,
      technicalProposal: { method: 'drone survey with ultrasonic follow-up' },
      documents: [],
      salt,
    });
    await vendor.contract.submit('bid:Seal', {
      arguments: [tenderId, bidId],
      transientData: { sealedBid: Buffer.from(sealedJson) },
      endorsingOrganizations: ['SuppliersMSP'],
    });
    const record = JSON.parse(
      utf8(await vendor.contract.submitTransaction('bid:Commit', tenderId, bidId)),
    ) as {
      commitment: string;
    };
    commitment = record.commitment;
  });

  afterAll(() => {
    officer.close();
    vendor.close();
  });

  it('when a bid is committed, then its commitment is the SHA-256 of the sealed bytes', () => {
    expect(commitment).toBe(createHash('sha256').update(sealedJson).digest('hex'));
  });

  it('when the peers are inspected before the deadline, then only the Suppliers peer stores the bid content', () => {
    for (const org of net.topology.organisations) {
      const holds = folderContains(net.paths.org(org).peerData, salt);
      expect({ peer: org.name, holds }).toEqual({ peer: org.name, holds: org.mspId === 'SuppliersMSP' });
    }
    for (const org of ordererOrganisations(net.topology)) {
      expect({ orderer: org.name, holds: folderContains(net.paths.org(org).ordererData, salt) }).toEqual({
        orderer: org.name,
        holds: false,
      });
    }
  });

  it('when the sealed bid is read through an agency or Audit peer, then that peer’s own chaincode refuses', async () => {
    for (const mspId of ['AuditMSP', 'PublicWorksMSP']) {
      await expect(
        vendor.contract.evaluate('bid:ReadSealed', {
          arguments: [tenderId, bidId],
          endorsingOrganizations: [mspId],
        }),
      ).rejects.toThrow(/NOT_AUTHORISED: sealed bids are kept only on SuppliersMSP peers/);
    }
    const own = utf8(
      await vendor.contract.evaluate('bid:ReadSealed', {
        arguments: [tenderId, bidId],
        endorsingOrganizations: ['SuppliersMSP'],
      }),
    );
    expect(own).toBe(sealedJson);
  });

  it('when an agency lists the bids before the deadline, then it sees the commitment and no content', async () => {
    const listed = await evaluateUntil(
      officer,
      (r) => typeof r === 'string' && r.includes(commitment),
      'bid:List',
      tenderId,
    );
    expect(listed).toContain(commitment);
    expect(listed).not.toContain(price.amount);
    expect(listed).not.toContain('ultrasonic');
  });

  it('when candidate prices are hashed without the salt, then none matches the commitment', () => {
    const guess = (amount: string, guessedSalt: string): string =>
      createHash('sha256')
        .update(
          canonicalJson({
            tenderId,
            bidId,
            vendorId: 'ACME',
            price: { amount, currency: 'EUR' },
            technicalProposal: { method: 'drone survey with ultrasonic follow-up' },
            documents: [],
            salt: guessedSalt,
          }),
        )
        .digest('hex');
    // Even knowing the true price and proposal, a wrong salt never matches; only the true salt does.
    const candidates = ['123456700', '123456600', '100000000', '150000000'];
    for (const amount of candidates) {
      for (const guessedSalt of ['', '0'.repeat(32), randomBytes(16).toString('hex')]) {
        expect(guess(amount, guessedSalt)).not.toBe(commitment);
      }
    }
    expect(guess(price.amount, salt)).toBe(commitment);
  });
});
