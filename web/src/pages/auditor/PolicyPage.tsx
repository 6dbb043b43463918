import type { PolicyInput } from '@procurement/contract';
import { type SyntheticEvent, useEffect, useState } from 'react';

import { useApiAction, useApiQuery } from '../../api/hooks';
import { useSession } from '../../api/session';
import { DateTime, ErrorMessage, Field, Success, TxProof } from '../../components/common';
import { type MessageKey, t } from '../../i18n';

const FIELDS: readonly [string, MessageKey][] = [
  ['minSubmissionSeconds.open', 'auditor.minOpen'],
  ['minSubmissionSeconds.restricted', 'auditor.minRestricted'],
  ['minRevealSeconds', 'auditor.minReveal'],
  ['maxRevealSeconds', 'auditor.maxReveal'],
  ['standstillSeconds', 'auditor.standstill'],
  ['amendmentExtensionSeconds', 'auditor.extension'],
  ['minPriceWeight', 'auditor.minPriceWeight'],
  ['scoringSeconds', 'auditor.scoring'],
  ['clockToleranceSeconds', 'auditor.tolerance'],
  ['openingThreshold', 'auditor.threshold'],
];

const SIMPLE = [
  'minRevealSeconds',
  'maxRevealSeconds',
  'standstillSeconds',
  'amendmentExtensionSeconds',
  'minPriceWeight',
  'scoringSeconds',
  'clockToleranceSeconds',
] as const;

function flat(p: PolicyInput): Record<string, string> {
  return {
    'minSubmissionSeconds.open': String(p.minSubmissionSeconds.open),
    'minSubmissionSeconds.restricted': String(p.minSubmissionSeconds.restricted),
    ...Object.fromEntries(SIMPLE.map((k) => [k, String(p[k])])),
    openingThreshold: String(p.openingThreshold ?? 3),
    reason: '',
  };
}

function proposalOf(v: Record<string, string>): PolicyInput & { reason: string } {
  const n = (k: string): number => Number(v[k] ?? '');
  return {
    minSubmissionSeconds: {
      open: n('minSubmissionSeconds.open'),
      restricted: n('minSubmissionSeconds.restricted'),
    },
    minRevealSeconds: n('minRevealSeconds'),
    maxRevealSeconds: n('maxRevealSeconds'),
    standstillSeconds: n('standstillSeconds'),
    amendmentExtensionSeconds: n('amendmentExtensionSeconds'),
    minPriceWeight: n('minPriceWeight'),
    scoringSeconds: n('scoringSeconds'),
    clockToleranceSeconds: n('clockToleranceSeconds'),
    openingThreshold: n('openingThreshold'),
    reason: v.reason ?? '',
  };
}

/** The pending proposal, if any, and the button a second auditor approves it with. */
function PendingProposal() {
  const pending = useApiQuery('getPolicyProposal');
  const proposalId = pending.data?.proposalId ?? '';
  const approve = useApiAction('approvePolicy', { proposalId });
  const [reason, setReason] = useState('');
  if (!pending.data) return null;
  return (
    <section aria-labelledby="pending-heading">
      <h2 id="pending-heading">
        {t('auditor.policyPending', { by: pending.data.proposedBy, reason: pending.data.reason })}
      </h2>
      <Field label={t('common.reason')} name="approvalReason" error={approve.error}>
        {(p) => (
          <input
            {...p}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
            }}
          />
        )}
      </Field>
      <ErrorMessage error={approve.error} />
      {approve.data ? (
        <Success>
          {t('form.done', { txId: approve.data.txId, block: String(approve.data.blockNumber) })}
        </Success>
      ) : null}
      <button
        type="button"
        disabled={approve.isPending}
        onClick={() => {
          approve.mutate({ reason });
        }}
      >
        {t('auditor.policyApprove')}
      </button>
    </section>
  );
}

/**
 * The policy in force, every earlier version (newest first) with its reason, the form to propose a change and the
 * pending proposal a second auditor approves. Anyone may try: the gateway and the chaincode decide
 * (only auditors, and never the proposer's own approval), and their refusal is shown.
 */
export function PolicyPage() {
  const { hasRole } = useSession();
  const policy = useApiQuery('getPolicy');
  const save = useApiAction('proposePolicy');
  const history = useApiQuery('policyHistory');
  const [values, setValues] = useState<Record<string, string>>();
  useEffect(() => {
    if (policy.data && values === undefined) setValues(flat(policy.data));
  }, [policy.data, values]);
  const changes = [...(history.data?.items ?? [])].reverse();
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    if (values) save.mutate(proposalOf(values));
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
          {[...FIELDS, ['reason', 'common.reason'] as const].map(([name, label]) => (
            <Field key={name} label={t(label)} name={name} error={save.error}>
              {(p) => (
                <input
                  {...p}
                  inputMode={name === 'reason' ? 'text' : 'numeric'}
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
      <PendingProposal />
      <h2>{t('auditor.policyHistory')}</h2>
      <ErrorMessage error={history.error} />
      {changes.length === 0 ? <p>{t('common.none')}</p> : null}
      <ol>
        {changes.map((version) => (
          <li key={version.txId}>
            <DateTime value={version.timestamp} /> {version.policy.reason ?? ''}{' '}
            <TxProof txId={version.txId} />
          </li>
        ))}
      </ol>
    </section>
  );
}
