import { Context, Returns, Transaction } from 'fabric-contract-api';
import type {
  Award,
  BidRecord,
  Challenge,
  ContractRecord,
  Evaluation,
  Policy,
  Recusal,
  Tender,
} from '@procurement/contract';
import { requireAllowed, requireOwningAgency, usernameOf } from '../access';
import { actingVendor } from '../ledger/acting-vendor';
import { conflict, deadlinePassed, notAuthorised, tooEarly } from '../errors';
import { invertedTime, key, T } from '../ledger/keys';
import { loadKeyrings, loadReleases } from '../ledger/opening';
import { findVendor, loadAward, loadChallenge, loadTender, tenderPolicy } from '../ledger/records';
import {
  bookmarkAt,
  emit,
  exists,
  getJson,
  getText,
  paginate,
  putJson,
  putText,
  scan,
} from '../ledger/state';
import { txOf } from '../ledger/tx';
import { isScoringClosed, requireOpened, scoringDeadlineOf } from '../rules/deadlines';
import { nextStatus, requireStep } from '../rules/lifecycle';
import { compliantBidIds, missingScorers, rankBids } from '../rules/ranking';
import { type Clocks, earliestOf, latestOf, SECOND, toIso, toMillis } from '../rules/time';
import { isDebarred } from '../rules/vendors';
import { decisionSchema, listAwardsSchema, reasonSchema, recordContractSchema } from '@procurement/contract';
import { check, checkIds, parseJson } from '../rules/validation';
import { raiseAwardFlags } from '../redflags/raise';
import { ProcurementContract, result } from './base';
import { saveTender } from './tender';

/**
 * The award waits until no live bid is still sealed: every one is opened or unopenable. Organisations
 * that released nothing are recorded on the award; too few of them keep the tender closed, and the
 * refusal names them.
 */
async function requireOpeningComplete(
  ctx: Context,
  tenderId: string,
  bids: readonly BidRecord[],
): Promise<NonNullable<Award['opening']>> {
  const registered = (await loadKeyrings(ctx)).map((ring) => ring.organisation);
  const released = (await loadReleases(ctx, tenderId)).map((r) => r.organisation);
  const missing = registered.filter((org) => !released.includes(org));
  const sealed = bids.filter((b) => b.status === 'sealed').length;
  if (sealed > 0) {
    throw conflict(
      `${sealed} bid(s) are still sealed: too few organisations have released their key shares (missing: ${missing.join(', ') || 'none'})`,
    );
  }
  return { released, missing };
}

/** What the award-history index entries hold: the award as made, without its ranking. */
type AwardSnapshot = Omit<Award, 'ranking'>;

/**
 * Committee members who have not scored every compliant bid. Before the scoring deadline (by both
 * clocks) the award waits for them (CONFLICT); after it, the award goes ahead without them and names
 * them. Every endorser either refuses or computes the same award: the clocks decide only whether.
 */
function silentEvaluators(
  tender: Tender,
  policy: Policy,
  clocks: Clocks,
  recused: readonly string[],
  evaluations: readonly Evaluation[],
  bids: Parameters<typeof compliantBidIds>[0],
): string[] {
  const members = tender.evaluators.filter((m) => !recused.includes(m));
  const missing = missingScorers(members, compliantBidIds(bids), evaluations);
  if (missing.length === 0) return [];
  const deadline = toIso(scoringDeadlineOf(tender, policy));
  if (!isScoringClosed(tender, policy, clocks))
    throw conflict(
      `evaluators ${missing.join(', ')} have not scored every bid; the scoring deadline is ${deadline}`,
    );
  if (missing.length === members.length)
    throw conflict(
      `no evaluator scored every bid by the scoring deadline ${deadline}: nothing can be awarded`,
    );
  return missing;
}

/**
 * The tender's live bids (committed or revealed) and which of their vendors are debarred now.
 * Per-tender scans: re-validated as phantom reads, so a late write invalidates the award.
 */
