import { TENDER_STATUSES, type TenderStatus } from '@procurement/contract';
import { useState } from 'react';

import { useApiQuery } from '../api/hooks';
import { ErrorMessage, Loading, TenderFacts } from '../components/common';
import { t } from '../i18n';
import { Link, navigate } from '../router';

export function TendersPage({
  heading = t('tenders.heading'),
  evaluator,
}: {
  heading?: string;
  evaluator?: string;
}) {
  const [status, setStatus] = useState<TenderStatus | ''>('');
  const tenders = useApiQuery('listTenders', {
    query: { status: status === '' ? undefined : status, pageSize: '100' },
  });
  const [wanted, setWanted] = useState('');
  const items = [...(tenders.data?.items ?? [])]
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .filter((tender) => evaluator === undefined || (tender.evaluators ?? []).includes(evaluator));
  return (
    <section aria-labelledby="tenders-heading">
      <h1 id="tenders-heading">{heading}</h1>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (wanted.trim() !== '') navigate(`/tenders/${encodeURIComponent(wanted.trim())}`);
        }}
      >
        <div className="field">
          <label htmlFor="open-by-id">{t('tenders.openById')}</label>
          <input
            id="open-by-id"
            value={wanted}
            onChange={(e) => {
              setWanted(e.target.value);
            }}
          />
        </div>
        <button type="submit">{t('tenders.open')}</button>
      </form>
      <div className="field inline">
        <label htmlFor="status-filter">{t('tenders.filter')}</label>
        <select
          id="status-filter"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as TenderStatus | '');
          }}
        >
          <option value="">{t('tenders.all')}</option>
          {TENDER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {tenders.isPending ? <Loading /> : null}
      <ErrorMessage error={tenders.error} />
      {tenders.isSuccess && items.length === 0 ? <p>{t('tenders.empty')}</p> : null}
      <ul className="cards">
        {items.map((tender) => (
          <li key={tender.id} className="card">
            <h2>
              <Link to={`/tenders/${encodeURIComponent(tender.id)}`}>{tender.title}</Link>
            </h2>
            <dl>
              <dt>{t('common.id')}</dt>
              <dd>{tender.id}</dd>
              <dt>{t('common.status')}</dt>
              <dd>
                <span className={`badge badge-${tender.status}`}>{t(`status.${tender.status}`)}</span>
              </dd>
              <TenderFacts tender={tender} />
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );
}
