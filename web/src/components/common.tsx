/** Small building blocks every page uses: instants, money, transaction proofs, messages, fields. */
import type { Money } from '@procurement/contract';
import { type ReactNode, useEffect, useId, useState } from 'react';

import { ApiError } from '../api/client';
import { formatCountdown, formatInstant, secondsUntil } from '../format/dates';
import { formatMoney } from '../format/money';
import { t } from '../i18n';

/** An instant in the user's zone with UTC beside it. */
export function DateTime({ value }: { value: string }) {
  const shown = formatInstant(value);
  return (
    <time dateTime={value}>
      {shown.local} <span className="utc">({t('common.utc', { utc: shown.utc })})</span>
    </time>
  );
}

export function MoneyText({ value }: { value: Money }) {
  return <span className="money">{formatMoney(value)}</span>;
}

/** A tender's agency, submission deadline and estimated value, as rows of a card's `<dl>`. */
export function TenderFacts({
  tender,
}: {
  tender: { agency: string; submissionDeadline: string; estimatedValue: Money };
}) {
  return (
    <>
      <dt>{t('tenders.agency')}</dt>
      <dd>{tender.agency}</dd>
      <dt>{t('tenders.deadline')}</dt>
      <dd>
        <DateTime value={tender.submissionDeadline} />
      </dd>
      <dt>{t('tenders.value')}</dt>
      <dd>
        <MoneyText value={tender.estimatedValue} />
      </dd>
    </>
  );
}

/** A ticking countdown to an instant; `children` once it has passed. */
export function Countdown({
  to,
  label,
  children,
}: {
  to: string;
  label: 'tender.countdown' | 'tender.openingCountdown';
  children?: ReactNode;
}) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Date.now());
    }, 1000);
    return () => {
      clearInterval(timer);
    };
  }, []);
  const left = secondsUntil(to, now);
  if (left <= 0) return <>{children}</>;
  return (
    <span className="countdown" role="timer" aria-live="off">
      {t(label, { time: formatCountdown(left) })}
    </span>
  );
}

/** Where a ledger fact was written. */
export function TxProof({ txId, blockNumber }: { txId: string; blockNumber?: number | string }) {
  return (
    <span className="tx">
      {t('common.tx', { txId })}
      {blockNumber === undefined ? null : <>, {t('common.block', { block: String(blockNumber) })}</>}
    </span>
  );
}

/** A refusal or failure, read out by screen readers as it appears. */
export function ErrorMessage({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  const text =
    error instanceof ApiError
      ? error.code === 'NETWORK'
        ? t('error.network')
        : t('error.generic', { code: error.code, message: error.message })
      : error instanceof Error
        ? error.message
        : typeof error === 'string'
          ? error
          : '';
  return (
    <p className="error" role="alert">
      {text}
    </p>
  );
}

export function Success({ children }: { children: ReactNode }) {
  return (
    <p className="success" role="status">
      {children}
    </p>
  );
}

interface FieldProps {
  label: string;
  /** The API field this input feeds, so that the API's message about it is shown here. */
  name: string;
  error?: unknown;
  children: (props: FieldControlProps) => ReactNode;
  hint?: string;
}

/** What a field hands its control: its id, name and ARIA links to the label, hint and error. */
export interface FieldControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby'?: string;
  name: string;
}

/** A labelled input with the API's message about its field shown beneath it. */
export function Field({ label, name, error, children, hint }: FieldProps) {
  const id = useId();
  const message = error instanceof ApiError ? error.messageFor(name) : undefined;
  const describedBy = [hint ? `${id}-hint` : '', message ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={message ? 'field invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        name,
        'aria-invalid': message !== undefined,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
      {hint ? (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {message ? (
        <span className="field-error" id={`${id}-error`}>
          {t('error.field', { message })}
        </span>
      ) : null}
    </div>
  );
}

export function Loading() {
  return <p role="status">{t('app.loading')}</p>;
}

/** A wide table's scroll box: focusable, so that a keyboard user can scroll it too. */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