async function liveBids(
  ctx: Context,
  tenderId: string,
  now: string,
): Promise<{ bids: BidRecord[]; debarred: Set<string> }> {
  const bids = (await scan(ctx, T.bid, [tenderId]))
    .map((r) => JSON.parse(r.value) as BidRecord)
    .filter((b) => b.status === 'sealed' || b.status === 'opened' || b.status === 'unopenable');
  const debarred = new Set<string>();
  for (const vendorId of [...new Set(bids.map((b) => b.vendorId))].sort()) {
    const vendor = await findVendor(ctx, vendorId);
    if (vendor && isDebarred(vendor.debarment, now)) debarred.add(vendorId);
  }
  return { bids, debarred };
}

interface CommitteeScores {
  recused: string[];
  evaluations: Evaluation[];
}
const NO_SCORES: CommitteeScores = { recused: [], evaluations: [] };

/** The committee's recusals and scores on a tender. */
async function committeeScores(ctx: Context, tenderId: string): Promise<CommitteeScores> {
  return {
    recused: (await scan(ctx, T.recusal, [tenderId])).map((r) => (JSON.parse(r.value) as Recusal).evaluator),
    evaluations: (await scan(ctx, T.evaluation, [tenderId])).map((r) => JSON.parse(r.value) as Evaluation),
  };
}

/** Local context class: decorator metadata then names it directly (see base.ts). */
class AwardTxContext extends Context {}

export class AwardContract extends ProcurementContract {
  override createContext(): AwardTxContext {
    return new AwardTxContext();
  }

  constructor() {
    super('award');
  }

  @Transaction()
  @Returns('string')
  async Make(ctx: AwardTxContext, tenderId: string) {
    const tx = txOf(ctx);
    requireAllowed(tx.actor, 'award:Make');
    checkIds(['tenderId', tenderId]);
    const tender = await loadTender(ctx, tenderId);
    requireOwningAgency(tx.actor, tender.agency);
    requireOpened(tender, tx.clocks);
    const awarded = requireStep(tender, 'award:Make');
    const { bids, debarred } = await liveBids(ctx, tenderId, tx.now);
    const opening = await requireOpeningComplete(ctx, tenderId, bids);
    const scored = tender.awardCriteria.method === 'bestPriceQuality';
    const policy = await tenderPolicy(ctx, tender);
    const { recused, evaluations } = scored ? await committeeScores(ctx, tenderId) : NO_SCORES;
    const base = {
      currency: tender.estimatedValue.currency,
      ...(tender.budgetCeiling ? { budgetCeiling: tender.budgetCeiling } : {}),
      bids,
      debarred,
    };
    const silent = scored ? silentEvaluators(tender, policy, tx.clocks, recused, evaluations, base) : [];
    const ranking = rankBids({
      ...base,
      criteria: tender.awardCriteria,
      committee: tender.evaluators,
      recused: new Set([...recused, ...silent]),
      evaluations,
    });
    const winner = ranking[0];
    if (!winner?.price) throw conflict('no compliant bid: nothing can be awarded');
    const award: Award = {
      tenderId,
      agency: tender.agency,
      bidId: winner.bidId,
      vendorId: winner.vendorId,
      price: winner.price,
      ...(winner.score === undefined ? {} : { score: winner.score }),
      ranking,
      ...(silent.length > 0 ? { silentEvaluators: silent } : {}),
      awardedAt: tx.now,
      standstillEndsAt: toIso(tx.nowMs + policy.standstillSeconds * SECOND),
      opening,
      status: 'standstill',
      txId: tx.txId,
    };
    await putJson(ctx, key(ctx.stub, T.award, tenderId), award);
    const snapshot: AwardSnapshot & { ranking?: Award['ranking'] } = { ...award };
    delete snapshot.ranking;
    const inverted = invertedTime(tx.nowMs);
    await putJson(ctx, key(ctx.stub, T.awardByTime, inverted, tenderId), snapshot);
    await putJson(ctx, key(ctx.stub, T.awardByAgency, tender.agency, inverted, tenderId), snapshot);
    await putJson(ctx, key(ctx.stub, T.awardByVendor, winner.vendorId, inverted, tenderId), snapshot);
    await saveTender(tx, { ...tender, status: awarded }, tender.status);
    // Red flags from the bid records and the award (issue 11): a module of its own.
    await raiseAwardFlags(tx, tender, bids, award);
    emit(ctx, 'AwardMade', {
      tenderId,
      bidId: winner.bidId,
      vendorId: winner.vendorId,
      agency: tender.agency,
      status: 'standstill',
    });
    return result(award);
  }

