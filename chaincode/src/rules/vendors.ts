import type { Vendor } from '@procurement/contract';

/** Debarred when a debarment is recorded and its `until` (if any) is still in the future. */
export function isDebarred(debarment: Vendor['debarment'], nowIso: string): boolean {
  if (!debarment) return false;
  return debarment.until === undefined || nowIso < debarment.until;
}
