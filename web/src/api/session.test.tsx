import { act, fireEvent, screen, waitFor } from '@testing-library/react';

import { fakeFetch, logIn as logInAs, renderApp } from '../testing/app';

const identity = { mspId: 'PublicWorksMSP', username: 'pw-officer', role: 'officer' };

function logIn(): Promise<void> {
  return logInAs('pw-officer', 'pw-officer-pw');
}

describe('the session', () => {
  const realFetch = global.fetch;
  afterEach(() => {
    global.fetch = realFetch;
    localStorage.clear();
    sessionStorage.clear();
  });

  it('keeps the token in memory only and sends it as a bearer token', async () => {
    const fake = fakeFetch((url) =>
      url.endsWith('/auth/login')
        ? { status: 200, body: { token: 'tok-1', expiresAt: '2030-01-01T00:00:00Z', identity } }
        : { status: 200, body: { items: [] } },
    );
    global.fetch = fake.fn as unknown as typeof fetch;
    renderApp();
    await logIn();
    await waitFor(() => {
      expect(fake.calls.some((c) => c.url.includes('/api/v1/tenders'))).toBe(true);
    });
    const tenders = fake.calls.find((c) => c.url.includes('/api/v1/tenders'));
    expect((tenders?.init?.headers as Record<string, string>).authorization).toBe('Bearer tok-1');
    expect(localStorage.length + sessionStorage.length).toBe(0);
    expect(document.cookie).toBe('');
  });

  it('shows the API’s refusal of a login', async () => {
    const fake = fakeFetch(() => ({
      status: 401,
      body: { error: { code: 'UNAUTHENTICATED', message: 'unknown user or wrong password' } },
    }));
    global.fetch = fake.fn as unknown as typeof fetch;
    renderApp();
    fireEvent.change(screen.getByLabelText('User name'), { target: { value: 'nobody' } });
    fireEvent.change(screen.getByLabelText('Password (enrolment secret)'), { target: { value: 'x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'UNAUTHENTICATED: unknown user or wrong password',
    );
  });

  it('logs out with a message when the gateway answers 401 to the token', async () => {
    let expired = false;
    const fake = fakeFetch((url) => {
      if (url.endsWith('/auth/login'))
        return { status: 200, body: { token: 'tok-2', expiresAt: '2030-01-01T00:00:00Z', identity } };
      if (expired)
        return { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'token expired' } } };
      return { status: 200, body: { items: [] } };
    });
    global.fetch = fake.fn as unknown as typeof fetch;
    renderApp();
    await logIn();
    expired = true;
    await act(async () => {
      fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'published' } });
      await Promise.resolve();
    });
    await screen.findByText(/Your session has ended/);
    expect(screen.getByRole('button', { name: 'Log in' })).toBeTruthy();
    expect(screen.queryByText(/Signed in as/)).toBeNull();
  });
});
