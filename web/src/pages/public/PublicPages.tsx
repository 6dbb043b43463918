/**
 * The public register, for anyone without logging in (`/public/v1`): tenders with their deadlines,
 * a tender's page (timeline, documents, opened bids, award, red flags, OCDS record), awards, red flags,
 * and each ledger fact's proof (block, validation, endorsing organisations).
 */
import { type SyntheticEvent, useState } from 'react';

import { pathOf } from '../../api/client';
import { useApiAction, useApiQuery } from '../../api/hooks';
import { useSession } from '../../api/session';
import {
  DateTime,
  ErrorMessage,
  Field,
  Loading,
  MoneyText,
  Success,
  TableWrap,
  TenderFacts,
} from '../../components/common';
import { t } from '../../i18n';
import { Link } from '../../router';

/** A link to the proof page of a transaction. */
function ProofLink({ txId }: { txId: string }) {
  return (
    <Link to={`/register/proof/${txId}`} className="tx">
      {t('public.proof')} {txId.slice(0, 12)}…
    </Link>
  );
}

export function PublicNav() {
  return (
    <nav aria-label={t('public.heading')} className="subnav">
      <ul>
        <li>
          <Link to="/register">{t('public.tenders')}</Link>
        </li>
        <li>
          <Link to="/register/awards">{t('public.awards')}</Link>
        </li>
        <li>
          <Link to="/register/red-flags">{t('public.redFlags')}</Link>
        </li>
      </ul>
    </nav>
  );
}

