import { type SyntheticEvent, useState } from 'react';

import { useApiAction } from '../api/hooks';
import { ErrorMessage, Field, Success, TxProof } from '../components/common';
import { t } from '../i18n';

/** A fresh enrolment secret: 24 random bytes from the browser's CSPRNG, as URL-safe base64 (32 characters). */
export function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

export function RegistrarPage() {
  const register = useApiAction('registerVendor');
  const [vendorId, setVendorId] = useState('');
  const [legalName, setLegalName] = useState('');
  const [username, setUsername] = useState('');
  // The secret lives only in this component's state until the registrar leaves the page.
  const [secret, setSecret] = useState<string>();

  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    const password = newSecret();
    register.mutate(
      { vendorId, legalName, username, password },
      {
        onSuccess: () => {
          setSecret(password);
        },
      },
    );
  };
  return (
    <section aria-labelledby="registrar-heading" className="narrow">
      <h1 id="registrar-heading">{t('registrar.heading')}</h1>
      <form onSubmit={submit} noValidate>
        <Field label={t('registrar.vendorId')} name="vendorId" error={register.error}>
          {(p) => (
            <input
              {...p}
              value={vendorId}
              onChange={(e) => {
                setVendorId(e.target.value);
              }}
            />
          )}
        </Field>
        <Field label={t('registrar.legalName')} name="legalName" error={register.error}>
          {(p) => (
            <input
              {...p}
              value={legalName}
              onChange={(e) => {
                setLegalName(e.target.value);
              }}
            />
          )}
        </Field>
        <Field label={t('registrar.username')} name="username" error={register.error}>
          {(p) => (
            <input
              {...p}
              value={username}
              onChange={(e) => {
                setUsername(e.target.value);
              }}
            />
          )}
        </Field>
        <ErrorMessage error={register.error} />
        <button type="submit" disabled={register.isPending}>
          {t('registrar.submit')}
        </button>
      </form>
      {register.data && secret ? (
        <div className="secret" role="status" aria-labelledby="secret-heading">
          <Success>
            {t('registrar.done', { id: register.data.vendorId })}{' '}
            <TxProof txId={register.data.txId} blockNumber={register.data.blockNumber} />
          </Success>
          <h2 id="secret-heading">{t('registrar.secretHeading')}</h2>
          <p>{t('registrar.secretNote')}</p>
          <p>{t('registrar.secretVendorChooses')}</p>
          <p>
            <code data-testid="one-time-secret" className="secret-value">
              {secret}
            </code>
          </p>
          <button
            type="button"
            onClick={() => {
              setSecret(undefined);
            }}
          >
            {t('common.close')}
          </button>
        </div>
      ) : null}
    </section>
  );
}
