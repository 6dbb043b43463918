import type { TenderView as Tender } from '@procurement/contract';

import { Countdown, DateTime, MoneyText, TxProof } from '../../components/common';
import { t } from '../../i18n';
import { Link } from '../../router';

function Criteria({ tender }: { tender: Tender }) {
  const criteria = tender.awardCriteria;
  if (criteria.method === 'lowestPrice') return <dd>{t('tender.method.lowestPrice')}</dd>;
  return (
    <dd>
      {t('tender.method.bestPriceQuality')}. {t('tender.weights', { price: criteria.priceWeight })}
      <ul>
        {criteria.criteria.map((c) => (
          <li key={c.id}>{t('tender.criterion', { name: c.name, weight: c.weight, max: c.maxScore })}</li>
        ))}
      </ul>
    </dd>
  );
}

export function TenderDetails({ tender }: { tender: Tender }) {
  return (
    <>
      <p>
        <span className={`badge badge-${tender.status}`}>{t(`status.${tender.status}`)}</span>{' '}
        {tender.status === 'published' ? (
          <Countdown to={tender.submissionDeadline} label="tender.countdown">
            {t('tender.closed')}
          </Countdown>
        ) : null}
      </p>
      {tender.cancellation ? (
        <p className="notice">{t('tender.cancelled', { reason: tender.cancellation.reason })}</p>
      ) : null}
      <dl className="details">
        <dt>{t('tender.description')}</dt>
        <dd>{tender.description}</dd>
        <dt>{t('tenders.agency')}</dt>
        <dd>{tender.agency}</dd>
        <dt>{t('tender.cpv')}</dt>
        <dd>{tender.cpv}</dd>
        <dt>{t('tender.procedure')}</dt>
        <dd>{tender.procedure}</dd>
        <dt>{t('tenders.value')}</dt>
        <dd>
          <MoneyText value={tender.estimatedValue} />
        </dd>
        {tender.budgetCeiling ? (
          <>
            <dt>{t('tender.budget')}</dt>
            <dd>
              <MoneyText value={tender.budgetCeiling} />
            </dd>
          </>
        ) : null}
        <dt>{t('tender.submission')}</dt>
        <dd data-testid="submission-deadline">
          <DateTime value={tender.submissionDeadline} />
        </dd>
        <dt>{t('tender.opening')}</dt>
        <dd>
          <DateTime value={tender.openingDeadline} />
        </dd>
        <dt>{t('tender.method')}</dt>
        <Criteria tender={tender} />
        {tender.evaluators ? (
          <>
            <dt>{t('tender.evaluators')}</dt>
            <dd>{tender.evaluators.join(', ')}</dd>
          </>
        ) : null}
        <dt>{t('tender.documents')}</dt>
        <dd>
          <ul>
            {tender.documents.map((d) => (
              <li key={d.sha256}>
                {d.url ? <a href={d.url}>{d.name}</a> : d.name} <code className="hash">{d.sha256}</code>
              </li>
            ))}
          </ul>
        </dd>
      </dl>
      {tender.amendments.length > 0 ? (
        <>
          <h2>{t('tender.amendments')}</h2>
          <ul>
            {tender.amendments.map((a) => (
              <li key={a.seq}>
                {t('tender.amendment', { seq: a.seq, reason: a.reason })} <DateTime value={a.at} />{' '}
                <TxProof txId={a.txId} />
                {a.extendedDeadline ? <strong> {t('tender.extended')}</strong> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        {t('tender.lastTx', { txId: tender.txId })} ·{' '}
        <Link to={`/tenders/${encodeURIComponent(tender.id)}/timeline`}>{t('timeline.open')}</Link>
      </p>
    </>
  );
}
