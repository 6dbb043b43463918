import type { Award, TenderView as Tender } from '@procurement/contract';

import { ApiError } from '../../api/client';
import { useApiQuery } from '../../api/hooks';
import { DateTime, ErrorMessage, MoneyText, TableWrap, TxProof } from '../../components/common';
import { t } from '../../i18n';

/** Basis points (0..10000) as a score out of 100.00, by integer arithmetic. */
export function scoreText(basisPoints: number): string {
  return `${String(Math.floor(basisPoints / 100))}.${String(basisPoints % 100).padStart(2, '0')}`;
}

function Ranking({ award }: { award: Award }) {
  return (
    <TableWrap label={t('ranking.heading')}>
      <table>
        <caption>{t('ranking.heading')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('ranking.rank')}</th>
            <th scope="col">{t('bids.vendor')}</th>
            <th scope="col">{t('bids.price')}</th>
            <th scope="col">{t('ranking.score')}</th>
            <th scope="col">{t('ranking.compliant')}</th>
          </tr>
        </thead>
        <tbody>
          {award.ranking.map((entry) => (
            <tr key={entry.bidId}>
              <td>{entry.rank ?? '—'}</td>
              <td>{entry.vendorId}</td>
              <td>{entry.price ? <MoneyText value={entry.price} /> : '—'}</td>
              <td>
                {entry.score === undefined ? '—' : t('ranking.scoreValue', { score: scoreText(entry.score) })}
              </td>
              <td>
                {entry.compliant
                  ? t('common.yes')
                  : entry.reason
                    ? t(`ranking.reason.${entry.reason}`)
                    : t('common.no')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function AwardPanel({ tender }: { tender: Tender }) {
  const award = useApiQuery('getAward', { params: { id: tender.id } });
  const missing = award.error instanceof ApiError && award.error.status === 404;
  return (
    <section aria-labelledby="award-heading">
      <h2 id="award-heading">{t('award.heading')}</h2>
      {missing ? <p>{t('award.none')}</p> : <ErrorMessage error={award.error} />}
      {award.data ? (
        <>
          <p className="award">
            {t('award.winner', { vendor: award.data.vendorId })} <MoneyText value={award.data.price} /> ·{' '}
            <TxProof txId={award.data.txId} />
          </p>
          <p>{t('award.status', { status: t(`award.status.${award.data.status}`) })}</p>
          <p>
            {t('award.standstill')}: <DateTime value={award.data.standstillEndsAt} />
          </p>
          <Ranking award={award.data} />
        </>
      ) : null}
    </section>
  );
}
