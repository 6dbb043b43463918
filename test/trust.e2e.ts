/**
 * Each organisation is its own trust boundary: it runs its own chaincode process, so its peer's
 * endorsement is computed by code that organisation runs, and no single process decides an outcome.
 *
 * - A seal sent only to an agency peer is refused by that peer's own chaincode.
 * - A tampering endorser: Health's chaincode process is replaced by a deliberately different build (it
 *   rewrites every title it writes, and skips the Suppliers-only guard and the read of the Suppliers
 *   collection on sealed bids). Its endorsements
 *   never land: a transaction whose endorsements disagree is refused or invalidated, a seal it endorses
 *   is committed as invalid, and the same requests endorsed by the three honest organisations commit.
 */
import { EndorseError, GatewayError, StatusCode } from '@hyperledger/fabric-gateway';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { canonicalJson as canonical } from '@procurement/contract';
import {
  chaincodeProcess,
  chaincodeServerSpec,
  ensureChaincode,
  readDeployed,
} from '../scripts/lib/chaincode';
import { ROOT } from '../scripts/lib/topology';
import { evaluateUntil, net, sessionAs, type Session, utf8 } from './support/network';
import { distantTenderJson } from './support/procurement';

function tenderInput(id: string, title: string): string {
  return distantTenderJson(id, { title, evaluators: ['health-eval-1'] });
}

/** Every message an endorsement failure carries: its own and each endorser's detail. */
function messagesOf(error: unknown): string {
  if (error instanceof GatewayError) {
    return [error.message, ...error.details.map((d) => `${d.mspId}: ${d.message}`)].join('\n');
  }
  return error instanceof Error ? error.message : String(error);
}

const health = (() => {
  const org = net.topology.organisations.find((o) => o.name === 'Health');
  if (!org) throw new Error('topology has no Health organisation');
  return org;
})();

/** A copy of the built chaincode that tampers with what it writes and skips the Suppliers-only guard. */
function buildTamperedChaincode(): string {
  const dir = path.join(net.paths.state, 'tampered-chaincode');
  rmSync(dir, { recursive: true, force: true });
  cpSync(path.join(ROOT, 'chaincode', 'dist'), path.join(dir, 'dist'), { recursive: true });
  cpSync(path.join(ROOT, 'chaincode', 'package.json'), path.join(dir, 'package.json'));
  const state = path.join(dir, 'dist', 'ledger', 'state.js');
  writeFileSync(
    state,
    `${readFileSync(state, 'utf8')}
// TAMPERED BUILD (test only): every record with a title is written with another title.
const honestPutJson = exports.putJson;
exports.putJson = (ctx, key, value) =>
  honestPutJson(ctx, key, value && typeof value === 'object' && 'title' in value ? { ...value, title: 'TAMPERED' } : value);
`,
  );
  const bid = path.join(dir, 'dist', 'contracts', 'bid.js');
  const source = readFileSync(bid, 'utf8');
  if (!source.includes('ctx.stub.getMspID()')) throw new Error('bid.js no longer reads the peer MSP ID');
  // ...and it never reads the Suppliers collection (a peer outside it cannot), so it will endorse a seal.
  writeFileSync(
    bid,
    source
      .replaceAll('ctx.stub.getMspID()', "'SuppliersMSP'")
      .replaceAll('ctx.stub.getPrivateData(', '(async () => new Uint8Array())('),
  );
  return dir;
}

