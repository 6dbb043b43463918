import type { AwardCriteria, ComponentOf } from '@procurement/contract';
import { type SyntheticEvent, useState } from 'react';

import { ApiError } from '../api/client';
import { useApiAction } from '../api/hooks';
import { ErrorMessage, Field, Success } from '../components/common';
import { fromLocalInput, toLocalInput } from '../format/dates';
import { parseAmount } from '../format/money';
import { t } from '../i18n';
import { Link } from '../router';

type Draft = Record<
  | 'id'
  | 'title'
  | 'description'
  | 'cpv'
  | 'currency'
  | 'estimated'
  | 'ceiling'
  | 'procedure'
  | 'submission'
  | 'opening'
  | 'method'
  | 'priceWeight'
  | 'criterionName'
  | 'criterionWeight'
  | 'criterionMax'
  | 'evaluators'
  | 'document',
  string
>;

const HOUR = 3_600_000;

function initialDraft(): Draft {
  return {
    id: '',
    title: '',
    description: '',
    cpv: '',
    currency: 'EUR',
    estimated: '',
    ceiling: '',
    procedure: 'open',
    submission: toLocalInput(Date.now() + 24 * 7 * HOUR),
    opening: toLocalInput(Date.now() + 24 * 8 * HOUR),
    method: 'lowestPrice',
    priceWeight: '60',
    criterionName: 'Technical quality',
    criterionWeight: '40',
    criterionMax: '10',
    evaluators: '',
    document: 'specification.pdf',
  };
}

/** The SHA-256 of the document's name and the tender id, standing in for the uploaded file's digest. */
async function digest(text: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function criteriaOf(d: Draft): AwardCriteria {
  if (d.method !== 'bestPriceQuality') return { method: 'lowestPrice' };
  return {
    method: 'bestPriceQuality',
    priceWeight: Number.parseInt(d.priceWeight, 10),
    criteria: [
      {
        id: 'quality',
        name: d.criterionName,
        weight: Number.parseInt(d.criterionWeight, 10),
        maxScore: Number.parseInt(d.criterionMax, 10),
      },
    ],
  };
}

/** The form as the API's body; amounts the user typed that are not amounts go as they are, for the API to name. */
async function bodyOf(d: Draft): Promise<ComponentOf<'CreateTender'>> {
  const ceiling = d.ceiling.trim() === '' ? undefined : (parseAmount(d.ceiling, d.currency) ?? d.ceiling);
  return {
    id: d.id,
    title: d.title,
    description: d.description,
    cpv: d.cpv,
    estimatedValue: { amount: parseAmount(d.estimated, d.currency) ?? d.estimated, currency: d.currency },
    ...(ceiling === undefined ? {} : { budgetCeiling: { amount: ceiling, currency: d.currency } }),
    procedure: d.procedure === 'restricted' ? 'restricted' : 'open',
    submissionDeadline: fromLocalInput(d.submission) ?? d.submission,
    openingDeadline: fromLocalInput(d.opening) ?? d.opening,
    awardCriteria: criteriaOf(d),
    evaluators: d.evaluators
      .split(',')
      .map((e) => e.trim())
      .filter((e) => e !== ''),
    documents: [{ name: d.document, sha256: await digest(`${d.id}/${d.document}`) }],
  };
}

export function CreateTenderPage() {
  const create = useApiAction('createTender');
  const [draft, setDraft] = useState<Draft>(initialDraft);
  const [failure, setFailure] = useState<unknown>();
  const error: unknown = create.error ?? failure;
  const set =
    (key: keyof Draft) =>
    (e: { target: { value: string } }): void => {
      setDraft({ ...draft, [key]: e.target.value });
    };
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    setFailure(undefined);
    bodyOf(draft)
      .then((body) => {
        create.mutate(body);
      })
      .catch((e: unknown) => {
        setFailure(e instanceof ApiError ? e : String(e));
      });
  };
  const text = (key: keyof Draft, label: string, name: string) => (
    <Field label={label} name={name} error={error}>
      {(p) => <input {...p} value={draft[key]} onChange={set(key)} />}
    </Field>
  );
  return (
    <section aria-labelledby="create-heading">
      <h1 id="create-heading">{t('create.heading')}</h1>
      <form onSubmit={submit} noValidate className="grid-form">
        {text('id', t('create.id'), 'id')}
        {text('title', t('create.title'), 'title')}
        <Field label={t('create.description')} name="description" error={error}>
          {(p) => <textarea {...p} value={draft.description} onChange={set('description')} />}
        </Field>
        {text('cpv', t('create.cpv'), 'cpv')}
        {text('currency', t('create.currency'), 'estimatedValue.currency')}
        {text('estimated', t('create.estimated'), 'estimatedValue')}
        {text('ceiling', t('create.ceiling'), 'budgetCeiling')}
        <Field label={t('create.procedure')} name="procedure" error={error}>
          {(p) => (
            <select {...p} value={draft.procedure} onChange={set('procedure')}>
              <option value="open">open</option>
              <option value="restricted">restricted</option>
            </select>
          )}
        </Field>
        <Field label={t('create.submission')} name="submissionDeadline" error={error}>
          {(p) => (
            <input
              {...p}
              type="datetime-local"
              step="1"
              value={draft.submission}
              onChange={set('submission')}
            />
          )}
        </Field>
        <Field label={t('create.opening')} name="openingDeadline" error={error}>
          {(p) => (
            <input {...p} type="datetime-local" step="1" value={draft.opening} onChange={set('opening')} />
          )}
        </Field>
        <Field label={t('create.method')} name="awardCriteria" error={error}>
          {(p) => (
            <select {...p} value={draft.method} onChange={set('method')}>
              <option value="lowestPrice">{t('tender.method.lowestPrice')}</option>
              <option value="bestPriceQuality">{t('tender.method.bestPriceQuality')}</option>
            </select>
          )}
        </Field>
        {draft.method === 'bestPriceQuality' ? (
          <>
            {text('priceWeight', t('create.priceWeight'), 'awardCriteria.priceWeight')}
            {text('criterionName', t('create.criterionName'), 'awardCriteria.criteria')}
            {text('criterionWeight', t('create.criterionWeight'), 'awardCriteria.criteria.0.weight')}
            {text('criterionMax', t('create.criterionMax'), 'awardCriteria.criteria.0.maxScore')}
          </>
        ) : null}
        {text('evaluators', t('create.evaluators'), 'evaluators')}
        {text('document', t('create.document'), 'documents')}
        <ErrorMessage error={error} />
        {create.data ? (
          <Success>
            {t('create.created', { id: create.data.id })}{' '}
            <Link to={`/tenders/${encodeURIComponent(create.data.id)}`}>{create.data.title}</Link>
          </Success>
        ) : null}
        <button type="submit" disabled={create.isPending}>
          {t('create.submit')}
        </button>
      </form>
    </section>
  );
}
