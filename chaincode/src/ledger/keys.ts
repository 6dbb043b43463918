/**
 * Key layout (all composite keys, so they live apart from simple keys):
 *   policy                            [ 'current' ]                     -> Policy
 *   tender                            [ tenderId ]                      -> Tender
 *   tender~status~agency              [ status, agency, tenderId ]      -> tenderId   (index)
 *   tender~agency                     [ agency, tenderId ]              -> tenderId   (index)
 *   bid                               [ tenderId, bidId ]               -> BidRecord
 *   bid~live                          [ tenderId, vendorId ]            -> bidId      (one live bid per vendor)
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
 * Private collection _implicit_org_SuppliersMSP:
 *   sealed                            [ tenderId, bidId, vendorId ]     -> SealedBid bytes as received
 * The sealing vendor is part of the private key, so only that vendor can commit or read it back.
 */
import type { ChaincodeStub } from 'fabric-shim-api';

/** The private collection of sealed bids (named by the contract). */
export { SEALED_BID_COLLECTION as SEALED_COLLECTION } from '@procurement/contract';

export const T = {
  policy: 'policy',
  tender: 'tender',
  tenderByStatus: 'tender~status~agency',
  tenderByAgency: 'tender~agency',
  bid: 'bid',
  liveBid: 'bid~live',
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
  sealed: 'sealed',
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
