import { fireEvent, screen, waitFor } from '@testing-library/react';

import { type FakeAnswer, fakeFetch, logIn, renderApp, sseFrames } from '../../testing/app';

const LOGIN = {
  token: 'tok',
  expiresAt: '2030-01-01T00:00:00Z',
  identity: { mspId: 'AuditMSP', username: 'auditor', role: 'auditor' },
};

/** Newest first, as the gateway lists them: only the standstill ones can still be challenged. */
const award = (tenderId: string, status: string, tx: string) => ({
  tenderId,
  status,
  txId: tx.repeat(64),
});

const CHALLENGE = {
  challengeId: 'c-1',
  tenderId: 'T-2',
  vendorId: 'BOLT',
  reason: 'abnormally low price',
  lodgedAt: '2026-07-01T11:00:00Z',
  status: 'open',
};

/** The gateway's answers, with awards as given; the stream from block 41 holds one challenge. */
function gateway(awards: object[]) {
  return (url: string): FakeAnswer => {
    if (url.endsWith('/auth/login')) return { status: 200, body: LOGIN };
    if (url.includes('/api/v1/awards')) return { status: 200, body: { items: awards } };
    if (url.includes('/public/v1/proof/')) return { status: 200, body: { blockNumber: '41' } };
    if (url.includes('/api/v1/events?fromBlock=41'))
      return {
        status: 200,
        stream: sseFrames([
          { blockNumber: 41, txId: 'e'.repeat(64), eventName: 'AwardMade', payload: { tenderId: 'T-2' } },
          {
            blockNumber: 44,
            txId: 'f'.repeat(64),
            eventName: 'ChallengeLodged',
            payload: { tenderId: 'T-2', challengeId: 'c-1', vendorId: 'BOLT', status: 'open' },
          },
        ]),
      };
    if (url.includes('/api/v1/challenges/c-1')) return { status: 200, body: CHALLENGE };
    return { status: 200, body: { items: [] } };
  };
}

describe('the challenges page', () => {
  const realFetch = global.fetch;
  afterEach(() => {
    global.fetch = realFetch;
    window.history.pushState(null, '', '/');
  });

  const eventUrls = (calls: { url: string }[]) =>
    calls.map((c) => c.url).filter((u) => u.includes('/events'));

  it('when awards are in standstill, then the stream is read from the oldest one’s block (never block 0) and its challenges shown', async () => {
    const { fn, calls } = fakeFetch(
      gateway([
        award('T-3', 'standstill', 'b'),
        award('T-1', 'contracted', 'c'),
        award('T-2', 'standstill', 'a'),
      ]),
    );
    global.fetch = fn as unknown as typeof fetch;
    renderApp();
    await logIn('auditor', 'auditor-pw');
    fireEvent.click(screen.getByRole('link', { name: 'Challenges' }));
    await screen.findByText(/abnormally low price/);
    expect(calls.some((c) => c.url.endsWith(`/public/v1/proof/${'a'.repeat(64)}`))).toBe(true);
    expect(calls.some((c) => c.url.includes('/awards?pageSize=50'))).toBe(true);
    const streams = eventUrls(calls);
    expect(streams).toContain('/api/v1/events?fromBlock=41');
    expect(streams.some((u) => u.includes('fromBlock=0'))).toBe(false);
    expect(screen.getByRole('radio', { name: 'dismiss' })).toBeTruthy();
  });

  it('when no award is in standstill, then nothing from the past is replayed: only the live stream is read', async () => {
    const { fn, calls } = fakeFetch(
      gateway([award('T-1', 'contracted', 'c'), award('T-0', 'annulled', 'd')]),
    );
    global.fetch = fn as unknown as typeof fetch;
    renderApp();
    await logIn('auditor', 'auditor-pw');
    fireEvent.click(screen.getByRole('link', { name: 'Challenges' }));
    await screen.findByText('None yet.');
    await waitFor(() => {
      expect(eventUrls(calls).length).toBeGreaterThan(0);
    });
    expect(eventUrls(calls).every((u) => u.endsWith('/api/v1/events'))).toBe(true);
    expect(calls.some((c) => c.url.includes('/public/v1/proof/'))).toBe(false);
  });
});
