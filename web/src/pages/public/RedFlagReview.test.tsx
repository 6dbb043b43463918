import { fireEvent, screen, waitFor } from '@testing-library/react';

import { fakeFetch, logIn, renderApp } from '../../testing/app';

const FLAG = {
  flagId: `${'c'.repeat(64)}-R018`,
  code: 'R018',
  tenderId: 'T-1',
  agency: 'PublicWorksMSP',
  raisedAt: '2026-07-01T11:00:00Z',
  txId: 'c'.repeat(64),
  status: 'raised',
  evidence: {},
};

describe('red flags on the register', () => {
  const realFetch = global.fetch;
  afterEach(() => {
    global.fetch = realFetch;
    window.history.pushState(null, '', '/');
  });

  it('when the auditor marks a flag reviewed with a note, then the review is sent for that flag and its transaction shown', async () => {
    const { fn, calls } = fakeFetch((url) => ({
      status: 200,
      body: url.endsWith('/auth/login')
        ? {
            token: 'tok',
            expiresAt: '2030-01-01T00:00:00Z',
            identity: { mspId: 'AuditMSP', username: 'auditor', role: 'auditor' },
          }
        : url.includes('/review')
          ? { ...FLAG, status: 'reviewed', txId: 'd'.repeat(64), blockNumber: 12 }
          : { items: url.includes('red-flags') ? [FLAG] : [] },
    }));
    global.fetch = fn as unknown as typeof fetch;
    renderApp();
    await logIn('auditor', 'auditor-pw');
    fireEvent.click(screen.getByRole('link', { name: 'Red flags' }));
    fireEvent.change(await screen.findByLabelText('Review note'), {
      target: { value: 'explained by the agency' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Mark reviewed' }));
    await waitFor(() => {
      expect(calls.some((c) => c.url.endsWith(`/api/v1/red-flags/${FLAG.flagId}/review`))).toBe(true);
    });
    const review = calls.find((c) => c.url.includes('/review'));
    expect(JSON.parse(review?.init?.body as string)).toEqual({ note: 'explained by the agency' });
    await screen.findByText(/committed in transaction d{64}/);
  });

  it('when a flag has been reviewed, then the register shows the auditor’s note and offers no second review', async () => {
    const reviewed = {
      ...FLAG,
      status: 'reviewed',
      review: { note: 'explained by the agency', at: '2026-07-02T09:00:00Z' },
    };
    const { fn } = fakeFetch((url) => ({
      status: 200,
      body: url.endsWith('/auth/login')
        ? {
            token: 'tok',
            expiresAt: '2030-01-01T00:00:00Z',
            identity: { mspId: 'AuditMSP', username: 'auditor', role: 'auditor' },
          }
        : { items: url.includes('red-flags') ? [reviewed] : [] },
    }));
    global.fetch = fn as unknown as typeof fetch;
    renderApp();
    await logIn('auditor', 'auditor-pw');
    fireEvent.click(screen.getByRole('link', { name: 'Red flags' }));
    await screen.findByText(/Review: explained by the agency/);
    expect(screen.queryByLabelText('Review note')).toBeNull();
  });
});
