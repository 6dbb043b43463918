import 'reflect-metadata';
import { AwardContract } from './contracts/award';
import { OpeningKeyContract } from './contracts/opening-key';
import { BidContract } from './contracts/bid';
import { EvaluationContract } from './contracts/evaluation';
import { PolicyContract } from './contracts/policy';
import { RedFlagContract } from './contracts/redflag';
import { TenderContract } from './contracts/tender';
import { VendorContract } from './contracts/vendor';

export {
  AwardContract,
  BidContract,
  EvaluationContract,
  OpeningKeyContract,
  PolicyContract,
  RedFlagContract,
  TenderContract,
  VendorContract,
};

/** Loaded by the fabric-chaincode-node server from the package main. The first is the default contract. */
export const contracts = [
  TenderContract,
  BidContract,
  EvaluationContract,
  AwardContract,
  VendorContract,
  PolicyContract,
  OpeningKeyContract,
  RedFlagContract,
];
