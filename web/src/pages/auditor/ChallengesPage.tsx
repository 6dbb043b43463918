import { DECISIONS, type Decision } from '@procurement/contract';
import { useState } from 'react';

import { useEventsFrom, useLive } from '../../api/events';
import { useApiAction, useApiQuery } from '../../api/hooks';
import { useSession } from '../../api/session';
import { DateTime, ErrorMessage, Field, Loading, Success, TxProof } from '../../components/common';
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

/** How many of the newest awards the page looks back over for challenges. */
export const CHALLENGE_AWARDS = 50;

/**
 * Where the challenges worth showing start: a challenge is lodged during an award's standstill, so it
 * lies after the block of the oldest award still in standstill among the newest awards. Undefined
 * while that is being read, and when no award is in standstill (then only new events count).
 */
function useChallengeWindow() {
  const awards = useApiQuery('listAwards', { query: { pageSize: String(CHALLENGE_AWARDS) } });
  const oldest = awards.data?.items.filter((a) => a.status === 'standstill').at(-1);
  const proof = useApiQuery(
    'publicProof',
    { params: { txId: oldest?.txId ?? '' } },
    { enabled: oldest !== undefined },
  );
  return {
    fromBlock: proof.data?.blockNumber,
    pending: awards.isPending || (oldest !== undefined && proof.isPending),
    error: awards.error ?? proof.error,
  };
}

const CHALLENGE_EVENTS = ['ChallengeLodged'] as const;

/**
 * Challenges lodged against the recent awards, each with its decision form: read from the event
 * stream from the oldest award still in standstill on (never from the chain's first block), plus those
 * lodged while the page is open.
 */
export function ChallengesPage() {
  const { events } = useLive();
  const span = useChallengeWindow();
  const past = useEventsFrom(span.fromBlock, CHALLENGE_EVENTS);
  const ids = [
    ...new Set(
      [...past, ...events.filter((e) => e.eventName === 'ChallengeLodged').reverse()].map(
        (e) => e.payload.challengeId ?? '',
      ),
    ),
  ].filter((id) => id !== '');
  return (
    <section aria-labelledby="challenges-heading">
      <h1 id="challenges-heading">{t('auditor.challengesHeading')}</h1>
      <p>{t('auditor.challengesNote', { count: String(CHALLENGE_AWARDS) })}</p>
      {span.pending ? <Loading /> : null}
      <ErrorMessage error={span.error} />
      {ids.length === 0 && !span.pending ? <p>{t('common.none')}</p> : null}
      <ul className="cards">
        {ids.map((id) => (
          <ChallengeCard key={id} challengeId={id} />
        ))}
      </ul>
    </section>
  );
}
