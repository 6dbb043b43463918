/**
 * Who is signed in. The token exists only in memory (this context and the API client): nothing is
 * written to localStorage, sessionStorage or cookies, so closing the tab ends the session.
 */
import type { ComponentOf, Role } from '@procurement/contract';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';

import { t } from '../i18n';
import { ApiClient } from './client';

export type Identity = ComponentOf<'Identity'>;

export interface Session {
  api: ApiClient;
  identity: Identity | undefined;
  /** A message shown on the login page (why the user was logged out). */
  notice: string | undefined;
  /** `newPassword`: the user's own password, at the first login after onboarding. */
  login: (mspId: string, username: string, password: string, newPassword?: string) => Promise<void>;
  logout: (notice?: string) => void;
  hasRole: (...roles: Role[]) => boolean;
}

const SessionContext = createContext<Session | undefined>(undefined);

export function SessionProvider({ children, baseUrl = '' }: { children: ReactNode; baseUrl?: string }) {
  const queryClient = useQueryClient();
  const [identity, setIdentity] = useState<Identity>();
  const [notice, setNotice] = useState<string>();

  const endSession = useCallback(
    (message?: string) => {
      setIdentity(undefined);
      setNotice(message);
      // Nothing read under the old identity (bids included) survives it.
      queryClient.clear();
    },
    [queryClient],
  );

  const api = useMemo(() => {
    const client: ApiClient = new ApiClient(baseUrl, () => {
      client.setToken(undefined);
      endSession(t('app.sessionExpired'));
    });
    return client;
  }, [baseUrl, endSession]);

  const session = useMemo<Session>(
    () => ({
      api,
      identity,
      notice,
      login: async (mspId, username, password, newPassword) => {
        const body = { mspId, username, password, ...(newPassword === undefined ? {} : { newPassword }) };
        const result = await api.call('login', { body });
        api.setToken(result.token);
        setNotice(undefined);
        setIdentity(result.identity);
      },
      logout: (message = t('app.loggedOut')) => {
        if (api.signedIn) void api.call('logout').catch(() => undefined);
        api.setToken(undefined);
        endSession(message);
      },
      hasRole: (...roles) => identity !== undefined && roles.includes(identity.role),
    }),
    [api, identity, notice, endSession],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
