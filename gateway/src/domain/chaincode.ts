/**
 * The chaincode's public contract, re-exported for the gateway as types only. The gateway never imports the
 * chaincode's implementation; this file is the single place that reaches across the workspace boundary.
 */
export type {
  Award,
  AwardCriteria,
  BidRecord,
  BidStatus,
  Challenge,
  ContractRecord,
  CreateTenderInput,
  DocumentRef,
  ChaincodeErrorCode,
  EventName,
  EventPayload,
  Evaluation,
  ListAwardsQuery,
  ListTendersQuery,
  Money,
  Page,
  Policy,
  Recusal,
  Role,
  ScoreInput,
  SealedBid,
  Tender,
  TenderChanges,
  TenderStatus,
  TenderVersion,
  TransactionName,
  Transactions,
  Vendor,
} from '@procurement/contract';
