/** The network's organisations, read at build time from the topology that defines them. */
import { OVERSIGHT_MSP, SUPPLIERS_MSP } from '@procurement/contract';

import topology from '../../network/topology.json';

export interface Organisation {
  name: string;
  mspId: string;
}

export const ORGANISATIONS: readonly Organisation[] = topology.organisations.map((o) => ({
  name: o.name,
  mspId: o.mspId,
}));

/** The agencies (organisations whose officers own tenders): all but oversight and suppliers. */
export const AGENCIES: readonly Organisation[] = ORGANISATIONS.filter(
  (o) => o.mspId !== OVERSIGHT_MSP && o.mspId !== SUPPLIERS_MSP,
);
