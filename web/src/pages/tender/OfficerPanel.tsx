import type { TenderView as Tender } from '@procurement/contract';
import { type SyntheticEvent, useState } from 'react';

import { useApiAction } from '../../api/hooks';
import { DateTime, ErrorMessage, Field, Success, TxProof } from '../../components/common';
import { fromLocalInput, toLocalInput } from '../../format/dates';
import { t } from '../../i18n';

function AmendForm({ tender }: { tender: Tender }) {
  const amend = useApiAction('amendTender', { id: tender.id });
  const [reason, setReason] = useState('');
  const [deadline, setDeadline] = useState(toLocalInput(new Date(tender.submissionDeadline).getTime()));
  const [opening, setOpening] = useState(toLocalInput(new Date(tender.openingDeadline).getTime()));
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    const submissionDeadline = fromLocalInput(deadline);
    const openingDeadline = fromLocalInput(opening);
    amend.mutate({
      reason,
      changes: {
        ...(submissionDeadline && submissionDeadline !== tender.submissionDeadline
          ? { submissionDeadline }
          : {}),
        ...(openingDeadline && openingDeadline !== tender.openingDeadline ? { openingDeadline } : {}),
      },
    });
  };
  const result = amend.data;
  const last = result?.amendments[result.amendments.length - 1];
  return (
    <form onSubmit={submit} aria-labelledby="amend-heading" noValidate>
      <h3 id="amend-heading">{t('officer.amendHeading')}</h3>
      <Field label={t('common.reason')} name="reason" error={amend.error}>
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
      <Field label={t('officer.newDeadline')} name="changes.submissionDeadline" error={amend.error}>
        {(p) => (
          <input
            {...p}
            type="datetime-local"
            step="1"
            value={deadline}
            onChange={(e) => {
              setDeadline(e.target.value);
            }}
          />
        )}
      </Field>
      <Field label={t('officer.newOpening')} name="changes.openingDeadline" error={amend.error}>
        {(p) => (
          <input
            {...p}
            type="datetime-local"
            step="1"
            value={opening}
            onChange={(e) => {
              setOpening(e.target.value);
            }}
          />
        )}
      </Field>
      <ErrorMessage error={amend.error} />
      {result ? (
        <Success>
          {last?.extendedDeadline ? t('officer.amendedExtended') : t('officer.amended')}{' '}
          <DateTime value={result.submissionDeadline} />{' '}
          <TxProof txId={result.txId} blockNumber={result.blockNumber} />
        </Success>
      ) : null}
      <button type="submit" disabled={amend.isPending}>
        {t('officer.amend')}
      </button>
    </form>
  );
}

function CancelForm({ tender }: { tender: Tender }) {
  const cancel = useApiAction('cancelTender', { id: tender.id });
  const [reason, setReason] = useState('');
  return (
    <form
      aria-labelledby="cancel-heading"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        cancel.mutate({ reason });
      }}
    >
      <h3 id="cancel-heading">{t('officer.cancelHeading')}</h3>
      <Field label={t('common.reason')} name="reason" error={cancel.error}>
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
      <ErrorMessage error={cancel.error} />
      <button type="submit" className="danger" disabled={cancel.isPending}>
        {t('officer.cancel')}
      </button>
    </form>
  );
}

/** One button that writes; its refusal or its transaction shown beside it. */
interface Action {
  mutate(body: undefined): void;
  isPending: boolean;
  error: unknown;
  data: unknown;
}

function ActionButton({ label, action }: { label: string; action: Action }) {
  const data = action.data as { txId: string; blockNumber: number } | undefined;
  return (
    <div className="action">
      <button
        type="button"
        disabled={action.isPending}
        onClick={() => {
          action.mutate(undefined);
        }}
      >
        {label}
      </button>
      <ErrorMessage error={action.error} />
      {data ? (
        <Success>{t('form.done', { txId: data.txId, block: String(data.blockNumber) })}</Success>
      ) : null}
    </div>
  );
}

/** What the owning agency's officer can do with the tender in its present status. */
export function OfficerPanel({ tender }: { tender: Tender }) {
  const publish = useApiAction('publishTender', { id: tender.id });
  const award = useApiAction('makeAward', { id: tender.id });
  const contract = useApiAction('recordContract', { id: tender.id });
  const open = tender.status === 'published' || tender.status === 'evaluation';
  return (
    <section aria-label={t('role.officer')} className="panel">
      {tender.status === 'draft' ? <ActionButton label={t('officer.publish')} action={publish} /> : null}
      {open ? <ActionButton label={t('officer.award')} action={award} /> : null}
      {tender.status === 'awarded' ? <ActionButton label={t('officer.contract')} action={contract} /> : null}
      {tender.status === 'published' ? <AmendForm tender={tender} /> : null}
      {tender.status !== 'contracted' && tender.status !== 'cancelled' ? (
        <CancelForm tender={tender} />
      ) : null}
    </section>
  );
}
