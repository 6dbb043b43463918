import { fireEvent, screen, within } from '@testing-library/react';

import { fakeFetch, logIn, renderApp } from '../../testing/app';

const POLICY = {
  minSubmissionSeconds: { open: 4, restricted: 4 },
  minRevealSeconds: 4,
  maxRevealSeconds: 86400,
  standstillSeconds: 10,
  amendmentExtensionSeconds: 8,
  minPriceWeight: 20,
  scoringSeconds: 3600,
  clockToleranceSeconds: 30,
};

describe('the policy page', () => {
  const realFetch = global.fetch;
  afterEach(() => {
    global.fetch = realFetch;
    window.history.pushState(null, '', '/');
  });

  it('when the policy has changed, then its history is read from /policy/history (newest first, with reasons), not replayed from the event stream', async () => {
    const { fn, calls } = fakeFetch((url) => {
      if (url.endsWith('/auth/login'))
        return {
          status: 200,
          body: {
            token: 'tok',
            expiresAt: '2030-01-01T00:00:00Z',
            identity: { mspId: 'AuditMSP', username: 'auditor', role: 'auditor' },
          },
        };
      if (url.endsWith('/api/v1/policy/history'))
        return {
          status: 200,
          body: {
            items: [
              {
                txId: 'a'.repeat(64),
                timestamp: '2026-01-01T10:00:00Z',
                policy: { ...POLICY, reason: 'first policy' },
              },
              {
                txId: 'b'.repeat(64),
                timestamp: '2026-02-01T10:00:00Z',
                policy: { ...POLICY, reason: 'shorter standstill' },
              },
            ],
          },
        };
      if (url.endsWith('/api/v1/policy')) return { status: 200, body: POLICY };
      return { status: 404, body: { error: { code: 'NOT_FOUND', message: 'none' } } };
    });
    global.fetch = fn as unknown as typeof fetch;
    renderApp();
    await logIn('auditor', 'auditor-pw');
    fireEvent.click(screen.getByRole('link', { name: 'Policy' }));
    await screen.findByText(/shorter standstill/);
    const history = screen.getByText(/shorter standstill/).closest('ol');
    expect(history).not.toBeNull();
    const items = within(history as HTMLElement).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      expect.stringContaining('shorter standstill'),
      expect.stringContaining('first policy'),
    ]);
    expect(items[0]?.textContent).toContain('b'.repeat(64));
    expect(calls.some((c) => c.url.includes('/events?fromBlock'))).toBe(false);
  });
});
