/**
 * The live event stream survives a gateway restart: a client that resumes with Last-Event-ID on a new
 * gateway process receives every later chaincode event exactly once, including events committed while
 * no gateway was running.
 */
import { ApiClient, type RunningGateway, startGateway } from './support/gateway';
import { sessionAs } from './support/network';
import { readEvents, type ServerSentEvent, tenderBody, uniqueId } from './support/procurement';

interface EventData {
  blockNumber: string | number;
  txId: string;
  eventName: string;
  payload: { tenderId?: string };
}

const tenderOf = (e: ServerSentEvent): string | undefined =>
  (JSON.parse(e.data) as EventData).payload.tenderId;

describe('the event stream across a gateway restart', () => {
  let gateway: RunningGateway;
  const prefix = uniqueId('ev');
  const ids = [1, 2, 3, 4].map((n) => `${prefix}-${String(n)}`);
  const ours = (events: ServerSentEvent[]): ServerSentEvent[] =>
    events.filter((e) => ids.includes(tenderOf(e) ?? ''));
  const sawTender = (id: string) => (events: ServerSentEvent[]) =>
    ours(events).some((e) => tenderOf(e) === id);

  beforeAll(async () => {
    gateway = await startGateway();
  });

  afterAll(async () => {
    await gateway.stop();
  });

  it('when a client opens the stream with no start, then it receives what is committed from then on', async () => {
    const officer = await ApiClient.login(gateway, 'pw-officer');
    const old = `${prefix}-old`;
    const id = `${prefix}-live`;
    const body = (tenderId: string) =>
      tenderBody(tenderId, { submissionInSeconds: 3600, openingInSeconds: 7200 });
    expect((await officer.post('/api/v1/tenders', body(old))).status).toBe(201);
    const reading = readEvents(
      gateway.baseUrl,
      officer.token!,
      '/api/v1/events',
      (events) => events.some((e) => tenderOf(e) === id),
      30_000,
    );
    // Give the stream a moment to open before the write it should see.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const created = await officer.post(
      '/api/v1/tenders',
      tenderBody(id, { submissionInSeconds: 3600, openingInSeconds: 7200 }),
    );
    expect(created.status).toBe(201);
    const { status, events } = await reading;
    expect(status).toBe(200);
    const seen = events.find((e) => tenderOf(e) === id);
    expect(seen?.event).toBe('TenderCreated');
    expect(events.some((e) => tenderOf(e) === old)).toBe(false);
  });

  it('when a client resumes with Last-Event-ID on a restarted gateway, then it gets every later event once, with no gap', async () => {
    const officer = await ApiClient.login(gateway, 'pw-officer');
    const created = await officer.post<{ blockNumber: number }>(
      '/api/v1/tenders',
      tenderBody(ids[0]!, { submissionInSeconds: 3600, openingInSeconds: 7200 }),
    );
    expect(created.status).toBe(201);
    const fromBlock = created.body.blockNumber;
    for (const id of ids.slice(1, 3)) {
      expect(
        (
          await officer.post(
            '/api/v1/tenders',
            tenderBody(id, { submissionInSeconds: 3600, openingInSeconds: 7200 }),
          )
        ).status,
      ).toBe(201);
    }

    // The client reads the first two of these events, then the gateway goes away.
    const before = await readEvents(
      gateway.baseUrl,
      officer.token!,
      `/api/v1/events?fromBlock=${String(fromBlock)}`,
      (events) => ours(events).length >= 2,
      30_000,
    );
    expect(ours(before.events).map(tenderOf).slice(0, 2)).toEqual(ids.slice(0, 2));
    const lastSeen = before.events.at(-1)?.id;
    expect(lastSeen).toMatch(/^\d+:[0-9a-f]{64}$/);
    const stateDir = gateway.stateDir;
    await gateway.stop();

    // While no gateway runs, the ledger moves on.
    const direct = sessionAs('pw-officer');
    try {
      await direct.contract.submitTransaction(
        'tender:Create',
        JSON.stringify(tenderBody(ids[3]!, { submissionInSeconds: 3600, openingInSeconds: 7200 })),
      );
    } finally {
      direct.close();
    }

    gateway = await startGateway({ stateDir });
    const again = await ApiClient.login(gateway, 'pw-officer');
    const after = await readEvents(
      gateway.baseUrl,
      again.token!,
      '/api/v1/events',
      sawTender(ids[3]!),
      30_000,
      {
        'last-event-id': lastSeen!,
      },
    );
    const whole = await readEvents(
      gateway.baseUrl,
      again.token!,
      `/api/v1/events?fromBlock=${String(fromBlock)}`,
      sawTender(ids[3]!),
      30_000,
    );

    // A read may run past the event it waited for (several frames arrive at once): compare up to it.
    const upToLast = (events: ServerSentEvent[]): ServerSentEvent[] =>
      events.slice(0, events.findIndex((e) => tenderOf(e) === ids[3]) + 1);
    const resumed = upToLast([...before.events, ...after.events]);
    const idsOf = (events: ServerSentEvent[]): (string | undefined)[] => events.map((e) => e.id);
    expect(new Set(idsOf(resumed)).size).toBe(resumed.length);
    expect(idsOf(resumed)).toEqual(idsOf(upToLast(whole.events)));
    expect(ours(resumed).map(tenderOf)).toEqual(ids);
  });
});
