import type { Bid, TenderView as Tender } from '@procurement/contract';
import { type SyntheticEvent, useState } from 'react';

import { useApiAction, useApiQuery } from '../../api/hooks';
import { useSession } from '../../api/session';
import { ErrorMessage, Field, Success, TxProof } from '../../components/common';
import { t } from '../../i18n';

type Criterion = Extract<Tender['awardCriteria'], { method: 'bestPriceQuality' }>['criteria'][number];

function ScoreForm({ tender, bid, criteria }: { tender: Tender; bid: Bid; criteria: readonly Criterion[] }) {
  const submit = useApiAction('submitEvaluation', { id: tender.id });
  const [scores, setScores] = useState<Record<string, string>>({});
  const onSubmit = (event: SyntheticEvent): void => {
    event.preventDefault();
    const values = Object.fromEntries(criteria.map((c) => [c.id, Number.parseInt(scores[c.id] ?? '', 10)]));
    submit.mutate({ bidId: bid.bidId, scores: values, conflictOfInterest: false });
  };
  return (
    <form onSubmit={onSubmit} aria-label={t('eval.score', { bidId: bid.bidId })} noValidate className="panel">
      <h4>{t('eval.score', { bidId: bid.bidId })}</h4>
      {criteria.map((c) => (
        <Field
          key={c.id}
          label={t('eval.criterion', { name: c.name, weight: c.weight, max: c.maxScore })}
          name={`scores.${c.id}`}
          error={submit.error}
        >
          {(p) => (
            <input
              {...p}
              inputMode="numeric"
              value={scores[c.id] ?? ''}
              onChange={(e) => {
                setScores({ ...scores, [c.id]: e.target.value });
              }}
            />
          )}
        </Field>
      ))}
      <ErrorMessage error={submit.error} />
      {submit.data ? (
        <Success>
          {t('eval.scored')} <TxProof txId={submit.data.txId} blockNumber={submit.data.blockNumber} />
        </Success>
      ) : null}
      <button type="submit" disabled={submit.isPending || submit.isSuccess}>
        {t('eval.submit')}
      </button>
    </form>
  );
}

function Declaration({ tender, onDeclared }: { tender: Tender; onDeclared: () => void }) {
  const recuse = useApiAction('submitEvaluation', { id: tender.id });
  const bids = useApiQuery('listBids', { params: { id: tender.id } });
  const [declared, setDeclared] = useState(false);
  const firstBid = bids.data?.items[0]?.bidId;
  return (
    <div className="panel">
      <div className="check">
        <input
          id="declare"
          type="checkbox"
          checked={declared}
          onChange={(e) => {
            setDeclared(e.target.checked);
            if (e.target.checked) onDeclared();
          }}
        />
        <label htmlFor="declare">{t('eval.declare')}</label>
      </div>
      <button
        type="button"
        className="secondary"
        disabled={recuse.isPending || firstBid === undefined}
        onClick={() => {
          if (firstBid !== undefined)
            recuse.mutate({ bidId: firstBid, scores: {}, conflictOfInterest: true });
        }}
      >
        {t('eval.recuse')}
      </button>
      <ErrorMessage error={recuse.error} />
      {recuse.data ? <Success>{t('eval.recused')}</Success> : null}
    </div>
  );
}

/** For a committee member: the conflict-of-interest declaration, then a scoring form per bid. */
export function EvaluatorPanel({ tender }: { tender: Tender }) {
  const { identity } = useSession();
  const [declared, setDeclared] = useState(false);
  const opened = Date.now() >= new Date(tender.openingDeadline).getTime();
  const bids = useApiQuery('listBids', { params: { id: tender.id } }, { enabled: opened });
  if (
    tender.awardCriteria.method !== 'bestPriceQuality' ||
    !identity ||
    !(tender.evaluators ?? []).includes(identity.username)
  )
    return null;
  const criteria = tender.awardCriteria.criteria;
  const scorable = (bids.data?.items ?? []).filter((b) => b.status === 'opened');
  return (
    <section aria-labelledby="eval-heading">
      <h2 id="eval-heading">{t('eval.heading')}</h2>
      {opened && scorable.length > 0 ? null : <p>{t('eval.notYet')}</p>}
      <Declaration
        tender={tender}
        onDeclared={() => {
          setDeclared(true);
        }}
      />
      {declared
        ? scorable.map((bid) => <ScoreForm key={bid.bidId} tender={tender} bid={bid} criteria={criteria} />)
        : null}
    </section>
  );
}