export function PublicTendersPage() {
  const [input, setInput] = useState('');
  const [q, setQ] = useState<string>();
  const tenders = useApiQuery('publicTenders', { query: { q, pageSize: '50' } });
  const search = (event: SyntheticEvent): void => {
    event.preventDefault();
    setQ(input.trim() === '' ? undefined : input.trim());
  };
  return (
    <section aria-labelledby="public-heading">
      <h1 id="public-heading">{t('public.heading')}</h1>
      <p>{t('public.note')}</p>
      <PublicNav />
      <form onSubmit={search} className="inline-form" role="search">
        <div className="field">
          <label htmlFor="public-q">{t('public.search')}</label>
          <input
            id="public-q"
            type="search"
            value={input}
            onChange={(e) => {
              setInput(e.target.value);
            }}
          />
        </div>
        <button type="submit">{t('public.searchButton')}</button>
      </form>
      {tenders.isPending ? <Loading /> : null}
      <ErrorMessage error={tenders.error} />
      {tenders.data?.items.length === 0 ? <p>{t('tenders.empty')}</p> : null}
      <ul className="cards">
        {(tenders.data?.items ?? []).map((tender) => (
          <li key={tender.id} className="card">
            <h2>
              <Link to={`/register/tenders/${encodeURIComponent(tender.id)}`}>{tender.title}</Link>
            </h2>
            <dl>
              <dt>{t('common.status')}</dt>
              <dd>{t(`status.${tender.status}`)}</dd>
              <TenderFacts tender={tender} />
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );
}

type Detail = NonNullable<ReturnType<typeof useApiQuery<'publicTender'>>['data']>;

type PublicFlag = Detail['redFlags'][number];

/** The auditor's note on a reviewed flag, with when it was written. */
function FlagReviewNote({ flag }: { flag: PublicFlag }) {
  if (!flag.review) return null;
  return (
    <p className="flag-review">
      {t('public.flagReview', { note: flag.review.note })} (<DateTime value={flag.review.at} />)
    </p>
  );
}

function Timeline({ detail }: { detail: Detail }) {
  return (
    <>
      <h2>{t('public.timeline')}</h2>
      <ol className="timeline">
        {detail.timeline.map((entry) => (
          <li key={entry.txId}>
            <DateTime value={entry.time} />{' '}
            {t('public.event', { event: entry.event, org: entry.organisation })}{' '}
            <ProofLink txId={entry.txId} />
          </li>
        ))}
      </ol>
    </>
  );
}

function PublicBids({ detail }: { detail: Detail }) {
  if (!detail.bids) return <p>{t('public.bidsAfterOpening')}</p>;
  return (
    <TableWrap label={t('bids.heading')}>
      <table>
        <caption>{t('bids.heading')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('bids.vendor')}</th>
            <th scope="col">{t('bids.status')}</th>
            <th scope="col">{t('bids.price')}</th>
          </tr>
        </thead>
        <tbody>
          {detail.bids.map((bid) => (
            <tr key={bid.bidId}>
              <td>
                {bid.vendor.legalName} ({bid.vendor.vendorId})
              </td>
              <td>{bid.status}</td>
              <td>{bid.price ? <MoneyText value={bid.price} /> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function PublicAward({ detail }: { detail: Detail }) {
  const award = detail.award;
  return (
    <>
      <h2>{t('award.heading')}</h2>
      {award ? (
        <p className="award">
          {t('award.winner', { vendor: `${award.vendor.legalName} (${award.vendor.vendorId})` })}{' '}
          <MoneyText value={award.price} /> · {t(`award.status.${award.status}`)} ·{' '}
          <ProofLink txId={award.txId} />
        </p>
      ) : (
        <p>{t('award.none')}</p>
      )}
    </>
  );
}

export function PublicTenderPage({ id }: { id: string }) {
  const detail = useApiQuery('publicTender', { params: { id } });
  if (detail.isPending) return <Loading />;
  if (!detail.data) return <ErrorMessage error={detail.error} />;
  const d = detail.data;
  return (
    <article aria-labelledby="public-tender-heading">
      <h1 id="public-tender-heading">
        {d.title} <span className="sub">{t('tender.heading', { id: d.id })}</span>
      </h1>
      <PublicNav />
      <p>
        <span className={`badge badge-${d.status}`}>{t(`status.${d.status}`)}</span>
      </p>
      <dl className="details">
        <dt>{t('tender.description')}</dt>
        <dd>{d.description}</dd>
        <dt>{t('tenders.agency')}</dt>
        <dd>{d.agency}</dd>
        <dt>{t('tender.cpv')}</dt>
        <dd>{d.cpv}</dd>
        <dt>{t('tenders.value')}</dt>
        <dd>
          <MoneyText value={d.estimatedValue} />
        </dd>
        <dt>{t('tender.submission')}</dt>
        <dd>
          <DateTime value={d.submissionDeadline} />
        </dd>
        <dt>{t('tender.opening')}</dt>
        <dd>
          <DateTime value={d.openingDeadline} />
        </dd>
      </dl>
      <p>
        <a href={pathOf('publicRecord', { ocid: d.ocid })} download={`${d.ocid}.json`}>
          {t('public.ocds')}
        </a>
      </p>
      <Timeline detail={d} />
      <h2>{t('bids.heading')}</h2>
      <PublicBids detail={d} />
      <PublicAward detail={d} />
      <h2>{t('public.redFlags')}</h2>
      {d.redFlags.length === 0 ? <p>{t('common.none')}</p> : null}
      <ul>
        {d.redFlags.map((flag) => (
          <li key={flag.flagId}>
            {flag.code} ({flag.status}) <DateTime value={flag.raisedAt} /> <ProofLink txId={flag.txId} />
            <FlagReviewNote flag={flag} />
          </li>
        ))}
      </ul>
    </article>
  );
}

export function PublicAwardsPage() {
  const awards = useApiQuery('publicAwards', { query: { pageSize: '50' } });
  return (
    <section aria-labelledby="public-awards-heading">
      <h1 id="public-awards-heading">{t('public.awards')}</h1>
      <PublicNav />
      <ErrorMessage error={awards.error} />
      {awards.data?.items.length === 0 ? <p>{t('common.none')}</p> : null}
      <ul className="cards">
        {(awards.data?.items ?? []).map((a) => (
          <li key={a.txId} className="card">
            <h2>
              <Link to={`/register/tenders/${encodeURIComponent(a.tenderId)}`}>{a.tenderId}</Link>
            </h2>
            <p>
              {t('award.winner', { vendor: `${a.vendor.legalName} (${a.vendor.vendorId})` })}{' '}
              <MoneyText value={a.price} />
            </p>
            <p>
              <DateTime value={a.awardedAt} /> · <ProofLink txId={a.txId} />
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The auditor's review of one flag: a note, written on the ledger once (issue 11 §3). */
function ReviewFlag({ flagId }: { flagId: string }) {
  const review = useApiAction('reviewRedFlag', { flagId });
  const [note, setNote] = useState('');
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    review.mutate({ note });
  };
  if (review.data) {
    return (
      <Success>{t('form.done', { txId: review.data.txId, block: String(review.data.blockNumber) })}</Success>
    );
  }
  return (
    <form onSubmit={submit} noValidate className="inline-form">
      <Field label={t('auditor.flagNote')} name={`note-${flagId}`} error={review.error}>
        {(p) => (
          <input
            {...p}
            value={note}
            onChange={(e) => {
              setNote(e.target.value);
            }}
          />
        )}
      </Field>
      <ErrorMessage error={review.error} />
      <button type="submit" disabled={review.isPending}>
        {t('auditor.flagReview')}
      </button>
    </form>
  );
}

export function PublicRedFlagsPage() {
  const { hasRole } = useSession();
  const flags = useApiQuery('publicRedFlags', { query: { pageSize: '50' } });
  return (
    <section aria-labelledby="public-flags-heading">
      <h1 id="public-flags-heading">{t('public.redFlags')}</h1>
      <PublicNav />
      <ErrorMessage error={flags.error} />
      {flags.data?.items.length === 0 ? <p>{t('common.none')}</p> : null}
      <ul>
        {(flags.data?.items ?? []).map((f) => (
          <li key={f.flagId}>
            <strong>{f.code}</strong> ·{' '}
            <Link to={`/register/tenders/${encodeURIComponent(f.tenderId)}`}>{f.tenderId}</Link> · {f.agency}{' '}
            · {f.status} · <DateTime value={f.raisedAt} /> · <ProofLink txId={f.txId} />
            <FlagReviewNote flag={f} />
            {hasRole('auditor') && f.status !== 'reviewed' ? <ReviewFlag flagId={f.flagId} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ProofPage({ txId }: { txId: string }) {
  const proof = useApiQuery('publicProof', { params: { txId } });
  if (proof.isPending) return <Loading />;
  if (!proof.data) return <ErrorMessage error={proof.error} />;
  const p = proof.data;
  return (
    <section aria-labelledby="proof-heading">
      <h1 id="proof-heading">{t('public.proofHeading', { txId: p.txId })}</h1>
      <PublicNav />
      <dl className="details">
        <dt>{t('public.proofChannel')}</dt>
        <dd>{p.channel}</dd>
        <dt>{t('public.proofBlock')}</dt>
        <dd>{p.blockNumber}</dd>
        <dt>{t('public.proofTime')}</dt>
        <dd>
          <DateTime value={p.time} />
        </dd>
        <dt>{t('public.proofValidation')}</dt>
        <dd>{p.validationCode}</dd>
        <dt>{t('public.proofCreator')}</dt>
        <dd>{p.creator}</dd>
        <dt>{t('public.proofEndorsers')}</dt>
        <dd>{p.endorsers.join(', ')}</dd>
      </dl>
    </section>
  );
}
