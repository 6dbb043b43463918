import type { Ledger } from '../domain/ledger';
import { AwardService } from './awards';
import { BidService } from './bids';
import { Chain } from './chain';
import { ChallengeService } from './challenges';
import { ContractService } from './contracts';
import { EvaluationService } from './evaluations';
import { EventService } from './events';
import { HistoryService } from './history';
import { PolicyService } from './policy';
import { RedFlagService } from './redflags';
import { TenderService } from './tenders';
import { VendorService, type VendorUserRegistry } from './vendors';

export interface Services {
  tenders: TenderService;
  bids: BidService;
  evaluations: EvaluationService;
  awards: AwardService;
  challenges: ChallengeService;
  contracts: ContractService;
  vendors: VendorService;
  policy: PolicyService;
  redFlags: RedFlagService;
  history: HistoryService;
  events: EventService;
}

export function createServices(ledger: Ledger, users: VendorUserRegistry): Services {
  const chain = new Chain(ledger);
  return {
    tenders: new TenderService(chain),
    bids: new BidService(chain),
    evaluations: new EvaluationService(chain),
    awards: new AwardService(chain),
    challenges: new ChallengeService(chain),
    contracts: new ContractService(chain),
    vendors: new VendorService(chain, users),
    policy: new PolicyService(chain),
    redFlags: new RedFlagService(chain),
    history: new HistoryService(chain),
    events: new EventService(ledger),
  };
}
