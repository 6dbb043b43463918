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

/** An answer: a JSON body, or server-sent event frames (`stream`) that stay open as the gateway's do. */
export interface FakeAnswer {
  status: number;
  body?: unknown;
  stream?: string;
}

function openStream(text: string): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
    },
  });
}

/** Server-sent event frames as the gateway writes them, for a `stream` answer. */
export function sseFrames(
  events: readonly { blockNumber: number; txId: string; eventName: string; payload: object }[],
) {
  return events
    .map(
      (e) => `id: ${String(e.blockNumber)}:${e.txId}\nevent: ${e.eventName}\ndata: ${JSON.stringify(e)}\n\n`,
    )
    .join('');
}

/** A fetch that answers from a handler; what it was asked is kept for the assertions. */
export function fakeFetch(answer: (url: string, init?: RequestInit) => FakeAnswer) {
  const calls: FetchCall[] = [];
  const fn = jest.fn((url: string, init?: RequestInit) => {
    calls.push({ url, init });
    const { status, body, stream } = answer(url, init);
    return Promise.resolve({
      ok: status >= 200 && status < 300,
      status,
      statusText: String(status),
      body: stream === undefined ? null : openStream(stream),
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
