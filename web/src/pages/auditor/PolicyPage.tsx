import type { PolicyInput } from '@procurement/contract';
import { type SyntheticEvent, useEffect, useState } from 'react';

import { useLive } from '../../api/events';
import { useApiAction, useApiQuery } from '../../api/hooks';
import { useSession } from '../../api/session';
import { DateTime, ErrorMessage, Field, Success, TxProof } from '../../components/common';
import { type MessageKey, t } from '../../i18n';

const FIELDS: readonly [string, MessageKey][] = [
  ['minSubmissionSeconds.open', 'auditor.minOpen'],
  ['minSubmissionSeconds.restricted', 'auditor.minRestricted'],
  ['minRevealSeconds', 'auditor.minReveal'],
  ['standstillSeconds', 'auditor.standstill'],
  ['amendmentExtensionSeconds', 'auditor.extension'],
  ['clockToleranceSeconds', 'auditor.tolerance'],
];

function flat(p: PolicyInput): Record<string, string> {
  return {
    'minSubmissionSeconds.open': String(p.minSubmissionSeconds.open),
    'minSubmissionSeconds.restricted': String(p.minSubmissionSeconds.restricted),
    minRevealSeconds: String(p.minRevealSeconds),
    standstillSeconds: String(p.standstillSeconds),
    amendmentExtensionSeconds: String(p.amendmentExtensionSeconds),
    clockToleranceSeconds: String(p.clockToleranceSeconds),
  };
}

function policyOf(v: Record<string, string>): PolicyInput {
  const n = (k: string): number => Number(v[k] ?? '');
  return {
    minSubmissionSeconds: {
      open: n('minSubmissionSeconds.open'),
      restricted: n('minSubmissionSeconds.restricted'),
    },
    minRevealSeconds: n('minRevealSeconds'),
    standstillSeconds: n('standstillSeconds'),
    amendmentExtensionSeconds: n('amendmentExtensionSeconds'),
    clockToleranceSeconds: n('clockToleranceSeconds'),
  };
}

/**
 * The policy in force, its changes seen on the event stream, and the form to set it. Anyone may try: the
 * gateway and the chaincode decide (only the auditor), and their refusal is shown.
 */
export function PolicyPage() {
  const { hasRole } = useSession();
  const policy = useApiQuery('getPolicy');
  const save = useApiAction('setPolicy');
  const { events } = useLive();
  const [values, setValues] = useState<Record<string, string>>();
  useEffect(() => {
    if (policy.data && values === undefined) setValues(flat(policy.data));
  }, [policy.data, values]);
  const changes = events.filter((e) => e.eventName === 'PolicySet');
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    if (values) save.mutate(policyOf(values));
  };
  return (
    <section aria-labelledby="policy-heading">
      <h1 id="policy-heading">{t('auditor.policyHeading')}</h1>
      <ErrorMessage error={policy.error} />
      {policy.data?.updatedAt ? (
        <p>
          {t('auditor.policyUpdated', { by: policy.data.updatedBy ?? '' })}{' '}
          <DateTime value={policy.data.updatedAt} />
        </p>
      ) : null}
      {values ? (
        <form onSubmit={submit} noValidate className="grid-form">
          {FIELDS.map(([name, label]) => (
            <Field key={name} label={t(label)} name={name} error={save.error}>
              {(p) => (
                <input
                  {...p}
                  inputMode="numeric"
                  value={values[name] ?? ''}
                  onChange={(e) => {
                    setValues({ ...values, [name]: e.target.value });
                  }}
                />
              )}
            </Field>
          ))}
          <ErrorMessage error={save.error} />
          {save.data ? (
            <Success>
              {t('form.done', { txId: save.data.txId, block: String(save.data.blockNumber) })}
            </Success>
          ) : null}
          {hasRole('auditor') ? null : <p className="hint">{t('auditor.policyWho')}</p>}
          <button type="submit" disabled={save.isPending}>
            {t('auditor.policySave')}
          </button>
        </form>
      ) : null}
      <h2>{t('auditor.policyHistory')}</h2>
      {changes.length === 0 ? <p>{t('common.none')}</p> : null}
      <ol>
        {changes.map((e) => (
          <li key={e.id}>
            <TxProof txId={e.txId} blockNumber={e.blockNumber} />
          </li>
        ))}
      </ol>
    </section>
  );
}
