import type { TenderView as Tender } from '@procurement/contract';

import { useApiQuery } from '../../api/hooks';
import { DateTime, ErrorMessage, MoneyText, TableWrap } from '../../components/common';
import { t } from '../../i18n';

/** Every bid on the tender as the reader may see it: commitments before opening, prices after. */
export function BidsPanel({ tender }: { tender: Tender }) {
  const bids = useApiQuery('listBids', { params: { id: tender.id } }, { sensitive: true });
  const items = bids.data?.items ?? [];
  return (
    <section aria-labelledby="bids-heading">
      <h2 id="bids-heading">{t('bids.heading')}</h2>
      <p className="hint">{t('bids.sealedNote')}</p>
      <ErrorMessage error={bids.error} />
      {bids.data ? <p>{t('bids.count', { count: bids.data.total })}</p> : null}
      {bids.isSuccess && items.length === 0 ? <p>{t('bids.empty')}</p> : null}
      {items.length > 0 ? (
        <TableWrap label={t('bids.heading')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('bids.vendor')}</th>
                <th scope="col">{t('bids.status')}</th>
                <th scope="col">{t('bids.commitment')}</th>
                <th scope="col">{t('bids.price')}</th>
                <th scope="col">{t('bids.committedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((bid) => (
                <tr key={bid.bidId}>
                  <td>{bid.vendorId}</td>
                  <td>{t(`bid.status.${bid.status}`)}</td>
                  <td>
                    <code className="hash">{bid.commitment}</code>
                  </td>
                  <td>{bid.price ? <MoneyText value={bid.price} /> : '—'}</td>
                  <td>
                    <DateTime value={bid.committedAt} />
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
