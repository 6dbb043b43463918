/**
 * Proof that the network is real: a transaction signed by the PublicWorks officer is endorsed by a
 * majority of organisations and readable through the Audit peer, and the same transaction endorsed by
 * PublicWorks alone is committed as invalid and changes nothing.
 */
import { StatusCode } from '@hyperledger/fabric-gateway';
import { peerHeight } from '../scripts/lib/channel';
import { endorsersOf, evaluateUntil, net, sessionAs, type Session } from './support/network';
import { distantTenderJson } from './support/procurement';

function tenderInput(id: string): string {
  return distantTenderJson(id, { title: 'Resurfacing of the northern ring road' });
}

describe('the procurement network', () => {
  let officer: Session;
  let auditor: Session;

  beforeAll(() => {
    officer = sessionAs('pw-officer');
    auditor = sessionAs('auditor');
  });

  afterAll(() => {
    officer.close();
    auditor.close();
  });

  it('when the PublicWorks officer submits a transaction, then at least three organisations endorse it and the Audit peer reads it back', async () => {
    const id = `proof-${Date.now()}`;
    const commit = await officer.contract.submitAsync('tender:Create', { arguments: [tenderInput(id)] });
    const status = await commit.getStatus();
    expect(status.code).toBe(StatusCode.VALID);

    const endorsers = await endorsersOf(officer.network, commit.getTransactionId());
    expect(new Set(endorsers).size).toBeGreaterThanOrEqual(3);

    // A draft is visible to its own agency only (issue 10 §19): PublicWorks reads it back.
    const text = await evaluateUntil(officer, (r) => typeof r === 'string', 'tender:Get', id);
    const read = JSON.parse(text) as { id: string; agency: string };
    expect(read).toMatchObject({ id, agency: 'PublicWorksMSP' });
  });

  it('when only PublicWorks endorses, then the transaction is committed as invalid with ENDORSEMENT_POLICY_FAILURE and changes nothing', async () => {
    const id = `lone-${Date.now()}`;
    const commit = await officer.contract.submitAsync('tender:Create', {
      arguments: [tenderInput(id)],
      endorsingOrganizations: ['PublicWorksMSP'],
    });
    const status = await commit.getStatus();
    expect(status.code).toBe(StatusCode.ENDORSEMENT_POLICY_FAILURE);
    expect(status.successful).toBe(false);

    await expect(officer.contract.evaluateTransaction('tender:Get', id)).rejects.toThrow(/NOT_FOUND/);
  });

  it('when a block is committed, then the peers of all four organisations reach the same height', async () => {
    const heights = async () =>
      Promise.all(net.topology.organisations.map((org) => peerHeight(net.topology, net.paths, org)));
    const deadline = Date.now() + 20_000;
    let seen = await heights();
    while (new Set(seen).size !== 1 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      seen = await heights();
    }
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(1);
    expect(seen[0]).toBeGreaterThan(1);
  });
});
