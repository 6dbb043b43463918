import { CHOSEN_PASSWORD_RULE } from '@procurement/contract';
import { type SyntheticEvent, useEffect, useRef, useState } from 'react';

import { ApiError } from '../api/client';
import { useSession } from '../api/session';
import { ErrorMessage, Field, type FieldControlProps } from '../components/common';
import { ORGANISATIONS } from '../config';
import { t } from '../i18n';

/** The gateway's answer to a first login after onboarding that came without a new password. */
function needsNewPassword(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'PASSWORD_CHANGE_REQUIRED';
}

export function LoginPage() {
  const { login, notice } = useSession();
  const [mspId, setMspId] = useState(ORGANISATIONS[0]?.mspId ?? '');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  // Set once the gateway says that this password is a one-time secret: the user chooses their own.
  const [choosing, setChoosing] = useState(false);
  const [newPassword, setNewPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    if (choosing && newPassword !== repeated) {
      setError(t('login.mismatch'));
      return;
    }
    setBusy(true);
    setError(undefined);
    login(mspId, username, password, choosing ? newPassword : undefined)
      .catch((e: unknown) => {
        if (needsNewPassword(e)) setChoosing(true);
        else setError(e);
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
              disabled={choosing}
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
              readOnly={choosing}
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
              readOnly={choosing}
              value={password}
              onChange={(e) => {
                setPassword(e.target.value);
              }}
            />
          )}
        </Field>
        {choosing ? (
          <ChoosePassword
            error={error}
            newPassword={newPassword}
            repeated={repeated}
            onNewPassword={setNewPassword}
            onRepeated={setRepeated}
          />
        ) : null}
        <ErrorMessage error={error} />
        <button type="submit" disabled={busy}>
          {choosing ? t('login.chooseSubmit') : t('login.submit')}
        </button>
      </form>
    </section>
  );
}

/** The first-login step: the user's own password, twice, with the contract's rule as the hint. */
function ChoosePassword({
  error,
  newPassword,
  repeated,
  onNewPassword,
  onRepeated,
}: {
  error: unknown;
  newPassword: string;
  repeated: string;
  onNewPassword: (value: string) => void;
  onRepeated: (value: string) => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Keyboard and screen-reader users land on the new step rather than on a button that changed its name.
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <fieldset aria-describedby="choose-intro">
      <legend>
        <h2 id="choose-heading" ref={heading} tabIndex={-1}>
          {t('login.chooseHeading')}
        </h2>
      </legend>
      <p id="choose-intro" role="status">
        {t('login.chooseIntro')}
      </p>
      <Field label={t('login.newPassword')} name="newPassword" error={error} hint={CHOSEN_PASSWORD_RULE}>
        {(p) => <NewPasswordInput {...p} value={newPassword} onValue={onNewPassword} />}
      </Field>
      <Field label={t('login.repeatPassword')} name="repeatNewPassword" error={error}>
        {(p) => <NewPasswordInput {...p} value={repeated} onValue={onRepeated} />}
      </Field>
    </fieldset>
  );
}

/** A password the user chooses (the browser may offer to generate and keep it). */
function NewPasswordInput({
  value,
  onValue,
  ...field
}: Readonly<FieldControlProps & { value: string; onValue: (value: string) => void }>) {
  return (
    <input
      {...field}
      type="password"
      autoComplete="new-password"
      required
      value={value}
      onChange={(e) => {
        onValue(e.target.value);
      }}
    />
  );
}
