import type { TenderView as Tender } from '@procurement/contract';

import { useApiQuery } from '../../api/hooks';
import { DateTime, ErrorMessage, TxProof } from '../../components/common';
import { t } from '../../i18n';

/** Where the threshold opening stands: who released key shares, who has not, how many bids opened. */
export function OpeningPanel({ tender }: { tender: Tender }) {
  const opening = useApiQuery('getOpening', { params: { id: tender.id } });
  const closed = Date.now() >= Date.parse(tender.submissionDeadline);
  const o = opening.data;
  return (
    <section aria-labelledby="opening-heading">
      <h2 id="opening-heading">{t('opening.heading')}</h2>
      <ErrorMessage error={opening.error} />
      {closed ? null : <p>{t('opening.before')}</p>}
      {o ? (
        <>
          <p>{t('opening.threshold', { threshold: o.threshold })}</p>
          <p data-testid="opening-counts">
            {t('opening.counts', {
              sealed: o.bids.sealed,
              opened: o.bids.opened,
              unopenable: o.bids.unopenable,
            })}
          </p>
          <ul>
            {o.organisations
              .filter((org) => org.released > 0 || org.failed > 0)
              .map((org) => (
                <li key={org.organisation}>
                  {t('opening.released', { org: org.organisation, released: org.released })}
                  {org.lastReleaseAt ? (
                    <>
                      {' '}
                      <DateTime value={org.lastReleaseAt} />
                    </>
                  ) : null}
                  {org.txId ? (
                    <>
                      {' '}
                      <TxProof txId={org.txId} />
                    </>
                  ) : null}
                </li>
              ))}
          </ul>
          {o.missing.length > 0 ? <p>{t('opening.missing', { orgs: o.missing.join(', ') })}</p> : null}
          {o.complete && o.bids.opened > 0 ? <p>{t('opening.complete')}</p> : null}
        </>
      ) : null}
    </section>
  );
}
