import type { Bid, Tender } from '@procurement/contract';
import { type SyntheticEvent, useState } from 'react';

import { ApiError } from '../../api/client';
import { useApiAction, useApiQuery } from '../../api/hooks';
import { useSession } from '../../api/session';
import { Countdown, ErrorMessage, Field, MoneyText, Success, TxProof } from '../../components/common';
import { parseAmount } from '../../format/money';
import { t } from '../../i18n';

function BidForm({ tender, replacing }: { tender: Tender; replacing: boolean }) {
  const place = useApiAction('placeBid', { id: tender.id });
  const currency = tender.estimatedValue.currency;
  const [price, setPrice] = useState('');
  const [approach, setApproach] = useState('');
  const [weeks, setWeeks] = useState('');
  const [local, setLocal] = useState<string>();

  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    const amount = parseAmount(price, currency);
    if (amount === undefined) {
      setLocal(t('form.amount', { currency }));
      return;
    }
    setLocal(undefined);
    place.mutate({
      price: { amount, currency },
      technicalProposal: { approach, weeks: Number.parseInt(weeks, 10) || 0 },
    });
  };
  const receipt = place.data;
  const priceError = local ? new ApiError(400, 'INVALID_ARGUMENT', local, 'price') : place.error;
  return (
    <form onSubmit={submit} aria-labelledby="bid-heading" noValidate>
      <h3 id="bid-heading">{t('vendor.bidHeading')}</h3>
      <p className="hint">{t('vendor.sealedExplained')}</p>
      <Field label={t('vendor.price', { currency })} name="price" error={priceError}>
        {(p) => (
          <input
            {...p}
            inputMode="decimal"
            value={price}
            onChange={(e) => {
              setPrice(e.target.value);
            }}
          />
        )}
      </Field>
      <Field label={t('vendor.approach')} name="technicalProposal" error={place.error}>
        {(p) => (
          <textarea
            {...p}
            value={approach}
            onChange={(e) => {
              setApproach(e.target.value);
            }}
          />
        )}
      </Field>
      <Field label={t('vendor.weeks')} name="technicalProposal.weeks" error={place.error}>
        {(p) => (
          <input
            {...p}
            inputMode="numeric"
            value={weeks}
            onChange={(e) => {
              setWeeks(e.target.value);
            }}
          />
        )}
      </Field>
      <ErrorMessage error={place.error} />
      {receipt ? (
        <div className="receipt" role="status" aria-labelledby="receipt-heading">
          <h4 id="receipt-heading">{t('vendor.receipt')}</h4>
          <dl>
            <dt>{t('vendor.receiptBid')}</dt>
            <dd data-testid="receipt-bid">{receipt.bidId}</dd>
            <dt>{t('vendor.receiptCommitment')}</dt>
            <dd>
              <code className="hash">{receipt.commitment}</code>
            </dd>
            <dt>{t('vendor.receiptTx')}</dt>
            <dd>
              <TxProof txId={receipt.txId} blockNumber={receipt.blockNumber} />
            </dd>
          </dl>
        </div>
      ) : null}
      <button type="submit" disabled={place.isPending}>
        {replacing ? t('vendor.replace') : t('vendor.submit')}
      </button>
    </form>
  );
}

function MyBid({ tender, bid }: { tender: Tender; bid: Bid }) {
  const withdraw = useApiAction('withdrawBid', { id: tender.id, bidId: bid.bidId });
  const reveal = useApiAction('revealBid', { id: tender.id, bidId: bid.bidId });
  const price = bid.sealed?.price ?? bid.price;
  return (
    <section aria-labelledby="mybid-heading" className="panel">
      <h3 id="mybid-heading">{t('vendor.myBid')}</h3>
      <dl>
        <dt>{t('vendor.receiptBid')}</dt>
        <dd>{bid.bidId}</dd>
        <dt>{t('bids.status')}</dt>
        <dd>{t(`bid.status.${bid.status}`)}</dd>
        <dt>{t('bids.price')}</dt>
        <dd>{price ? <MoneyText value={price} /> : '—'}</dd>
        <dt>{t('vendor.receiptCommitment')}</dt>
        <dd>
          <code className="hash">{bid.commitment}</code>
        </dd>
      </dl>
      {tender.status === 'published' ? (
        <>
          <Countdown to={tender.submissionDeadline} label="tender.countdown">
            <p>{t('vendor.revealWindow')}</p>
            <Countdown to={tender.openingDeadline} label="tender.openingCountdown" />
          </Countdown>
          <div className="buttons">
            <button
              type="button"
              className="secondary"
              disabled={withdraw.isPending}
              onClick={() => {
                withdraw.mutate(undefined);
              }}
            >
              {t('vendor.withdraw')}
            </button>
            <button
              type="button"
              disabled={reveal.isPending}
              onClick={() => {
                reveal.mutate(undefined);
              }}
            >
              {t('vendor.reveal')}
            </button>
          </div>
          <ErrorMessage error={withdraw.error ?? reveal.error} />
          {reveal.data ? (
            <Success>
              {t('form.done', { txId: reveal.data.txId, block: String(reveal.data.blockNumber) })}
            </Success>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function ChallengeForm({ tender }: { tender: Tender }) {
  const lodge = useApiAction('lodgeChallenge', { id: tender.id });
  const [reason, setReason] = useState('');
  return (
    <form
      aria-labelledby="challenge-heading"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        lodge.mutate({ reason });
      }}
    >
      <h3 id="challenge-heading">{t('vendor.challenge')}</h3>
      <Field label={t('common.reason')} name="reason" error={lodge.error}>
        {(p) => (
          <textarea
            {...p}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
            }}
          />
        )}
      </Field>
      <ErrorMessage error={lodge.error} />
      {lodge.data ? <Success>{t('vendor.challengeLodged', { id: lodge.data.challengeId })}</Success> : null}
      <button type="submit" disabled={lodge.isPending}>
        {t('vendor.challenge')}
      </button>
    </form>
  );
}

/** The vendor's own bid on the tender: place, replace, withdraw, reveal, and challenge the award. */
export function VendorPanel({ tender }: { tender: Tender }) {
  const { identity } = useSession();
  const bids = useApiQuery('listBids', { params: { id: tender.id } }, { sensitive: true });
  const mine = (bids.data?.items ?? []).find(
    (b) => b.vendorId === identity?.vendorId && b.status !== 'replaced' && b.status !== 'withdrawn',
  );
  return (
    <section aria-label={t('role.vendor')}>
      {mine ? <MyBid tender={tender} bid={mine} /> : bids.isSuccess ? <p>{t('vendor.noBid')}</p> : null}
      {tender.status === 'published' ? <BidForm tender={tender} replacing={mine !== undefined} /> : null}
      {tender.status === 'awarded' ? <ChallengeForm tender={tender} /> : null}
    </section>
  );
}
