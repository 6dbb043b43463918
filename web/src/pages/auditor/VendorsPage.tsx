import type { ComponentOf } from '@procurement/contract';
import { type SyntheticEvent, useState } from 'react';

import { useApiAction, useApiQuery } from '../../api/hooks';
import { DateTime, ErrorMessage, Field, Success, TxProof } from '../../components/common';
import { t } from '../../i18n';

type Vendor = ComponentOf<'Vendor'>;

function DebarmentState({ vendor }: { vendor: Vendor }) {
  return (
    <p data-testid="vendor-state">
      {vendor.debarred && vendor.debarment ? (
        <>
          {t('auditor.debarred', { reason: vendor.debarment.reason })}{' '}
          <DateTime value={vendor.debarment.since} />
        </>
      ) : (
        t('auditor.notDebarred')
      )}
    </p>
  );
}

/** Debar a vendor that is not debarred, or reinstate one that is, with a reason. */
function DebarmentForm({ vendor }: { vendor: Vendor }) {
  const params = { vendorId: vendor.vendorId };
  const debar = useApiAction('debarVendor', params);
  const reinstate = useApiAction('reinstateVendor', params);
  const [reason, setReason] = useState('');
  const action = vendor.debarred ? reinstate : debar;
  const done = debar.data ?? reinstate.data;
  const error = debar.error ?? reinstate.error;
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        action.mutate({ reason });
      }}
    >
      <Field label={t('common.reason')} name="reason" error={error}>
        {(p) => (
          <input
            {...p}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
            }}
          />
        )}
      </Field>
      <ErrorMessage error={error} />
      {done ? (
        <Success>
          <TxProof txId={done.txId} blockNumber={done.blockNumber} />
        </Success>
      ) : null}
      <button type="submit" className={vendor.debarred ? '' : 'danger'} disabled={action.isPending}>
        {vendor.debarred ? t('auditor.reinstate') : t('auditor.debar')}
      </button>
    </form>
  );
}

function VendorCard({ vendorId }: { vendorId: string }) {
  const vendor = useApiQuery('getVendor', { params: { vendorId } });
  if (!vendor.data) return <ErrorMessage error={vendor.error} />;
  return (
    <div className="card">
      <h2>
        {vendor.data.legalName} ({vendor.data.vendorId})
      </h2>
      <DebarmentState vendor={vendor.data} />
      <DebarmentForm vendor={vendor.data} />
    </div>
  );
}

export function VendorsPage() {
  const [input, setInput] = useState('');
  const [vendorId, setVendorId] = useState<string>();
  const find = (event: SyntheticEvent): void => {
    event.preventDefault();
    setVendorId(input.trim());
  };
  return (
    <section aria-labelledby="vendors-heading">
      <h1 id="vendors-heading">{t('auditor.vendorsHeading')}</h1>
      <form onSubmit={find} className="inline-form">
        <div className="field">
          <label htmlFor="vendor-lookup">{t('auditor.vendorLookup')}</label>
          <input
            id="vendor-lookup"
            value={input}
            onChange={(e) => {
              setInput(e.target.value);
            }}
          />
        </div>
        <button type="submit">{t('auditor.find')}</button>
      </form>
      {vendorId ? <VendorCard key={vendorId} vendorId={vendorId} /> : null}
    </section>
  );
}
