/**
 * Deadlines hold by the endorsing peers' clocks too (issue 10 §2), on the real network: every
 * organisation's chaincode process except PublicWorks' runs with its clock 20 s ahead (within the
 * transit tolerance, so no CLOCK_SKEW), set through PROCUREMENT_CLOCK_OFFSET_MS_<ORG>. An amendment
 * dated 10 s before the submission deadline then reaches endorsers that are past it: it is refused as
 * DEADLINE_PASSED and the tender is unchanged. Then cancelling the tender after its opening deadline
 * needs the auditor's approval on the ledger (§20).
 */
import { CLOCK_OFFSET_ENV, type Tender } from '@procurement/contract';
import { chaincodeProcess, ensureChaincode } from '../scripts/lib/chaincode';
import type { Organisation } from '../scripts/lib/topology';
import { ApiClient, type RunningGateway, startGateway, waitUntil } from './support/gateway';
import { net, type Session, sessionAs } from './support/network';
import {
  expectRefusal,
  expectStatus,
  ledgerRead,
  loginAll,
  tenderBody,
  uniqueId,
  useShortPolicy,
} from './support/procurement';

const AHEAD_MS = 20_000;
const skewed = (): Organisation[] => net.topology.organisations.filter((o) => o.mspId !== 'PublicWorksMSP');
const offsetVariable = (org: Organisation): string => `${CLOCK_OFFSET_ENV}_${org.name.toUpperCase()}`;

/** Restarts the chaincode processes of the skewed organisations with (or without) the clock offset. */
async function restartChaincode(offsetMs: number | undefined): Promise<void> {
  for (const org of skewed()) {
    await net.procs.stop(chaincodeProcess(org));
    if (offsetMs === undefined) Reflect.deleteProperty(process.env, offsetVariable(org));
    else process.env[offsetVariable(org)] = String(offsetMs);
  }
  await ensureChaincode(net.topology, net.paths, net.procs);
}

describe('deadlines by the endorsers’ clocks', () => {
  let gw: RunningGateway;
  let auditor: ApiClient;
  let officer: ApiClient;
  let ledger: Session;
  const id = uniqueId('clock');
  let tender: Tender;

  beforeAll(async () => {
    gw = await startGateway();
    [auditor, officer] = await loginAll(gw, ['auditor', 'pw-officer']);
    ledger = sessionAs('auditor');
    await useShortPolicy(gw, auditor);
    await restartChaincode(AHEAD_MS);
  });

  afterAll(async () => {
    await restartChaincode(undefined);
    ledger.close();
    await gw.stop();
  });

  it('when the endorsers’ clocks run 20 s ahead, then writes well before a deadline still go through', async () => {
    expectStatus(
      await officer.post(
        '/api/v1/tenders',
        tenderBody(id, { submissionInSeconds: 60, openingInSeconds: 75 }),
      ),
      201,
    );
    const published = await officer.post<Tender>(`/api/v1/tenders/${id}/publish`);
    expectStatus(published, 200);
    const amended = await officer.post<Tender>(`/api/v1/tenders/${id}/amendments`, {
      reason: 'clarify the scope',
      changes: { title: 'Resurfacing of the northern ring road, lot 1' },
    });
    expectStatus(amended, 200);
    tender = amended.body;
    expect(tender.amendments).toHaveLength(1);
  });

  it('when an amendment is dated before the submission deadline but endorsers are past it, then 409 DEADLINE_PASSED and the tender is unchanged', async () => {
    await waitUntil(new Date(Date.parse(tender.submissionDeadline) - 10_000).toISOString(), 0);
    const late = await officer.post(`/api/v1/tenders/${id}/amendments`, {
      reason: 'a last-minute change after seeing who bid',
      changes: { title: 'Changed at the last second' },
    });
    expectRefusal(late, 409, 'DEADLINE_PASSED');
    const onLedger = await ledgerRead<Tender>(ledger, 'tender:Get', id);
    expect([onLedger.title, onLedger.amendments.length, onLedger.submissionDeadline]).toEqual([
      tender.title,
      1,
      tender.submissionDeadline,
    ]);
  });

  it('when the officer cancels after the opening deadline, then it needs the auditor’s approval on the ledger first', async () => {
    await waitUntil(tender.openingDeadline);
    expectRefusal(
      await officer.post(`/api/v1/tenders/${id}/cancel`, { reason: 'prices too high' }),
      409,
      'CONFLICT',
    );
    expect((await ledgerRead<Tender>(ledger, 'tender:Get', id)).status).toBe('published');
    expectRefusal(
      await officer.post(`/api/v1/tenders/${id}/cancel-approval`, { reason: 'self-approval' }),
      403,
      'NOT_AUTHORISED',
    );
    expectStatus(
      await auditor.post(`/api/v1/tenders/${id}/cancel-approval`, { reason: 'no valid bid' }),
      200,
    );
    const cancelled = await officer.post<Tender>(`/api/v1/tenders/${id}/cancel`, { reason: 'no valid bid' });
    expectStatus(cancelled, 200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellation: { approvedBy: 'auditor' } });
  });
});
