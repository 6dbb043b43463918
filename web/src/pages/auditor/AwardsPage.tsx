import { type SyntheticEvent, useState } from 'react';

import { useApiQuery } from '../../api/hooks';
import { DateTime, ErrorMessage, MoneyText, TableWrap, TxProof } from '../../components/common';
import { AGENCIES } from '../../config';
import { fromLocalInput } from '../../format/dates';
import { t } from '../../i18n';
import { Link } from '../../router';
import { awardsCsv } from './csv';

interface Filter {
  agency: string;
  vendor: string;
  from: string;
  to: string;
}

const EMPTY: Filter = { agency: '', vendor: '', from: '', to: '' };

function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 1000);
}

/** Award history filtered by agency, vendor and period, and its CSV export. */
export function AwardsPage() {
  const [draft, setDraft] = useState<Filter>(EMPTY);
  const [filter, setFilter] = useState<Filter>(EMPTY);
  const awards = useApiQuery('listAwards', {
    query: {
      agency: filter.agency,
      vendor: filter.vendor,
      from: fromLocalInput(filter.from),
      to: fromLocalInput(filter.to),
      pageSize: '100',
    },
  });
  const items = awards.data?.items ?? [];
  const apply = (event: SyntheticEvent): void => {
    event.preventDefault();
    setFilter(draft);
  };
  const input = (key: keyof Filter, label: string, type = 'text') => (
    <div className="field">
      <label htmlFor={`filter-${key}`}>{label}</label>
      <input
        id={`filter-${key}`}
        type={type}
        value={draft[key]}
        onChange={(e) => {
          setDraft({ ...draft, [key]: e.target.value });
        }}
      />
    </div>
  );
  return (
    <section aria-labelledby="awards-heading">
      <h1 id="awards-heading">{t('auditor.awardsHeading')}</h1>
      <form onSubmit={apply} className="inline-form">
        <div className="field">
          <label htmlFor="filter-agency">{t('auditor.filterAgency')}</label>
          <select
            id="filter-agency"
            value={draft.agency}
            onChange={(e) => {
              setDraft({ ...draft, agency: e.target.value });
            }}
          >
            <option value="">{t('tenders.all')}</option>
            {AGENCIES.map((a) => (
              <option key={a.mspId} value={a.mspId}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        {input('vendor', t('auditor.filterVendor'))}
        {input('from', t('auditor.filterFrom'), 'datetime-local')}
        {input('to', t('auditor.filterTo'), 'datetime-local')}
        <button type="submit">{t('auditor.apply')}</button>
        <button
          type="button"
          className="secondary"
          disabled={items.length === 0}
          onClick={() => {
            download(awardsCsv(items), 'awards.csv');
          }}
        >
          {t('auditor.csv')}
        </button>
      </form>
      <ErrorMessage error={awards.error} />
      {awards.isSuccess && items.length === 0 ? <p>{t('common.none')}</p> : null}
      {items.length > 0 ? (
        <TableWrap label={t('auditor.awardsHeading')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('tenders.title')}</th>
                <th scope="col">{t('tenders.agency')}</th>
                <th scope="col">{t('bids.vendor')}</th>
                <th scope="col">{t('bids.price')}</th>
                <th scope="col">{t('common.status')}</th>
                <th scope="col">{t('auditor.awardedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.txId}>
                  <td>
                    <Link to={`/tenders/${encodeURIComponent(a.tenderId)}`}>{a.tenderId}</Link>
                  </td>
                  <td>{a.agency}</td>
                  <td>{a.vendorId}</td>
                  <td>
                    <MoneyText value={a.price} />
                  </td>
                  <td>{t(`award.status.${a.status}`)}</td>
                  <td>
                    <DateTime value={a.awardedAt} /> <TxProof txId={a.txId} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </section>
  );
}