describe('each organisation endorses with its own chaincode process', () => {
  let officer: Session;
  let vendor: Session;
  let auditor: Session;
  const tenderId = `trust-${Date.now()}`;

  beforeAll(async () => {
    officer = sessionAs('health-officer');
    vendor = sessionAs('vendor-acme');
    auditor = sessionAs('auditor');
    await officer.contract.submitTransaction('tender:Create', tenderInput(tenderId, 'Emergency generators'));
    await officer.contract.submitTransaction('tender:Publish', tenderId);
  });

  afterAll(() => {
    officer.close();
    vendor.close();
    auditor.close();
  });

  it('when four organisations run the chaincode, then four processes run, each with its own package approved by its own organisation', () => {
    const deployed = readDeployed(net.paths);
    expect(deployed).toBeDefined();
    const ids = net.topology.organisations.map((o) => deployed?.packages[o.name]);
    expect(new Set(ids).size).toBe(net.topology.organisations.length);
    for (const org of net.topology.organisations) {
      expect({ org: org.name, running: net.procs.alivePid(chaincodeProcess(org)) !== undefined }).toEqual({
        org: org.name,
        running: true,
      });
    }
  });

  it.each(['PublicWorksMSP', 'HealthMSP', 'AuditMSP'])(
    'when a seal is sent only to the %s peer, then that peer’s own chaincode refuses it',
    async (mspId) => {
      const bidId = `agency-seal-${mspId}`;
      const sealed = canonical({
        tenderId,
        bidId,
        vendorId: 'ACME',
        price: { amount: '100', currency: 'EUR' },
        technicalProposal: {},
        documents: [],
        salt: '0123456789abcdef0123456789abcdef',
      });
      const attempt = vendor.contract.submit('bid:Seal', {
        arguments: [tenderId, bidId],
        transientData: { sealedBid: Buffer.from(sealed) },
        endorsingOrganizations: [mspId],
      });
      const error: unknown = await attempt.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(EndorseError);
      expect(messagesOf(error)).toMatch(/NOT_AUTHORISED: sealed bids are kept only on SuppliersMSP peers/);
    },
  );

  describe('when Health’s chaincode process is replaced by a tampering build', () => {
    let tamperedDir = '';

    beforeAll(async () => {
      const packageId = readDeployed(net.paths)?.packages[health.name];
      if (!packageId) throw new Error('no deployed package for Health');
      tamperedDir = buildTamperedChaincode();
      await net.procs.stop(chaincodeProcess(health));
      net.procs.start(chaincodeServerSpec(net.paths, health, packageId, tamperedDir, net.topology));
      // The Health peer reconnects to the (new) server on its next invocation.
      // The Health peer dials the new server on its next invocation: probe Health's own peer (an
      // evaluate without endorsingOrganizations could be answered by another organisation's peer).
      const deadline = Date.now() + 60_000;
      for (;;) {
        const ok = await officer.contract
          .evaluate('tender:Get', { arguments: [tenderId], endorsingOrganizations: ['HealthMSP'] })
          .then(
            () => true,
            () => false,
          );
        if (ok || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    });

    afterAll(async () => {
      // Put the honest build back: stop the impostor, and let the deploy step restart Health's server.
      await net.procs.stop(chaincodeProcess(health));
      await ensureChaincode(net.topology, net.paths, net.procs);
      if (existsSync(tamperedDir)) rmSync(tamperedDir, { recursive: true, force: true });
    });

    it('when a write is endorsed by Health and two honest organisations, then the disagreeing endorsements are refused and nothing lands', async () => {
      const id = `${tenderId}-odd`;
      const outcome = await officer.contract
        .submitAsync('tender:Create', {
          arguments: [tenderInput(id, 'Honest title')],
          endorsingOrganizations: ['HealthMSP', 'PublicWorksMSP', 'AuditMSP'],
        })
        .then(
          async (commit) => (await commit.getStatus()).code,
          (e: unknown) => e,
        );
      // Either the gateway refuses the mismatched endorsements, or the transaction commits as invalid.
      if (typeof outcome === 'number') expect(outcome).not.toBe(StatusCode.VALID);
      else expect(messagesOf(outcome)).toMatch(/do not match|mismatch|failed to endorse|collect enough/i);
      await expect(officer.contract.evaluateTransaction('tender:Get', id)).rejects.toThrow(/NOT_FOUND/);
    });

    it('when the gateway chooses the endorsers itself, then the tampered title never reaches the ledger', async () => {
      const id = `${tenderId}-any`;
      try {
        await officer.contract.submitTransaction('tender:Create', tenderInput(id, 'Honest title'));
      } catch {
        // refusing is acceptable; landing a tampered record is not
      }
      const read = await officer.contract.evaluateTransaction('tender:Get', id).then(
        (bytes) => JSON.parse(utf8(bytes)) as { title: string },
        () => undefined,
      );
      if (read) expect(read.title).toBe('Honest title');
    });

    it('when the same request is endorsed by the three honest organisations, then it commits with the honest content', async () => {
      const id = `${tenderId}-honest`;
      const commit = await officer.contract.submitAsync('tender:Create', {
        arguments: [tenderInput(id, 'Honest title')],
        endorsingOrganizations: ['PublicWorksMSP', 'AuditMSP', 'SuppliersMSP'],
      });
      expect((await commit.getStatus()).code).toBe(StatusCode.VALID);
      const text = await evaluateUntil(officer, (r) => typeof r === 'string', 'tender:Get', id);
      expect((JSON.parse(text) as { title: string }).title).toBe('Honest title');
    });

    it('when the tampering peer endorses a seal that skips the Suppliers-only guard, then it is committed as invalid and writes nothing', async () => {
      const bidId = 'wrong-org-seal';
      const sealed = canonical({
        tenderId,
        bidId,
        vendorId: 'ACME',
        price: { amount: '100', currency: 'EUR' },
        technicalProposal: {},
        documents: [],
        salt: 'fedcba9876543210fedcba9876543210',
      });
      const commit = await vendor.contract
        .submitAsync('bid:Seal', {
          arguments: [tenderId, bidId],
          transientData: { sealedBid: Buffer.from(sealed) },
          endorsingOrganizations: ['HealthMSP'],
        })
        .catch((error: unknown) => {
          throw new Error(messagesOf(error));
        });
      const status = await commit.getStatus();
      expect(status.successful).toBe(false);
      expect(status.code).toBe(StatusCode.ENDORSEMENT_POLICY_FAILURE);
      await expect(
        vendor.contract.evaluate('bid:ReadSealed', {
          arguments: [tenderId, bidId],
          endorsingOrganizations: ['SuppliersMSP'],
        }),
      ).rejects.toThrow(/NOT_FOUND/);
    });
  });
});
