import './styles.css';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './App';
import { LiveEventsProvider } from './api/events';
import { SessionProvider } from './api/session';

const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 2_000, refetchOnWindowFocus: true } },
});

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <LiveEventsProvider>
            <App />
          </LiveEventsProvider>
        </SessionProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}
