/**
 * PL-SPLIT: cross-agency contract splitting. Each award stays under the threshold, but together the
 * vendor's awards in the same CPV group within the window exceed it, whichever agencies made them.
 */
import { z } from 'zod/v4';

import { CPV_PATTERN } from '../limits';
import { idSchema, moneySchema, timestampSchema } from '../schemas/fields';
import { millisOf, type RedFlag } from './flag';
import type { RedFlagPolicy } from './policy';

/** What the splitting check needs of an award: the value of an index entry. */
export const awardIndexEntrySchema = z.strictObject({
  tenderId: idSchema,
  agency: z.string(),
  vendorId: idSchema,
  cpv: z.string().regex(CPV_PATTERN),
  price: moneySchema,
  awardedAt: timestampSchema,
});
export type AwardIndexEntry = z.output<typeof awardIndexEntrySchema>;

/** Object type of the composite keys of the "awards by vendor and CPV" index. */
export const AWARDS_BY_VENDOR_CPV_INDEX = 'award~vendor~cpv';

/** A composite key: its object type and attributes (as the chaincode's createCompositeKey takes). */
export interface CompositeKeyParts {
  objectType: string;
  attributes: string[];
}

/** The eight digits of a CPV code (its check digit dropped). */
function cpvDigits(cpv: string): string[] {
  if (!CPV_PATTERN.test(cpv)) throw new RangeError(`not a CPV code: ${cpv}`);
  return cpv.slice(0, 8).split('');
}

/**
 * The CPV group of a code: its first `digits` digits (`45233140-2` with 3 is `452`).
 * @throws {RangeError} when the code is not a CPV code or `digits` is not 1 to 8.
 */
export function cpvGroup(cpv: string, digits: number): string {
  if (!Number.isInteger(digits) || digits < 1 || digits > 8)
    throw new RangeError(`CPV group of ${digits} digits`);
  return cpvDigits(cpv).slice(0, digits).join('');
}

/**
 * The index key of one award: vendor, then each of the eight CPV digits as its own attribute, then the
 * tender. One digit per attribute lets a partial-key query select any CPV group length, so a policy
 * change of `cpvGroupDigits` needs no re-indexing. One award in force per tender: a re-award overwrites.
 * @throws {RangeError} when the CPV code is malformed.
 */
export function awardIndexKey(
  entry: Pick<AwardIndexEntry, 'vendorId' | 'cpv' | 'tenderId'>,
): CompositeKeyParts {
  return {
    objectType: AWARDS_BY_VENDOR_CPV_INDEX,
    attributes: [entry.vendorId, ...cpvDigits(entry.cpv), entry.tenderId],
  };
}

/**
 * The partial key that selects every award of a vendor in a CPV group: the only keys the check reads.
 * @throws {RangeError} when the CPV code is malformed or `digits` is not 1 to 8.
 */
export function awardIndexPrefix(vendorId: string, cpv: string, digits: number): CompositeKeyParts {
  return {
    objectType: AWARDS_BY_VENDOR_CPV_INDEX,
    attributes: [vendorId, ...cpvGroup(cpv, digits).split('')],
  };
}

/**
 * Flags the new award when, with the vendor's earlier awards in the same CPV group and currency made
 * at most `windowSeconds` before it (an award exactly at the window's edge counts), the total is above
 * the currency's threshold while every one of those awards is below it. Awards at or above the
 * threshold are not part of a split and are left out; awards of the same tender are left out (the
 * award in force replaces them). Needs at least two awards.
 * @throws {RangeError} when a timestamp or CPV code is malformed.
 */
export function contractSplittingFlag(
  award: AwardIndexEntry,
  earlier: readonly AwardIndexEntry[],
  policy: RedFlagPolicy,
): RedFlag | undefined {
  const { cpvGroupDigits, windowSeconds, thresholds } = policy.splitting;
  const thresholdAmount = thresholds[award.price.currency];
  if (thresholdAmount === undefined) return undefined;
  const threshold = BigInt(thresholdAmount);
  if (BigInt(award.price.amount) >= threshold) return undefined;
  const group = cpvGroup(award.cpv, cpvGroupDigits);
  const at = millisOf(award.awardedAt);
  const inWindow = earlier.filter((e) => {
    const age = at - millisOf(e.awardedAt);
    return (
      e.vendorId === award.vendorId &&
      e.tenderId !== award.tenderId &&
      e.price.currency === award.price.currency &&
      cpvGroup(e.cpv, cpvGroupDigits) === group &&
      BigInt(e.price.amount) < threshold &&
      age >= 0 &&
      age <= windowSeconds * 1000
    );
  });
  const involved = sortAwards([award, ...inWindow]);
  const total = involved.reduce((sum, e) => sum + BigInt(e.price.amount), 0n);
  if (involved.length < 2 || total <= threshold) return undefined;
  return {
    code: 'PL-SPLIT',
    evidence: {
      vendorId: award.vendorId,
      cpvGroup: group,
      currency: award.price.currency,
      total: total.toString(),
      awards: involved.map((e) => ({
        tenderId: e.tenderId,
        agency: e.agency,
        awardedAt: e.awardedAt,
        amount: e.price.amount,
      })),
      agencies: [...new Set(involved.map((e) => e.agency))].sort(byText),
      threshold: { amount: thresholdAmount, windowSeconds, cpvGroupDigits },
    },
  };
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Oldest first, then by tender id: the same order on every endorser. */
function sortAwards(entries: readonly AwardIndexEntry[]): AwardIndexEntry[] {
  return [...entries].sort(
    (a, b) => millisOf(a.awardedAt) - millisOf(b.awardedAt) || byText(a.tenderId, b.tenderId),
  );
}
