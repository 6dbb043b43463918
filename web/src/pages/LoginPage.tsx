import { type SyntheticEvent, useState } from 'react';

import { useSession } from '../api/session';
import { ErrorMessage, Field } from '../components/common';
import { ORGANISATIONS } from '../config';
import { t } from '../i18n';

export function LoginPage() {
  const { login, notice } = useSession();
  const [mspId, setMspId] = useState(ORGANISATIONS[0]?.mspId ?? '');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    login(mspId, username, password)
      .catch((e: unknown) => {
        setError(e);
      })
      .finally(() => {
        setBusy(false);
      });
  };

  return (
    <section aria-labelledby="login-heading" className="narrow">
      <h1 id="login-heading">{t('login.heading')}</h1>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <p>{t('login.intro')}</p>
      <form onSubmit={submit} noValidate>
        <Field label={t('login.org')} name="mspId" error={error}>
          {(p) => (
            <select
              {...p}
              value={mspId}
              onChange={(e) => {
                setMspId(e.target.value);
              }}
            >
              {ORGANISATIONS.map((o) => (
                <option key={o.mspId} value={o.mspId}>
                  {o.name} ({o.mspId})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('login.username')} name="username" error={error}>
          {(p) => (
            <input
              {...p}
              autoComplete="username"
              required
              value={username}
              onChange={(e) => {
                setUsername(e.target.value);
              }}
            />
          )}
        </Field>
        <Field label={t('login.password')} name="password" error={error}>
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => {
                setPassword(e.target.value);
              }}
            />
          )}
        </Field>
        <ErrorMessage error={error} />
        <button type="submit" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </section>
  );
}
