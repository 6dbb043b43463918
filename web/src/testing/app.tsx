/* istanbul ignore file -- test helper */
/** The whole portal rendered as a user meets it, over a scripted fetch: shared by the page tests. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen } from '@testing-library/react';

import { App } from '../App';
import { LiveEventsProvider } from '../api/events';
import { SessionProvider } from '../api/session';

export interface FetchCall {
  url: string;
  init: RequestInit | undefined;
}

/** A fetch that answers from a handler; what it was asked is kept for the assertions. */
export function fakeFetch(answer: (url: string, init?: RequestInit) => { status: number; body?: unknown }) {
  const calls: FetchCall[] = [];
  const fn = jest.fn((url: string, init?: RequestInit) => {
    calls.push({ url, init });
    const { status, body } = answer(url, init);
    return Promise.resolve({
      ok: status >= 200 && status < 300,
      status,
      statusText: String(status),
      body: null,
      json: () => Promise.resolve(body),
    });
  });
  return { fn, calls };
}

export function renderApp() {
  return render(
    <QueryClientProvider client={new QueryClient()}>
      <SessionProvider>
        <LiveEventsProvider>
          <App />
        </LiveEventsProvider>
      </SessionProvider>
    </QueryClientProvider>,
  );
}

/** Fills the login form and waits until the portal greets the user. */
export async function logIn(username: string, password: string): Promise<void> {
  fireEvent.change(screen.getByLabelText('User name'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('Password (enrolment secret)'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
  await screen.findByText(new RegExp(`Signed in as ${username}`));
}