  @Transaction(false)
  @Returns('string')
  async Get(ctx: AwardTxContext, tenderId: string) {
    checkIds(['tenderId', tenderId]);
    return result(await loadAward(ctx, tenderId));
  }

  @Transaction(false)
  @Returns('string')
  async List(ctx: AwardTxContext, queryJson: string) {
    const q = parseJson(queryJson === '' ? '{}' : queryJson, listAwardsSchema, 'query');
    const from = q.from === undefined ? undefined : toIso(toMillis(q.from));
    const toMs = q.to === undefined ? undefined : toMillis(q.to);
    const [type, prefix]: [string, string[]] =
      q.vendor !== undefined
        ? [T.awardByVendor, [q.vendor]]
        : q.agency !== undefined
          ? [T.awardByAgency, [q.agency]]
          : [T.awardByTime, []];
    // Newest first: with `to`, start at the first entry older than it.
    const start =
      q.bookmark ??
      (toMs === undefined ? undefined : bookmarkAt(key(ctx.stub, type, ...prefix, invertedTime(toMs - 1))));
    const page = await paginate(ctx, type, prefix, q.pageSize, start, async (entry) => {
      const snapshot = JSON.parse(entry.value) as AwardSnapshot;
      if (from !== undefined && snapshot.awardedAt < from) return 'stop';
      if (toMs !== undefined && toMillis(snapshot.awardedAt) >= toMs) return undefined;
      if (q.agency !== undefined && snapshot.agency !== q.agency) return undefined;
      const current = await getJson<Award>(ctx, key(ctx.stub, T.award, snapshot.tenderId));
      // A superseded award (annulled, then the tender awarded again) is listed as annulled, without ranking.
      if (!current || current.awardedAt !== snapshot.awardedAt)
        return { ...snapshot, ranking: [], status: 'annulled' } as Award;
      return current;
    });
    return result(page);
  }

  @Transaction()
  @Returns('string')
  async LodgeChallenge(ctx: AwardTxContext, tenderId: string, challengeId: string, reason: string) {
    const tx = txOf(ctx);
    requireAllowed(tx.actor, 'award:LodgeChallenge');
    checkIds(['tenderId', tenderId], ['challengeId', challengeId]);
    const vendorId = (await actingVendor(tx)).vendorId;
    const tender = await loadTender(ctx, tenderId);
    const liveBidId = await getText(ctx, key(ctx.stub, T.liveBid, tenderId, vendorId));
    if (liveBidId === undefined) throw notAuthorised(`vendor ${vendorId} has no bid on tender ${tenderId}`);
    const why = check(reason, reasonSchema, 'reason');
    requireStep(tender, 'award:LodgeChallenge');
    const award = await loadAward(ctx, tenderId);
    if (latestOf(tx.clocks) >= toMillis(award.standstillEndsAt))
      throw deadlinePassed('the standstill period has ended');
    const challengeKey = key(ctx.stub, T.challenge, challengeId);
    if (await exists(ctx, challengeKey)) throw conflict(`challenge ${challengeId} already exists`);
    const byVendorKey = key(ctx.stub, T.challengeByVendor, tenderId, award.txId, vendorId);
    const earlier = await getText(ctx, byVendorKey);
    if (earlier !== undefined)
      throw conflict(
        `vendor ${vendorId} already challenged this award (challenge ${earlier}); one challenge per award`,
      );
    const challenge: Challenge = {
      challengeId,
      tenderId,
      vendorId,
      reason: why,
      lodgedAt: tx.now,
      status: 'open',
      txId: tx.txId,
    };
    await putJson(ctx, challengeKey, challenge);
    await putText(ctx, key(ctx.stub, T.challengeByTender, tenderId, challengeId), challengeId);
    await putText(ctx, byVendorKey, challengeId);
    emit(ctx, 'ChallengeLodged', { tenderId, challengeId, vendorId, status: 'open' });
    return result(challenge);
  }

