/**
 * The fault suite's short version (`npm run test:faults`, its own network): under a steady, bounded load
 * through the gateway (two officers create tenders, three vendors bid), nodes are killed by their
 * recorded pid (SIGKILL) and restarted: the Raft leader orderer, one agency peer, then two of the three
 * orderers (quorum lost). Every answer is recorded. The checks: no committed write is lost (every 2xx
 * txId is VALID on every peer afterwards), every failure is a clean 503/504 (never a 500 or a hang past
 * the request deadline), restarted nodes catch up with the same blocks, and every 504's Idempotency-Key
 * resolves to exactly one outcome. The figures (success, goodput against the baseline) are printed for
 * the README. The full version (more faults) is full.faults.ts.
 */
import { orderingLeader, peerHeight } from '../../scripts/lib/channel';
import { startOrderer } from '../../scripts/lib/nodes';
import { ordererOrganisations } from '../../scripts/lib/topology';
import { net } from '../support/network';
import {
  CATCH_UP_MS,
  cleanFailures,
  FaultRun,
  killByPid,
  ordererHeight,
  sleep,
  until,
  WINDOW_MS,
} from './harness';

describe('faults under a steady load (short version)', () => {
  const run = new FaultRun();
  const organisations = net.topology.organisations;
  const agency = organisations.find((o) => o.mspId === 'HealthMSP');

  beforeAll(() => run.start());

  afterAll(() => run.stop('fault suite figures'));

  it('Raft leader orderer killed: every answer is clean, and the restarted orderer catches up within 60 s', async () => {
    const leader = await orderingLeader(net.topology, net.paths);
    expect(leader).toBeDefined();
    const from = Date.now();
    killByPid(`orderer.${leader!.name}`);
    await sleep(WINDOW_MS);
    const to = Date.now();
    startOrderer(net.topology, net.paths, net.procs, leader!);
    const reference = organisations[0]!;
    const caughtUpMs = await until(
      'the restarted orderer catches up',
      async () =>
        (await ordererHeight(leader!)) >=
        ((await peerHeight(net.topology, net.paths, reference)) ?? Infinity),
      CATCH_UP_MS,
    );
    const during = await run.load.between(from, to);
    const f = run.report.record(
      'raft leader killed',
      during,
      WINDOW_MS,
      run.baseline,
      `orderer caught up in ${caughtUpMs} ms`,
    );
    expect(cleanFailures(during)).toEqual([]);
    expect(f.ok).toBeGreaterThan(0);
  });

  it('an agency peer killed: writes still commit through the others; its own users get a fast 503; it comes back level', async () => {
    await run.killPeer(agency!, organisations[0]!, 'agency peer killed');
  });

  it('quorum lost (2 of 3 orderers killed): clean 503/504 only, and after restore every 504 resolves to one outcome', async () => {
    const leader = await orderingLeader(net.topology, net.paths);
    const orderers = ordererOrganisations(net.topology);
    const victims = [
      leader ?? orderers[0]!,
      ...orderers.filter((o) => o.name !== (leader ?? orderers[0]!).name),
    ].slice(0, 2);
    const from = Date.now();
    for (const o of victims) killByPid(`orderer.${o.name}`);
    await sleep(WINDOW_MS);
    const to = Date.now();
    for (const o of victims) startOrderer(net.topology, net.paths, net.procs, o);
    await until(
      'a Raft leader again',
      async () => (await orderingLeader(net.topology, net.paths)) !== undefined,
      CATCH_UP_MS,
    );
    // Requests in flight when the orderers went are awaited to their answer.
    const during = await run.load.between(from, to);
    run.report.record('quorum lost', during, to - from, run.baseline);
    expect(cleanFailures(during)).toEqual([]);
    await run.expectTimeoutsResolve(during);
  });

  it('nothing committed is lost: every 2xx txId is VALID on every peer', async () => {
    await run.expectNothingLost();
  });
});
