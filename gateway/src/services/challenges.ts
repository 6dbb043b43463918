import { randomBytes } from 'node:crypto';

import type { Challenge } from '@procurement/contract';

import type { Caller } from '../domain/caller';
import type { Chain, Written } from './chain';

/** Server-made challenge id: "c-" + 96 random bits, base64url. */
function newChallengeId(): string {
  return `c-${randomBytes(12).toString('base64url')}`;
}

/** Challenges during standstill: lodged by a bidder, decided by the oversight body. */
export class ChallengeService {
  readonly #chain: Chain;

  constructor(chain: Chain) {
    this.#chain = chain;
  }

  lodge(caller: Caller, tenderId: string, reason: string): Promise<Written<Challenge>> {
    return this.#chain.write(caller, 'award:LodgeChallenge', [tenderId, newChallengeId(), reason]);
  }

  decide(
    caller: Caller,
    challengeId: string,
    decision: 'upheld' | 'dismissed',
    reason: string,
  ): Promise<Written<Challenge>> {
    return this.#chain.write(caller, 'award:DecideChallenge', [challengeId, decision, reason]);
  }

  get(caller: Caller, challengeId: string): Promise<Challenge> {
    return this.#chain.query(caller, 'award:GetChallenge', [challengeId]);
  }
}
