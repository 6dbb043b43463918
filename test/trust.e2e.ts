/**
 * Each organisation is its own trust boundary: it runs its own chaincode process, so its peer's
 * endorsement is computed by code that organisation runs, and no single process decides an outcome.
 *
 * - A sealed bid endorsed by one organisation alone is committed as invalid: every seal needs a majority.
 * - An organisation's opening key can be changed only with that organisation's endorsement: a majority
 *   of the others endorsing a rotation is invalid at commit (the key-level endorsement policy).
 * - A tampering endorser: Health's chaincode process is replaced by a deliberately different build (it
 *   rewrites every title it writes). Its endorsements never land: a transaction whose endorsements
 *   disagree is refused or invalidated, a seal it endorses alone is committed as invalid, and the same
 *   requests endorsed by the three honest organisations commit.
 */
import { GatewayError, StatusCode } from '@hyperledger/fabric-gateway';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  type OpeningKeys,
  canonicalJson as canonical,
  generateOpeningKeyPair,
  sealBidContent,
} from '@procurement/contract';
import {
  chaincodeProcess,
  chaincodeServerSpec,
  ensureChaincode,
  readDeployed,
} from '../scripts/lib/chaincode';
import { ROOT } from '../scripts/lib/topology';
import { evaluateUntil, net, openerSession, sessionAs, type Session, utf8 } from './support/network';
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

/** A copy of the built chaincode that tampers with what it writes. */
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

  /** A real sealed bid of ACME's (arguments of bid:Seal), sealed to the registered keys. */
  async function sealArgs(): Promise<string[]> {
    const keys = JSON.parse(
      utf8(await vendor.contract.evaluateTransaction('openingKey:List')),
    ) as OpeningKeys;
    const sealed = await sealBidContent({
      tenderId,
      vendorId: 'ACME',
      content: { price: { amount: '100', currency: 'EUR' }, technicalProposal: {}, documents: [] },
      openingKeys: keys.keys,
      threshold: keys.threshold,
    });
    return [tenderId, sealed.nonce, canonical(sealed.envelope)];
  }

  it.each(['PublicWorksMSP', 'HealthMSP', 'SuppliersMSP'])(
    'when a seal is endorsed by the %s peer alone, then it is committed as invalid: a seal needs a majority',
    async (mspId) => {
      const commit = await vendor.contract.submitAsync('bid:Seal', {
        arguments: await sealArgs(),
        endorsingOrganizations: [mspId],
      });
      const status = await commit.getStatus();
      expect(status.code).toBe(StatusCode.ENDORSEMENT_POLICY_FAILURE);
    },
  );

  it('when a majority without Health endorses a change of Health’s opening key, then it is invalid: only Health can change it', async () => {
    const healthOpener = openerSession('Health');
    try {
      const before = utf8(await auditor.contract.evaluateTransaction('openingKey:List'));
      const pair = generateOpeningKeyPair();
      const commit = await healthOpener.contract.submitAsync('openingKey:Register', {
        arguments: [canonical({ keyId: pair.keyId, publicKey: pair.publicKey })],
        endorsingOrganizations: ['PublicWorksMSP', 'AuditMSP', 'SuppliersMSP'],
      });
      expect((await commit.getStatus()).code).toBe(StatusCode.ENDORSEMENT_POLICY_FAILURE);
      expect(utf8(await auditor.contract.evaluateTransaction('openingKey:List'))).toBe(before);
    } finally {
      healthOpener.close();
    }
  });

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

    it('when the tampering peer endorses a seal alone, then it is committed as invalid and writes nothing', async () => {
      const args = await sealArgs();
      const commit = await vendor.contract
        .submitAsync('bid:Seal', { arguments: args, endorsingOrganizations: ['HealthMSP'] })
        .catch((error: unknown) => {
          throw new Error(messagesOf(error));
        });
      const status = await commit.getStatus();
      expect(status.successful).toBe(false);
      expect(status.code).toBe(StatusCode.ENDORSEMENT_POLICY_FAILURE);
      const listed = JSON.parse(
        utf8(await vendor.contract.evaluateTransaction('bid:List', tenderId, '{}')),
      ) as { total: number };
      expect(listed.total).toBe(0);
    });
  });
});
