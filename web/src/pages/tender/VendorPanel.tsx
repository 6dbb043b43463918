import {
  type Bid,
  type BidContent,
  type ComponentOf,
  type Money,
  type SealedBidEnvelope,
  type TenderView as Tender,
  sealBidContent,
} from '@procurement/contract';
import { type SyntheticEvent, useState } from 'react';

import { ApiError } from '../../api/client';
import { useApiAction, useApiQuery } from '../../api/hooks';
import { useSession } from '../../api/session';
import { Countdown, ErrorMessage, Field, MoneyText, Success, TxProof } from '../../components/common';
import { parseAmount } from '../../format/money';
import { t } from '../../i18n';

/** Seals the bid in this browser to the registered opening keys; only the envelope is sent. */
async function sealInBrowser(
  tender: Tender,
  vendorId: string,
  content: BidContent,
  keys: ComponentOf<'OpeningKeys'>,
): Promise<{ nonce: string; envelope: SealedBidEnvelope }> {
  const sealed = await sealBidContent({
    tenderId: tender.id,
    vendorId,
    content,
    openingKeys: keys.keys,
    threshold: keys.threshold,
  });
  return { nonce: sealed.nonce, envelope: sealed.envelope };
}

function Receipt({ receipt, price }: { receipt: ComponentOf<'PlacedBid'>; price: Money | undefined }) {
  return (
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
        {price ? (
          <>
            <dt>{t('vendor.sealedPrice')}</dt>
            <dd>
              <MoneyText value={price} />
            </dd>
          </>
        ) : null}
      </dl>
      <p className="hint">{t('vendor.keepReceipt')}</p>
    </div>
  );
}

/** The form's fields as the bid's content, or the refusal of an amount that is not one. */
function contentOf(
  fields: { price: string; approach: string; weeks: string },
  currency: string,
): BidContent | ApiError {
  const amount = parseAmount(fields.price, currency);
  if (amount === undefined)
    return new ApiError(400, 'INVALID_ARGUMENT', t('form.amount', { currency }), 'price');
  return {
    price: { amount, currency },
    technicalProposal: { approach: fields.approach, weeks: Number.parseInt(fields.weeks, 10) || 0 },
    documents: [],
  };
}

/** What "sealed" means here, with the network's t and n; a notice when no key is registered. */
function SealingExplained({ keys }: { keys: ComponentOf<'OpeningKeys'> | undefined }) {
  return (
    <>
      <p className="hint">
        {t('vendor.sealedExplained', { threshold: keys?.threshold ?? '?', count: keys?.keys.length ?? '?' })}
      </p>
      {keys?.keys.length === 0 ? <p className="notice">{t('vendor.noKeys')}</p> : null}
    </>
  );
}

function BidForm({ tender, replacing }: { tender: Tender; replacing: boolean }) {
  const { identity } = useSession();
  const keys = useApiQuery('listOpeningKeys');
  const place = useApiAction('placeBid', { id: tender.id });
  const currency = tender.estimatedValue.currency;
  const [price, setPrice] = useState('');
  const [approach, setApproach] = useState('');
  const [weeks, setWeeks] = useState('');
  const [local, setLocal] = useState<unknown>();
  // The price as sealed, kept in this component only, for the receipt.
  const [sealedPrice, setSealedPrice] = useState<Money>();

  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    const content = contentOf({ price, approach, weeks }, currency);
    setLocal(content instanceof ApiError ? content : undefined);
    if (content instanceof ApiError || !keys.data || !identity?.vendorId) return;
    sealInBrowser(tender, identity.vendorId, content, keys.data)
      .then((body) => {
        setSealedPrice(content.price);
        place.mutate(body);
      })
      .catch((error: unknown) => {
        setLocal(error);
      });
  };
  const error = local ?? place.error ?? keys.error;
  const noKeys = keys.data === undefined || keys.data.keys.length === 0;
  return (
    <form onSubmit={submit} aria-labelledby="bid-heading" noValidate>
      <h3 id="bid-heading">{t('vendor.bidHeading')}</h3>
      <SealingExplained keys={keys.data} />
      <Field label={t('vendor.price', { currency })} name="price" error={error}>
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
      <Field label={t('vendor.approach')} name="technicalProposal" error={error}>
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
      <Field label={t('vendor.weeks')} name="technicalProposal.weeks" error={error}>
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
      <ErrorMessage error={error} />
      {place.data ? <Receipt receipt={place.data} price={sealedPrice} /> : null}
      <button type="submit" disabled={place.isPending || noKeys}>
        {replacing ? t('vendor.replace') : t('vendor.submit')}
      </button>
    </form>
  );
}

function MyBid({ tender, bid }: { tender: Tender; bid: Bid }) {
  const withdraw = useApiAction('withdrawBid', { id: tender.id, bidId: bid.bidId });
  return (
    <section aria-labelledby="mybid-heading" className="panel">
      <h3 id="mybid-heading">{t('vendor.myBid')}</h3>
      <dl>
        <dt>{t('vendor.receiptBid')}</dt>
        <dd>{bid.bidId}</dd>
        <dt>{t('bids.status')}</dt>
        <dd>{t(`bid.status.${bid.status}`)}</dd>
        <dt>{t('bids.price')}</dt>
        <dd>{bid.price ? <MoneyText value={bid.price} /> : '—'}</dd>
        <dt>{t('vendor.receiptCommitment')}</dt>
        <dd>
          <code className="hash">{bid.commitment}</code>
        </dd>
      </dl>
      {tender.status === 'published' && bid.status === 'sealed' ? (
        <Countdown to={tender.submissionDeadline} label="tender.countdown">
          {t('tender.closed')}
        </Countdown>
      ) : null}
      {tender.status === 'published' && bid.status === 'sealed' ? (
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
        </div>
      ) : null}
      <ErrorMessage error={withdraw.error} />
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
