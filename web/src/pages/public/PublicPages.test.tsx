import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';

import { App } from '../../App';
import { LiveEventsProvider } from '../../api/events';
import { SessionProvider } from '../../api/session';

const TX = 'a'.repeat(64);
const detail = {
  id: 'T-1',
  ocid: 'ocds-abc-T-1',
  title: 'Harbour road',
  description: 'Resurfacing',
  cpv: '45233140-2',
  agency: 'PublicWorksMSP',
  procedure: 'open',
  status: 'awarded',
  estimatedValue: { amount: '90000000', currency: 'EUR' },
  awardCriteria: { method: 'lowestPrice' },
  submissionDeadline: '2026-07-01T10:00:00Z',
  openingDeadline: '2026-07-01T10:05:00Z',
  amendments: 0,
  updatedAt: '2026-07-01T11:00:00Z',
  timeline: [
    {
      txId: TX,
      blockNumber: '7',
      time: '2026-06-01T10:00:00Z',
      organisation: 'PublicWorksMSP',
      event: 'TenderPublished',
    },
  ],
  bids: [
    {
      bidId: 'b-1',
      vendor: { vendorId: 'ACME', legalName: 'Acme Ltd' },
      price: { amount: '81234567', currency: 'EUR' },
      status: 'opened',
    },
  ],
  award: {
    tenderId: 'T-1',
    ocid: 'ocds-abc-T-1',
    agency: 'PublicWorksMSP',
    vendor: { vendorId: 'ACME', legalName: 'Acme Ltd' },
    price: { amount: '81234567', currency: 'EUR' },
    cpv: '45233140-2',
    awardedAt: '2026-07-01T11:00:00Z',
    standstillEndsAt: '2026-07-11T11:00:00Z',
    status: 'standstill',
    txId: 'b'.repeat(64),
  },
  redFlags: [],
};

describe('the public register, without logging in', () => {
  const realFetch = global.fetch;
  afterEach(() => {
    global.fetch = realFetch;
    window.history.pushState(null, '', '/');
  });

  it('shows a tender’s timeline with proof links, its opened bids, its award and its OCDS record, with no token', async () => {
    const calls: { url: string; init?: RequestInit }[] = [];
    global.fetch = jest.fn((url: string, init?: RequestInit) => {
      calls.push({ url, init });
      return Promise.resolve({
        ok: true,
        status: 200,
        statusText: 'OK',
        body: null,
        json: () => Promise.resolve(detail),
      });
    }) as unknown as typeof fetch;
    window.history.pushState(null, '', '/register/tenders/T-1');
    render(
      <QueryClientProvider client={new QueryClient()}>
        <SessionProvider>
          <LiveEventsProvider>
            <App />
          </LiveEventsProvider>
        </SessionProvider>
      </QueryClientProvider>,
    );
    await screen.findByRole('heading', { name: /Harbour road/ });
    expect(calls.map((c) => c.url)).toEqual(['/public/v1/tenders/T-1']);
    expect((calls[0]?.init?.headers as Record<string, string>).authorization).toBeUndefined();
    expect(screen.getByText(/TenderPublished by PublicWorksMSP/)).toBeTruthy();
    const proof = screen.getByRole('link', { name: /proof aaaaaaaaaaaa/ });
    expect(proof.getAttribute('href')).toBe(`/register/proof/${TX}`);
    expect(screen.getByRole('table', { name: 'Bids' }).textContent).toContain('812,345.67');
    expect(screen.getByText(/Awarded to Acme Ltd \(ACME\) for/)).toBeTruthy();
    const ocds = screen.getByRole('link', { name: 'Download the OCDS record (JSON)' });
    expect(ocds.getAttribute('href')).toBe('/public/v1/records/ocds-abc-T-1');
  });
});