  @Transaction()
  @Returns('string')
  async DecideChallenge(ctx: AwardTxContext, challengeId: string, decision: string, reason: string) {
    const tx = txOf(ctx);
    requireAllowed(tx.actor, 'award:DecideChallenge');
    checkIds(['challengeId', challengeId]);
    const challenge = await loadChallenge(ctx, challengeId);
    const verdict = check(decision, decisionSchema, 'decision');
    const why = check(reason, reasonSchema, 'reason');
    if (challenge.status !== 'open')
      throw conflict(`challenge ${challengeId} is already ${challenge.status}`);
    const decided: Challenge = {
      ...challenge,
      status: verdict,
      decision: { decision: verdict, reason: why, at: tx.now, by: usernameOf(tx.actor) },
      txId: tx.txId,
    };
    await putJson(ctx, key(ctx.stub, T.challenge, challengeId), decided);
    if (verdict === 'upheld') {
      const tender = await loadTender(ctx, challenge.tenderId);
      const award = await loadAward(ctx, challenge.tenderId);
      const reopened = nextStatus(tender.status, 'award:UpholdChallenge');
      if (award.status === 'standstill' && reopened !== undefined) {
        await putJson(ctx, key(ctx.stub, T.award, challenge.tenderId), {
          ...award,
          status: 'annulled',
          txId: tx.txId,
        });
        await saveTender(tx, { ...tender, status: reopened }, tender.status);
      }
    }
    emit(ctx, 'ChallengeDecided', {
      tenderId: challenge.tenderId,
      challengeId,
      vendorId: challenge.vendorId,
      status: verdict,
    });
    return result(decided);
  }

  @Transaction(false)
  @Returns('string')
  async GetChallenge(ctx: AwardTxContext, challengeId: string) {
    checkIds(['challengeId', challengeId]);
    return result(await loadChallenge(ctx, challengeId));
  }

  @Transaction()
  @Returns('string')
  async RecordContract(ctx: AwardTxContext, tenderId: string, inputJson: string) {
    const tx = txOf(ctx);
    requireAllowed(tx.actor, 'award:RecordContract');
    checkIds(['tenderId', tenderId]);
    const tender = await loadTender(ctx, tenderId);
    requireOwningAgency(tx.actor, tender.agency);
    const input = parseJson(inputJson === '' ? '{}' : inputJson, recordContractSchema, 'contract');
    const contracted = requireStep(tender, 'award:RecordContract');
    const award = await loadAward(ctx, tenderId);
    if (earliestOf(tx.clocks) < toMillis(award.standstillEndsAt))
      throw tooEarly(`the standstill period ends at ${award.standstillEndsAt}`);
    for (const row of await scan(ctx, T.challengeByTender, [tenderId])) {
      const challenge = await loadChallenge(ctx, row.value);
      if (challenge.status === 'open') throw conflict(`challenge ${challenge.challengeId} is still open`);
    }
    const record: ContractRecord = {
      tenderId,
      bidId: award.bidId,
      vendorId: award.vendorId,
      price: award.price,
      documents: input.documents ?? [],
      recordedAt: tx.now,
      txId: tx.txId,
    };
    await putJson(ctx, key(ctx.stub, T.contract, tenderId), record);
    await putJson(ctx, key(ctx.stub, T.award, tenderId), { ...award, status: 'contracted', txId: tx.txId });
    await saveTender(tx, { ...tender, status: contracted }, tender.status);
    emit(ctx, 'ContractRecorded', {
      tenderId,
      bidId: award.bidId,
      vendorId: award.vendorId,
      status: 'contracted',
    });
    return result(record);
  }
}
