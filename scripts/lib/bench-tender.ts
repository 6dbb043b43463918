/**
 * A published tender whose submission deadline is far enough ahead for a benchmark to bid on it, shared
 * by `npm run bench` and `npm run bench:caliper`. Shortens the policy's minimum periods once (proposed
 * by one auditor, approved by another) so a benchmark's tenders can close within minutes.
 */
import type { Contract } from '@hyperledger/fabric-gateway';
import { connectAs, type UserConnection } from './fabric-client';
import type { Network } from './network';

/**
 * `tender:Publish` is endorsed by a majority, and the create was only awaited on the officer's own peer:
 * a peer that has not committed the create yet refuses with NOT_FOUND. Retried for up to 20 s.
 */
async function publishOnceEveryPeerHasIt(contract: Contract, id: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await contract.submitTransaction('tender:Publish', id);
      return;
    } catch (error) {
      const text = `${String(error)} ${JSON.stringify((error as { details?: unknown }).details ?? '')}`;
      if (attempt >= 40 || !text.includes(`NOT_FOUND: no tender ${id}`)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

export async function publishTender(net: Network, id: string, submissionInSeconds = 30 * 60): Promise<void> {
  const pw = net.topology.organisations.find((o) => o.mspId === 'PublicWorksMSP');
  const audit = net.topology.organisations.find((o) => o.mspId === 'AuditMSP');
  if (!pw || !audit) throw new Error('PublicWorks and Audit organisations are needed');
  const auditor = connectAs(net.topology, net.paths, audit, 'auditor');
  const officer = connectAs(net.topology, net.paths, pw, 'pw-officer');
  try {
    const policy = await contractOf(net, auditor).evaluateTransaction('policy:Get');
    const current = JSON.parse(Buffer.from(policy).toString()) as { minSubmissionSeconds: { open: number } };
    if (current.minSubmissionSeconds.open > 60) {
      // A policy change is proposed by one auditor and approved by another (issue 10 §13).
      const proposed = await contractOf(net, auditor).submitTransaction(
        'policy:Propose',
        JSON.stringify({
          minSubmissionSeconds: { open: 5, restricted: 5 },
          minRevealSeconds: 5,
          maxRevealSeconds: 3600,
          standstillSeconds: 5,
          amendmentExtensionSeconds: 5,
          minPriceWeight: 20,
          scoringSeconds: 3600,
          clockToleranceSeconds: 30,
          reason: 'benchmark periods',
        }),
      );
      const { proposalId } = JSON.parse(Buffer.from(proposed).toString()) as { proposalId: string };
      const second = connectAs(net.topology, net.paths, audit, 'auditor-2');
      try {
        await contractOf(net, second).submitTransaction('policy:Approve', proposalId, 'benchmark run');
      } finally {
        second.close();
      }
    }
    const at = (seconds: number): string => new Date(Date.now() + seconds * 1000).toISOString();
    const tender = {
      id,
      title: 'Benchmark tender',
      description: 'Sealed-bid throughput measurement',
      cpv: '45000000-7',
      estimatedValue: { amount: '100000000', currency: 'EUR' },
      procedure: 'open',
      submissionDeadline: at(submissionInSeconds),
      openingDeadline: at(submissionInSeconds + 10 * 60),
      awardCriteria: { method: 'lowestPrice' },
      evaluators: ['pw-eval-1'],
      documents: [],
    };
    await contractOf(net, officer).submitTransaction('tender:Create', JSON.stringify(tender));
    await publishOnceEveryPeerHasIt(contractOf(net, officer), id);
  } finally {
    auditor.close();
    officer.close();
  }
}

/** The procurement chaincode as `conn`'s user sees it. */
export function contractOf(net: Network, conn: UserConnection): Contract {
  return conn.gateway.getNetwork(net.topology.channel).getContract(net.topology.chaincode.name);
}
