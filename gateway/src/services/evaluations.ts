import type { Evaluation, EvaluationList, Recusal, ScoreInput } from '@procurement/contract';

import type { Caller } from '../domain/caller';
import { type Chain, type Written, jsonArg } from './chain';

/** Committee scoring and recusals. */
export class EvaluationService {
  readonly #chain: Chain;

  constructor(chain: Chain) {
    this.#chain = chain;
  }

  submit(caller: Caller, tenderId: string, input: ScoreInput): Promise<Written<Evaluation | Recusal>> {
    const scores = input.conflictOfInterest ? {} : input.scores;
    return this.#chain.write(caller, 'evaluation:Submit', [tenderId, jsonArg({ ...input, scores })]);
  }

  /** Scores are hidden from all but their own evaluator while scoring is open (the chaincode decides). */
  list(caller: Caller, tenderId: string): Promise<EvaluationList> {
    return this.#chain.query(caller, 'evaluation:List', [tenderId]);
  }
}
