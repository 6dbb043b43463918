/**
 * SmartBFT ordering (run by `npm run test:bft`, with `NETWORK_ORDERING=bft`): four consenters, one per
 * organisation, so f = 1. With the leader's ordering node stopped in the middle of a burst of writes,
 * every write still commits, on every peer, and nothing is lost; the node catches up once restarted.
 */
import { StatusCode } from '@hyperledger/fabric-gateway';
import { orderingLeader, peerHeight } from '../../scripts/lib/channel';
import { startOrderer } from '../../scripts/lib/nodes';
import { operationsGet } from '../../scripts/lib/operations';
import { ordererOrganisations } from '../../scripts/lib/topology';
import { net, sessionAs, type Session } from '../support/network';
import { distantTenderJson } from '../support/procurement';

describe('SmartBFT ordering, one orderer per organisation', () => {
  let officer: Session;

  beforeAll(() => {
    officer = sessionAs('pw-officer');
  });

  afterAll(() => {
    officer.close();
  });

  it('when the network runs BFT, then four organisations each run a consenter', () => {
    expect(net.topology.ordering).toBe('bft');
    expect(ordererOrganisations(net.topology).map((o) => o.mspId)).toEqual([
      'PublicWorksMSP',
      'HealthMSP',
      'AuditMSP',
      'SuppliersMSP',
    ]);
  });

  it('when the leader’s orderer is stopped during a burst of writes, then every write commits and none is lost', async () => {
    const leader = await orderingLeader(net.topology, net.paths);
    expect(leader).toBeDefined();
    if (!leader) return;
    const stamp = Date.now();
    const ids = Array.from({ length: 24 }, (_, i) => `bft-${stamp}-${i}`);
    const outcomes = ids.map(async (id, i) => {
      // Spread the burst so that part of it is in flight when the leader goes.
      await new Promise((resolve) => setTimeout(resolve, i * 150));
      const commit = await officer.contract.submitAsync('tender:Create', {
        arguments: [distantTenderJson(id, { title: 'Winter road maintenance' })],
      });
      return (await commit.getStatus()).code;
    });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await net.procs.stop(`orderer.${leader.name}`);
    const codes = await Promise.all(outcomes);
    expect(codes.every((c) => c === StatusCode.VALID)).toBe(true);
    // Read on the Audit peer (another organisation's), as the owning agency: drafts are its own alone.
    for (const id of ids) {
      const bytes = await officer.contract.evaluate('tender:Get', {
        arguments: [id],
        endorsingOrganizations: ['AuditMSP'],
      });
      expect(JSON.parse(Buffer.from(bytes).toString())).toMatchObject({ id });
    }

    startOrderer(net.topology, net.paths, net.procs, leader);
    const target = await peerHeight(net.topology, net.paths, leader);
    expect(target).toBeDefined();
    const deadline = Date.now() + 60_000;
    let caughtUp = false;
    while (!caughtUp && Date.now() < deadline) {
      const res = await operationsGet(net.paths, leader, leader.orderer.operationsPort, '/metrics').catch(
        () => undefined,
      );
      const body = res?.body ?? '';
      const match = new RegExp(`ledger_blockchain_height\\{channel="${net.topology.channel}"\\} (\\d+)`).exec(
        body,
      );
      caughtUp = match !== null && Number(match[1]) >= (target ?? Number.MAX_SAFE_INTEGER);
      if (!caughtUp) await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    expect(caughtUp).toBe(true);
  });
});
