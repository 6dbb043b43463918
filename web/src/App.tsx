import type { Role } from '@procurement/contract';
import type { ReactNode } from 'react';

import { useLive } from './api/events';
import { useSession } from './api/session';
import { type MessageKey, t } from './i18n';
import { ActivityPage } from './pages/ActivityPage';
import { AwardsPage } from './pages/auditor/AwardsPage';
import { ChallengesPage } from './pages/auditor/ChallengesPage';
import { PolicyPage } from './pages/auditor/PolicyPage';
import {
  ProofPage,
  PublicAwardsPage,
  PublicRedFlagsPage,
  PublicTenderPage,
  PublicTendersPage,
} from './pages/public/PublicPages';
import { VendorsPage } from './pages/auditor/VendorsPage';
import { CreateTenderPage } from './pages/CreateTenderPage';
import { LoginPage } from './pages/LoginPage';
import { RegistrarPage } from './pages/RegistrarPage';
import { TenderPage } from './pages/TenderPage';
import { TendersPage } from './pages/TendersPage';
import { TimelinePage } from './pages/TimelinePage';
import { Link, match, usePath } from './router';

/** The navigation each role sees, in order. */
const NAV: Readonly<Record<Role, readonly [string, MessageKey][]>> = {
  officer: [
    ['/tenders', 'nav.tenders'],
    ['/tenders/new', 'nav.newTender'],
    ['/activity', 'nav.activity'],
    ['/register', 'nav.public'],
  ],
  evaluator: [
    ['/evaluations', 'nav.evaluations'],
    ['/tenders', 'nav.tenders'],
    ['/register', 'nav.public'],
  ],
  opener: [
    ['/tenders', 'nav.tenders'],
    ['/activity', 'nav.activity'],
    ['/register', 'nav.public'],
  ],
  reader: [
    ['/tenders', 'nav.tenders'],
    ['/register', 'nav.public'],
  ],
  vendor: [
    ['/tenders', 'nav.tenders'],
    ['/activity', 'nav.activity'],
    ['/register', 'nav.public'],
  ],
  registrar: [
    ['/onboard', 'nav.onboard'],
    ['/tenders', 'nav.tenders'],
    ['/register', 'nav.public'],
  ],
  auditor: [
    ['/policy', 'nav.policy'],
    ['/vendors', 'nav.vendors'],
    ['/challenges', 'nav.challenges'],
    ['/awards', 'nav.awards'],
    ['/register/red-flags', 'nav.redFlags'],
    ['/tenders', 'nav.tenders'],
    ['/activity', 'nav.activity'],
    ['/register', 'nav.public'],
  ],
};

type Page = readonly [string, (params: Record<string, string>) => ReactNode, (readonly Role[])?];

const PAGES: readonly Page[] = [
  ['/tenders/new', () => <CreateTenderPage />, ['officer']],
  ['/tenders/:id/timeline', (p) => <TimelinePage id={p.id ?? ''} />],
  ['/tenders/:id', (p) => <TenderPage id={p.id ?? ''} />],
  ['/tenders', () => <TendersPage />],
  [
    '/evaluations',
    (p) => <TendersPage heading={t('eval.mine')} evaluator={p.username ?? ''} />,
    ['evaluator'],
  ],
  ['/activity', () => <ActivityPage />],
  ['/onboard', () => <RegistrarPage />, ['registrar']],
  ['/policy', () => <PolicyPage />],
  ['/vendors', () => <VendorsPage />, ['auditor']],
  ['/challenges', () => <ChallengesPage />, ['auditor']],
  ['/awards', () => <AwardsPage />],
];

/** The public register: the same for everyone, signed in or not. */
const PUBLIC_PAGES: readonly Page[] = [
  ['/register', () => <PublicTendersPage />],
  ['/register/tenders/:id', (p) => <PublicTenderPage id={p.id ?? ''} />],
  ['/register/awards', () => <PublicAwardsPage />],
  ['/register/red-flags', () => <PublicRedFlagsPage />],
  ['/register/proof/:txId', (p) => <ProofPage txId={p.txId ?? ''} />],
];

function publicPage(path: string): ReactNode {
  for (const [pattern, render] of PUBLIC_PAGES) {
    const params = match(pattern, path);
    if (params) return render(params);
  }
  return undefined;
}

/** The signed-out view: the public register at its paths, the login form everywhere else. */
function SignedOut() {
  const path = usePath();
  return publicPage(path) ?? <LoginPage />;
}

function Routes({ role, username }: { role: Role; username: string }) {
  const path = usePath();
  const target = path === '/' || path === '' ? (NAV[role][0]?.[0] ?? '/tenders') : path;
  const open = publicPage(target);
  if (open) return open;
  for (const [pattern, render, roles] of PAGES) {
    const params = match(pattern, target);
    if (params && (!roles || roles.includes(role))) return render({ ...params, username });
  }
  return <p>{t('app.notFound')}</p>;
}

function LiveBanner() {
  const { state } = useLive();
  if (state !== 'lost') return null;
  return (
    <p className="banner" role="alert">
      {t('app.liveLost')}
    </p>
  );
}

export function App() {
  const { identity, logout } = useSession();
  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <span className="brand">{t('app.title')}</span>
        {identity ? (
          <>
            <nav aria-label={t('app.nav')}>
              <ul>
                {NAV[identity.role].map(([to, label]) => (
                  <li key={to}>
                    <Link to={to}>{t(label)}</Link>
                  </li>
                ))}
              </ul>
            </nav>
            <span className="who">
              {t('app.signedInAs', {
                user: identity.username,
                role: t(`role.${identity.role}`),
                org: identity.mspId,
              })}
            </span>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                logout();
              }}
            >
              {t('app.logout')}
            </button>
          </>
        ) : (
          <nav aria-label={t('app.nav')}>
            <ul>
              <li>
                <Link to="/register">{t('nav.public')}</Link>
              </li>
              <li>
                <Link to="/">{t('public.backToLogin')}</Link>
              </li>
            </ul>
          </nav>
        )}
      </header>
      {identity ? <LiveBanner /> : null}
      <main id="main" tabIndex={-1}>
        {identity ? <Routes role={identity.role} username={identity.username} /> : <SignedOut />}
      </main>
    </>
  );
}
