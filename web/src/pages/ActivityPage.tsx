import { useLive } from '../api/events';
import { TxProof } from '../components/common';
import { t } from '../i18n';
import { Link } from '../router';

/** The ledger's events as they arrive (newest first). */
export function ActivityPage() {
  const { events } = useLive();
  return (
    <section aria-labelledby="activity-heading">
      <h1 id="activity-heading">{t('activity.heading')}</h1>
      {events.length === 0 ? <p>{t('activity.empty')}</p> : null}
      <ol className="feed" aria-live="polite">
        {events.map((e) => (
          <li key={e.id}>
            <strong>{e.eventName}</strong>{' '}
            {e.payload.tenderId ? (
              <Link to={`/tenders/${encodeURIComponent(e.payload.tenderId)}`}>{e.payload.tenderId}</Link>
            ) : null}{' '}
            {e.payload.vendorId ?? ''} <TxProof txId={e.txId} blockNumber={e.blockNumber} />
          </li>
        ))}
      </ol>
    </section>
  );
}
