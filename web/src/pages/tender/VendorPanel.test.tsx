import {
  bidIdFor,
  generateOpeningKeyPair,
  importOpeningPrivateKey,
  openEnvelope,
  prepareRelease,
  type SealedBidEnvelope,
} from '@procurement/contract';
import { tender as tenderRecord } from '@procurement/contract/testing';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen } from '@testing-library/react';

import { SessionProvider, useSession } from '../../api/session';
import { VendorPanel } from './VendorPanel';

const ORGS = ['PublicWorksMSP', 'HealthMSP', 'AuditMSP', 'SuppliersMSP'];
const pairs = ORGS.map((organisation) => ({ organisation, pair: generateOpeningKeyPair() }));
const tender = tenderRecord({ id: 'T-9', status: 'published' });

interface Posted {
  nonce: string;
  envelope: SealedBidEnvelope;
}

/** The gateway as far as this panel talks to it; what was posted is kept. */
function fakeGateway(posted: Posted[]) {
  return jest.fn((url: string, init?: RequestInit) => {
    let body: unknown = { items: [], total: 0 };
    if (url.endsWith('/auth/login'))
      body = {
        token: 't',
        expiresAt: '2030-01-01T00:00:00Z',
        identity: { mspId: 'SuppliersMSP', username: 'vendor-acme', role: 'vendor', vendorId: 'ACME' },
      };
    if (url.endsWith('/opening-keys'))
      body = {
        threshold: 3,
        keys: pairs.map(({ organisation, pair }) => ({
          organisation,
          keyId: pair.keyId,
          publicKey: pair.publicKey,
        })),
      };
    if (url.endsWith('/bids') && init?.method === 'POST') {
      const sent = JSON.parse(init.body as string) as Posted;
      posted.push(sent);
      body = {
        tenderId: tender.id,
        bidId: bidIdFor(tender.id, 'ACME', sent.nonce),
        vendorId: 'ACME',
        commitment: 'c'.repeat(64),
        committedAt: '2030-01-01T00:00:00Z',
        txId: 'tx-seal',
        blockNumber: 12,
        status: 'sealed',
        beforeAmendment: false,
      };
    }
    const status = url.endsWith('/bids') && init?.method === 'POST' ? 201 : 200;
    return Promise.resolve({
      ok: true,
      status,
      statusText: 'OK',
      body: null,
      json: () => Promise.resolve(body),
    });
  });
}

function SignedIn() {
  const { identity, login } = useSession();
  if (!identity) {
    void login('SuppliersMSP', 'vendor-acme', 'pw');
    return null;
  }
  return <VendorPanel tender={tender} />;
}

describe('the vendor’s sealed bid', () => {
  const realFetch = global.fetch;
  afterEach(() => {
    global.fetch = realFetch;
  });

  it('is sealed in the browser: only the nonce and the envelope leave, and t organisations can open it', async () => {
    const posted: Posted[] = [];
    global.fetch = fakeGateway(posted) as unknown as typeof fetch;
    render(
      <QueryClientProvider client={new QueryClient()}>
        <SessionProvider>
          <SignedIn />
        </SessionProvider>
      </QueryClientProvider>,
    );
    fireEvent.change(await screen.findByLabelText('Price (EUR)'), { target: { value: '812345.67' } });
    fireEvent.change(screen.getByLabelText('Technical approach'), { target: { value: 'Cold milling' } });
    await screen.findByText(/when 3 of the 4 organisations release their key shares/);
    fireEvent.click(screen.getByRole('button', { name: 'Seal and submit the bid' }));
    const receipt = await screen.findByTestId('receipt-bid');

    expect(posted).toHaveLength(1);
    const [sent] = posted;
    if (!sent) throw new Error('nothing posted');
    expect(Object.keys(sent).sort()).toEqual(['envelope', 'nonce']);
    const wire = JSON.stringify(sent);
    expect(wire).not.toContain('81234567');
    expect(wire).not.toContain('Cold milling');
    const bidId = bidIdFor(tender.id, 'ACME', sent.nonce);
    expect(receipt.textContent).toBe(bidId);
    expect(screen.getByText('transaction tx-seal', { exact: false })).toBeTruthy();

    // Three organisations' shares open it to exactly what the vendor typed.
    const released = pairs.slice(0, 3).flatMap(({ organisation, pair }) =>
      prepareRelease({
        tenderId: tender.id,
        organisation,
        pending: [{ bidId, envelope: sent.envelope }],
        privateKeys: new Map([[pair.keyId, importOpeningPrivateKey(pair.privateJwk)]]),
      }).shares.map((s) => ({ organisation, share: s.share })),
    );
    const opened = await openEnvelope(
      sent.envelope,
      { tenderId: tender.id, bidId, vendorId: 'ACME' },
      released,
    );
    if (!opened.ok) throw new Error(opened.reason);
    expect(JSON.parse(new TextDecoder().decode(opened.value))).toEqual({
      documents: [],
      price: { amount: '81234567', currency: 'EUR' },
      technicalProposal: { approach: 'Cold milling', weeks: 0 },
    });
  });
});
