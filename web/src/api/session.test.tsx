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

  it('asks an onboarded user to choose a password when the gateway requires it, then sends it with the one-time secret', async () => {
    const vendor = { mspId: 'PublicWorksMSP', username: 'new-vendor', role: 'vendor', vendorId: 'NEW' };
    const fake = fakeFetch((url, init) => {
      if (!url.endsWith('/auth/login')) return { status: 200, body: { items: [] } };
      const body = JSON.parse(init?.body as string) as { newPassword?: string };
      if (body.newPassword === undefined)
        return {
          status: 403,
          body: { error: { code: 'PASSWORD_CHANGE_REQUIRED', message: 'choose a password' } },
        };
      if (body.newPassword === 'short')
        return {
          status: 400,
          body: {
            error: {
              code: 'INVALID_ARGUMENT',
              message: 'newPassword must be at least 12 characters',
              details: { field: 'newPassword' },
            },
          },
        };
      return { status: 200, body: { token: 'tok-3', expiresAt: '2030-01-01T00:00:00Z', identity: vendor } };
    });
    global.fetch = fake.fn as unknown as typeof fetch;
    renderApp();
    fireEvent.change(screen.getByLabelText('User name'), { target: { value: 'new-vendor' } });
    fireEvent.change(screen.getByLabelText('Password (enrolment secret)'), { target: { value: 'one-time' } });
    fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
    const heading = await screen.findByRole('heading', { name: 'Choose your own password' });
    expect(document.activeElement).toBe(heading);
    expect(screen.queryByRole('alert')).toBeNull();
    const chosen = screen.getByLabelText('New password');
    expect(chosen.getAttribute('aria-describedby')).toBeTruthy();

    // Two different entries never reach the gateway.
    const before = fake.calls.length;
    fireEvent.change(chosen, { target: { value: 'my own long password' } });
    fireEvent.change(screen.getByLabelText('New password again'), { target: { value: 'something else' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set my password and log in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The two new passwords differ.');
    expect(fake.calls).toHaveLength(before);

    // The gateway's refusal of the password is shown at the field.
    fireEvent.change(chosen, { target: { value: 'short' } });
    fireEvent.change(screen.getByLabelText('New password again'), { target: { value: 'short' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set my password and log in' }));
    await screen.findByText(/must be at least 12 characters/, { selector: '.field-error' });
    expect(screen.getByLabelText('New password').getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(chosen, { target: { value: 'my own long password' } });
    fireEvent.change(screen.getByLabelText('New password again'), {
      target: { value: 'my own long password' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Set my password and log in' }));
    await screen.findByText(/Signed in as new-vendor/);
    const sent = fake.calls.filter((c) => c.url.endsWith('/auth/login')).at(-1);
    expect(JSON.parse(sent?.init?.body as string)).toEqual({
      mspId: 'PublicWorksMSP',
      username: 'new-vendor',
      password: 'one-time',
      newPassword: 'my own long password',
    });
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
