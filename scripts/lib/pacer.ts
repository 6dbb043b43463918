/**
 * Evenly spaced turns at a set rate, shared by any number of callers: each `turn()` resolves at the next
 * free slot, one every 1/rate seconds. A slot is never earlier than now, so callers who were all busy do
 * not make up for it with a burst afterwards: the rate is a ceiling, and what was reached is measured.
 */
export class Pacer {
  readonly #intervalMs: number;
  #last = 0;

  constructor(perSecond: number) {
    if (!(perSecond > 0)) throw new Error(`a pacer needs a positive rate, not ${perSecond}`);
    this.#intervalMs = 1000 / perSecond;
  }

  turn(): Promise<void> {
    const now = performance.now();
    const slot = Math.max(now, this.#last + this.#intervalMs);
    this.#last = slot;
    return new Promise((resolve) => setTimeout(resolve, slot - now));
  }
}
