import type { TenderView as Tender } from '@procurement/contract';

import { useApiQuery } from '../api/hooks';
import { useSession } from '../api/session';
import { ErrorMessage, Loading } from '../components/common';
import { t } from '../i18n';
import { AwardPanel } from './tender/AwardPanel';
import { BidsPanel } from './tender/BidsPanel';
import { EvaluatorPanel } from './tender/EvaluatorPanel';
import { OfficerPanel } from './tender/OfficerPanel';
import { OpeningPanel } from './tender/OpeningPanel';
import { TenderDetails } from './tender/TenderDetails';
import { VendorPanel } from './tender/VendorPanel';

/** What a tender shows once it is published: its bids, their opening, the award. */
function Published({ tender }: { tender: Tender }) {
  return (
    <>
      <BidsPanel tender={tender} />
      <OpeningPanel tender={tender} />
      <AwardPanel tender={tender} />
    </>
  );
}

export function TenderPage({ id }: { id: string }) {
  const { identity, hasRole } = useSession();
  const tender = useApiQuery('getTender', { params: { id } });
  if (tender.isPending) return <Loading />;
  if (!tender.data) return <ErrorMessage error={tender.error} />;
  const data = tender.data;
  const owner = hasRole('officer') && identity?.mspId === data.agency;
  return (
    <article aria-labelledby="tender-heading">
      <h1 id="tender-heading">
        {data.title} <span className="sub">{t('tender.heading', { id: data.id })}</span>
      </h1>
      <TenderDetails tender={data} />
      {owner ? <OfficerPanel tender={data} /> : null}
      {hasRole('vendor') ? <VendorPanel tender={data} /> : null}
      {hasRole('evaluator') ? <EvaluatorPanel tender={data} /> : null}
      {data.status === 'draft' ? null : <Published tender={data} />}
    </article>
  );
}
