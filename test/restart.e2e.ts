/**
 * The network survives a restart from its data (as after a reboot): every process is stopped by its
 * recorded pid and `up` brings the same ledger back, which then accepts new transactions.
 */
import { peerHeight } from '../scripts/lib/channel';
import { down, up } from '../scripts/lib/network';
import { net, sessionAs, utf8 } from './support/network';

describe('restarting the network from its data', () => {
  it('when every process is stopped and started again, then the ledger is intact and accepts new writes', async () => {
    const [org] = net.topology.organisations;
    const before = await peerHeight(net.topology, net.paths, org!);
    expect(before).toBeGreaterThan(1);

    await down(net, { keepGateway: true });
    expect(net.procs.names().filter((n) => n !== 'gateway')).toEqual([]);
    await up(net);

    const after = await peerHeight(net.topology, net.paths, org!);
    expect(after).toBeGreaterThanOrEqual(before!);

    const officer = sessionAs('pw-officer');
    try {
      const id = `restart-${Date.now()}`;
      const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
      await officer.contract.submitTransaction(
        'tender:Create',
        JSON.stringify({
          id,
          title: 'Winter road maintenance',
          description: 'Gritting and snow clearance, three seasons.',
          cpv: '90620000-9',
          estimatedValue: { amount: '90000000', currency: 'EUR' },
          procedure: 'open',
          submissionDeadline: inDays(40),
          openingDeadline: inDays(45),
          awardCriteria: { method: 'lowestPrice' },
          evaluators: ['pw-eval-1'],
          documents: [],
        }),
      );
      expect(JSON.parse(utf8(await officer.contract.evaluateTransaction('tender:Get', id)))).toMatchObject({
        id,
      });
    } finally {
      officer.close();
    }
  });
});
