/**
 * The opener duty (issue 9): after a tender's submission deadline, an organisation decrypts its own
 * share of every sealed bid with its opening private key and releases the shares on the ledger. The
 * chaincode opens each bid in the transaction that brings its t-th share. Nothing here can open a bid
 * alone: one organisation holds one share.
 */
import {
  type OpeningPrivateKey,
  type OpeningResult,
  type PendingEnvelopes,
  type Tender,
  type TransactionName,
  canonicalJson,
  prepareRelease,
} from '@procurement/contract';

import { isDomainError } from '../domain/errors';

/** The two ledger calls the duty needs, signed by the organisation's opener identity. */
export interface OpenerLedger {
  /** @throws {DomainError} a chaincode refusal with its code, or a LEDGER_* code. */
  evaluate(name: TransactionName, args: string[]): Promise<string>;
  /** Submits and waits for the commit; retries read conflicts. @throws {DomainError} as `evaluate`. */
  submit(name: TransactionName, args: string[]): Promise<string>;
}

export interface DutyLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface OpenerDutyOptions {
  /** The organisation's MSP ID: whose shares this duty releases. */
  organisation: string;
  ledger: OpenerLedger;
  /** The organisation's opening private keys (current and retired), by key id. */
  privateKeys: ReadonlyMap<string, OpeningPrivateKey>;
  logger: DutyLogger;
  /** The clock that decides which tenders are due (the chaincode re-checks with its own). */
  now?: () => number;
}

export interface TenderRelease {
  tenderId: string;
  released: number;
  failed: number;
  opened: number;
}

/** Tender states whose bids may still need this organisation's shares. */
const OPENABLE_STATUSES = ['published', 'evaluation'] as const;

export class OpenerDuty {
  readonly #organisation: string;
  readonly #ledger: OpenerLedger;
  readonly #privateKeys: ReadonlyMap<string, OpeningPrivateKey>;
  readonly #logger: DutyLogger;
  readonly #now: () => number;
  /** Tenders past their deadline whose every bid has this organisation's share: never looked at again. */
  readonly #done = new Set<string>();

  constructor(options: Readonly<OpenerDutyOptions>) {
    this.#organisation = options.organisation;
    this.#ledger = options.ledger;
    this.#privateKeys = options.privateKeys;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Releases this organisation's shares of every bid of the tender it has not released yet, a batch per
   * transaction, until none is left.
   *
   * @throws {DomainError} TOO_EARLY before the submission deadline; NOT_FOUND for an unknown tender;
   * CONFLICT for a cancelled or awarded tender; LEDGER_* when the network fails.
   */
  async releaseTender(tenderId: string): Promise<TenderRelease> {
    const total: TenderRelease = { tenderId, released: 0, failed: 0, opened: 0 };
    for (;;) {
      const pending = JSON.parse(
        await this.#ledger.evaluate('bid:Envelopes', [tenderId]),
      ) as PendingEnvelopes;
      if (pending.items.length === 0) return total;
      const release = prepareRelease({
        tenderId,
        organisation: this.#organisation,
        pending: pending.items,
        privateKeys: this.#privateKeys,
      });
      const result = await this.#submitRelease(tenderId, release);
      if (result === undefined) continue;
      total.released += result.released;
      total.failed += result.failed;
      total.opened += result.opened.length;
      for (const failure of release.failures) {
        this.#logger.warn({ tenderId, ...failure }, 'a share of this organisation could not be released');
      }
    }
  }

  /**
   * One round: every tender past its submission deadline that may still need this organisation's
   * shares. A failure on one tender is logged and retried next round; it does not stop the others.
   */
  async sweep(): Promise<TenderRelease[]> {
    const done: TenderRelease[] = [];
    for (const tenderId of await this.#dueTenders()) {
      try {
        const release = await this.releaseTender(tenderId);
        this.#done.add(tenderId);
        if (release.released + release.failed > 0) {
          this.#logger.info({ ...release, organisation: this.#organisation }, 'key shares released');
          done.push(release);
        }
      } catch (error) {
        if (isDomainError(error, 'TOO_EARLY')) continue;
        if (isDomainError(error, 'CONFLICT') || isDomainError(error, 'NOT_FOUND')) this.#done.add(tenderId);
        this.#logger.warn(
          { tenderId, error: (error as Error).message },
          'release failed; retrying next round',
        );
      }
    }
    return done;
  }

  /** Sweeps every `intervalMs` until the signal aborts. */
  async watch(intervalMs: number, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.sweep();
      } catch (error) {
        this.#logger.warn({ error: (error as Error).message }, 'sweep failed; retrying');
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, intervalMs);
        signal.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
    }
  }

  /** A release that lost a race (another instance released first) is not an error: look again. */
  async #submitRelease(
    tenderId: string,
    release: ReturnType<typeof prepareRelease>,
  ): Promise<OpeningResult | undefined> {
    try {
      return JSON.parse(
        await this.#ledger.submit('bid:ReleaseShares', [tenderId, canonicalJson(release)]),
      ) as OpeningResult;
    } catch (error) {
      if (isDomainError(error, 'CONFLICT') && error.message.includes('already released')) return undefined;
      throw error;
    }
  }

  /** Published (or re-opened for evaluation) tenders whose submission deadline has passed. */
  async #dueTenders(): Promise<string[]> {
    const due: string[] = [];
    const now = this.#now();
    for (const status of OPENABLE_STATUSES) {
      let bookmark: string | undefined;
      do {
        const query = { status, pageSize: 100, ...(bookmark ? { bookmark } : {}) };
        const page = JSON.parse(await this.#ledger.evaluate('tender:List', [canonicalJson(query)])) as {
          items: Tender[];
          bookmark?: string;
        };
        for (const tender of page.items) {
          if (this.#done.has(tender.id)) continue;
          if (Date.parse(tender.submissionDeadline) <= now) due.push(tender.id);
        }
        bookmark = page.bookmark;
      } while (bookmark);
    }
    return due;
  }
}
