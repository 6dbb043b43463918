import { DECISIONS, type Decision } from '@procurement/contract';
import { useState } from 'react';

import { useLive } from '../../api/events';
import { useApiAction, useApiQuery } from '../../api/hooks';
import { useSession } from '../../api/session';
import { DateTime, ErrorMessage, Field, Success, TxProof } from '../../components/common';
import { t } from '../../i18n';
import { Link } from '../../router';

function ChallengeCard({ challengeId }: { challengeId: string }) {
  const { hasRole } = useSession();
  const challenge = useApiQuery('getChallenge', { params: { challengeId } });
  const decide = useApiAction('decideChallenge', { challengeId });
  const [decision, setDecision] = useState<Decision>('dismissed');
  const [reason, setReason] = useState('');
  if (!challenge.data) return <ErrorMessage error={challenge.error} />;
  const c = challenge.data;
  return (
    <li className="card">
      <h2>
        {c.challengeId}: <Link to={`/tenders/${encodeURIComponent(c.tenderId)}`}>{c.tenderId}</Link>,{' '}
        {c.vendorId}
      </h2>
      <p>{c.reason}</p>
      <p>
        <DateTime value={c.lodgedAt} /> · {c.status}
      </p>
      {c.decision ? (
        <p>{t('auditor.decided', { decision: c.decision.decision, reason: c.decision.reason })}</p>
      ) : null}
      {c.status === 'open' && hasRole('auditor') ? (
        <form
          noValidate
          aria-label={t('auditor.decision')}
          onSubmit={(e) => {
            e.preventDefault();
            decide.mutate({ decision, reason });
          }}
        >
          <fieldset>
            <legend>{t('auditor.decision')}</legend>
            {DECISIONS.map((d) => (
              <div className="check" key={d}>
                <input
                  type="radio"
                  id={`${c.challengeId}-${d}`}
                  name={`${c.challengeId}-decision`}
                  checked={decision === d}
                  onChange={() => {
                    setDecision(d);
                  }}
                />
                <label htmlFor={`${c.challengeId}-${d}`}>
                  {d === 'upheld' ? t('auditor.uphold') : t('auditor.dismiss')}
                </label>
              </div>
            ))}
          </fieldset>
          <Field label={t('common.reason')} name="reason" error={decide.error}>
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
          <ErrorMessage error={decide.error} />
          <button type="submit" disabled={decide.isPending}>
            {t('auditor.decide')}
          </button>
        </form>
      ) : null}
      {decide.data ? (
        <Success>
          <TxProof txId={decide.data.txId} blockNumber={decide.data.blockNumber} />
        </Success>
      ) : null}
    </li>
  );
}

/** Challenges lodged on the ledger (learnt from the event stream), each with its decision form. */
export function ChallengesPage() {
  const { events } = useLive();
  const ids = [
    ...new Set(
      events.filter((e) => e.eventName === 'ChallengeLodged').map((e) => e.payload.challengeId ?? ''),
    ),
  ].filter((id) => id !== '');
  return (
    <section aria-labelledby="challenges-heading">
      <h1 id="challenges-heading">{t('auditor.challengesHeading')}</h1>
      <p>{t('auditor.challengesNote')}</p>
      {ids.length === 0 ? <p>{t('common.none')}</p> : null}
      <ul className="cards">
        {ids.map((id) => (
          <ChallengeCard key={id} challengeId={id} />
        ))}
      </ul>
    </section>
  );
}
