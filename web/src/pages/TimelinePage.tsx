import { useApiQuery } from '../api/hooks';
import { DateTime, ErrorMessage, Loading, TxProof } from '../components/common';
import { t } from '../i18n';
import { Link } from '../router';

/** Every version of a tender, oldest first, each with the transaction that wrote it. */
export function TimelinePage({ id }: { id: string }) {
  const history = useApiQuery('tenderHistory', { params: { id } });
  if (history.isPending) return <Loading />;
  return (
    <section aria-labelledby="timeline-heading">
      <h1 id="timeline-heading">
        {t('timeline.heading')} · <Link to={`/tenders/${encodeURIComponent(id)}`}>{id}</Link>
      </h1>
      <ErrorMessage error={history.error} />
      <ol className="timeline">
        {(history.data?.items ?? []).map((version) => (
          <li key={version.txId}>
            <DateTime value={version.timestamp} />
            <p>
              {t('timeline.entry', {
                status: version.tender ? t(`status.${version.tender.status}`) : '—',
                msp: version.mspId,
              })}
            </p>
            <TxProof txId={version.txId} />
          </li>
        ))}
      </ol>
    </section>
  );
}
