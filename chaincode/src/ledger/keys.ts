/**
 * Key layout (all composite keys, so they live apart from simple keys):
 *   policy                            [ 'current' ]                     -> Policy (its key history: every policy in force)
 *   policy~proposal                   [ 'pending' ]                     -> PolicyProposal (at most one)
 *   tender                            [ tenderId ]                      -> Tender
 *   tender~status~agency              [ status, agency, tenderId ]      -> tenderId   (index)
 *   tender~agency                     [ agency, tenderId ]              -> tenderId   (index)
 *   openingKey                        [ organisation ]                  -> OpeningKeyring (key-level policy: that organisation)
 *   bid                               [ tenderId, bidId ]               -> BidRecord (bidId derived from vendor and nonce)
 *   bid~live                          [ tenderId, vendorId ]            -> bidId      (one live bid per vendor)
 *   envelope                          [ tenderId, bidId ]               -> the sealed envelope's canonical JSON
 *   share                             [ tenderId, bidId, organisation ] -> StoredShare (a released share, or why not)
 *   release                           [ tenderId, organisation ]        -> ReleaseSummary (what it released so far)
 *   evaluation                        [ tenderId, bidId, evaluator ]    -> Evaluation
 *   recusal                           [ tenderId, evaluator ]           -> Recusal
 *   award                             [ tenderId ]                      -> Award
 *   award~time                        [ invertedTime, tenderId ]        -> AwardIndexEntry (newest first)
 *   award~agency                      [ agency, invertedTime, tenderId ]-> AwardIndexEntry
 *   award~vendor                      [ vendorId, invertedTime, tenderId ] -> AwardIndexEntry
 *   challenge                         [ challengeId ]                   -> Challenge
 *   challenge~tender                  [ tenderId, challengeId ]         -> challengeId (index)
 *   contract                          [ tenderId ]                      -> ContractRecord
 *   vendor                            [ vendorId ]                      -> stored Vendor
 *   redflag                           [ flagId ]                        -> RedFlagRecord (flagId = txId-CODE)
 *   redflag~tender                    [ tenderId, flagId ]              -> flagId     (index)
 *   award~vendor~cpv                  [ vendorId, d1..d8, tenderId ]    -> AwardIndexEntry (splitting index;
 *                                      one CPV digit per attribute, so any group length is a partial key)
 * Nothing is kept in private data: a bid is on every peer only as its envelope until t organisations
 * release their shares after the submission deadline.
 */
import type { ChaincodeStub } from 'fabric-shim-api';

export const T = {
  policy: 'policy',
  policyProposal: 'policy~proposal',
  tender: 'tender',
  tenderByStatus: 'tender~status~agency',
  tenderByAgency: 'tender~agency',
  openingKey: 'openingKey',
  bid: 'bid',
  liveBid: 'bid~live',
  envelope: 'envelope',
  share: 'share',
  release: 'release',
  evaluation: 'evaluation',
  recusal: 'recusal',
  award: 'award',
  awardByTime: 'award~time',
  awardByAgency: 'award~agency',
  awardByVendor: 'award~vendor',
  challenge: 'challenge',
  challengeByTender: 'challenge~tender',
  /** One challenge per vendor per award: (tenderId, the award's txId, vendorId) -> challengeId. */
  challengeByVendor: 'challenge~vendor',
  contract: 'contract',
  vendor: 'vendor',
  redFlag: 'redflag',
  redFlagByTender: 'redflag~tender',
} as const;

/** Far enough in the future for any award (year 2286); inverted times sort newest first. */
const MAX_MILLIS = 9_999_999_999_999;

/** Zero-padded, inverted epoch milliseconds: lexicographic order = newest first. */
export function invertedTime(ms: number): string {
  return String(MAX_MILLIS - ms).padStart(13, '0');
}

export function key(stub: ChaincodeStub, type: string, ...attrs: string[]): string {
  return stub.createCompositeKey(type, attrs);
}
