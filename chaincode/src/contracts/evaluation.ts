import { Context, Returns, Transaction } from 'fabric-contract-api';
import type { BidRecord, Evaluation, Recusal } from '@procurement/contract';
import { principalOf, requireAllowed, requireCommitteeMember } from '../access';
import { conflict } from '../errors';
import { key, T } from '../ledger/keys';
import { loadBid, loadTender, tenderPolicy } from '../ledger/records';
import { emit, exists, putJson, scan } from '../ledger/state';
import { txOf } from '../ledger/tx';
import { isScoringClosed, requireOpened, requireScoringOpen, scoringDeadlineOf } from '../rules/deadlines';
import { missingScorers } from '../rules/ranking';
import { toIso } from '../rules/time';
import { requireStep } from '../rules/lifecycle';
import { scoreInputSchema } from '@procurement/contract';
import { checkIds, checkScores, parseJson } from '../rules/validation';
import { ProcurementContract, result } from './base';

/** Local context class: decorator metadata then names it directly (see base.ts). */
class EvaluationTxContext extends Context {}

export class EvaluationContract extends ProcurementContract {
  override createContext(): EvaluationTxContext {
    return new EvaluationTxContext();
  }

  constructor() {
    super('evaluation');
  }

  @Transaction()
  @Returns('string')
  async Submit(ctx: EvaluationTxContext, tenderId: string, inputJson: string) {
    const tx = txOf(ctx);
    requireAllowed(tx.actor, 'evaluation:Submit');
    checkIds(['tenderId', tenderId]);
    const tender = await loadTender(ctx, tenderId);
    const evaluator = requireCommitteeMember(tx.actor, tender.agency, tender.evaluators);
    const input = parseJson(inputJson, scoreInputSchema, 'evaluation');
    if (!input.conflictOfInterest) checkScores(tender.awardCriteria, input.scores);
    requireScoringOpen(tender, await tenderPolicy(ctx, tender), tx.clocks);
    requireStep(tender, 'evaluation:Submit');
    const recusalKey = key(ctx.stub, T.recusal, tenderId, evaluator);
    if (await exists(ctx, recusalKey))
      throw conflict(`evaluator ${evaluator} has recused from tender ${tenderId}`);

    if (input.conflictOfInterest) {
      // Recusal comes before scoring: an evaluator who has seen and scored bids cannot withdraw later.
      const scored = (await scan(ctx, T.evaluation, [tenderId])).some(
        (r) => (JSON.parse(r.value) as Evaluation).evaluator === evaluator,
      );
      if (scored)
        throw conflict(
          `evaluator ${evaluator} has already scored on tender ${tenderId}; recusal comes before scoring`,
        );
      const recusal: Recusal = { tenderId, evaluator, at: tx.now, txId: tx.txId };
      await putJson(ctx, recusalKey, recusal);
      emit(ctx, 'EvaluatorRecused', { tenderId, evaluator });
      return result(recusal);
    }
    const bid = await loadBid(ctx, tenderId, input.bidId);
    if (bid.status !== 'opened') throw conflict(`bid ${input.bidId} is ${bid.status}, not opened`);
    const evaluationKey = key(ctx.stub, T.evaluation, tenderId, input.bidId, evaluator);
    // Scores are final once submitted: no revising after seeing prices or other evaluators' scores.
    if (await exists(ctx, evaluationKey))
      throw conflict(`evaluator ${evaluator} has already scored bid ${input.bidId}; scores are final`);
    const evaluation: Evaluation = {
      tenderId,
      bidId: input.bidId,
      evaluator,
      scores: input.scores,
      at: tx.now,
      txId: tx.txId,
    };
    await putJson(ctx, evaluationKey, evaluation);
    emit(ctx, 'EvaluationSubmitted', { tenderId, bidId: input.bidId, evaluator });
    return result(evaluation);
  }

  /**
   * Scores and recusals. While scoring is open (some evaluator has not scored every revealed bid and the
   * scoring deadline has not passed), the scores are hidden: an evaluator sees only their own, anyone
   * else none, so no evaluator can score with an eye on another's.
   */
  @Transaction(false)
  @Returns('string')
  async List(ctx: EvaluationTxContext, tenderId: string) {
    const tx = txOf(ctx);
    checkIds(['tenderId', tenderId]);
    const tender = await loadTender(ctx, tenderId);
    requireOpened(tender, tx.clocks);
    const policy = await tenderPolicy(ctx, tender);
    const all = (await scan(ctx, T.evaluation, [tenderId])).map((r) => JSON.parse(r.value) as Evaluation);
    const recusals = (await scan(ctx, T.recusal, [tenderId])).map((r) => JSON.parse(r.value) as Recusal);
    const opened = (await scan(ctx, T.bid, [tenderId]))
      .map((r) => JSON.parse(r.value) as BidRecord)
      .filter((b) => b.status === 'opened')
      .map((b) => b.bidId);
    const members = tender.evaluators.filter((m) => !recusals.some((r) => r.evaluator === m));
    const complete = missingScorers(members, opened, all).length === 0;
    const scoresHidden = !complete && !isScoringClosed(tender, policy, tx.clocks);
    const reader =
      principalOf(tx.actor) === 'evaluator' && tx.actor.mspId === tender.agency
        ? tx.actor.username
        : undefined;
    const items = scoresHidden ? all.filter((e) => reader !== undefined && e.evaluator === reader) : all;
    const scoringDeadline = toIso(scoringDeadlineOf(tender, policy));
    return result({ items, recusals, scoresHidden, scoringDeadline });
  }
}
