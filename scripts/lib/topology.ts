/**
 * The network's definition, read from network/topology.json (the one place that names organisations,
 * ports and folders) and validated once. Everything else derives from it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Repository root: scripts/lib/ is two levels below it. */
export const ROOT = path.resolve(__dirname, '..', '..');

const port = z.number().int().min(1024).max(65535);
const goModule = z.object({
  module: z.string().min(1),
  version: z.string().min(1),
  label: z.string().optional(),
  commands: z.array(z.string().min(1)).min(1),
});

const organisationSchema = z.object({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/),
  mspId: z.string().regex(/^[A-Za-z][A-Za-z0-9]*MSP$/),
  kind: z.enum(['agency', 'oversight', 'suppliers']),
  ca: z.object({ port, operationsPort: port }),
  peer: z.object({ port, chaincodePort: port, operationsPort: port }),
  orderer: z.object({ port, adminPort: port, operationsPort: port }).optional(),
});

const topologySchema = z.object({
  fabric: goModule,
  fabricCa: goModule,
  binDir: z.string().min(1),
  stateDir: z.string().min(1),
  host: z.string().min(1),
  channel: z.string().regex(/^[a-z][a-z0-9.-]*$/),
  chaincode: z.object({
    name: z.string().min(1),
    version: z.string().min(1),
    address: z.string().regex(/^[^:]+:\d+$/),
    endorsementPolicy: z.string().min(1),
  }),
  gateway: z.object({ port }),
  organisations: z.array(organisationSchema).min(1),
});

export type Organisation = z.infer<typeof organisationSchema>;
export type Topology = z.infer<typeof topologySchema>;
/** An organisation that runs an ordering node. */
export type OrdererOrganisation = Organisation & { orderer: NonNullable<Organisation['orderer']> };

/** Reads and validates the topology; a broken file fails here, with the offending field named. */
export function loadTopology(file = path.join(ROOT, 'network', 'topology.json')): Topology {
  const parsed = topologySchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`network/topology.json is invalid: ${issues}`);
  }
  assertUniquePorts(parsed.data);
  if (ordererOrganisations(parsed.data).length === 0)
    throw new Error('topology: no organisation runs an orderer');
  return parsed.data;
}

export function ordererOrganisations(topology: Topology): OrdererOrganisation[] {
  return topology.organisations.filter((o): o is OrdererOrganisation => o.orderer !== undefined);
}

/** Every port in the topology, with who owns it (for clash checks and the README table). */
export function portTable(topology: Topology): { owner: string; port: number }[] {
  const rows: { owner: string; port: number }[] = [];
  for (const org of topology.organisations) {
    rows.push(
      { owner: `ca.${org.name}`, port: org.ca.port },
      { owner: `ca.${org.name} ops`, port: org.ca.operationsPort },
    );
    rows.push({ owner: `peer.${org.name}`, port: org.peer.port });
    rows.push({ owner: `peer.${org.name} chaincode`, port: org.peer.chaincodePort });
    rows.push({ owner: `peer.${org.name} ops`, port: org.peer.operationsPort });
    if (org.orderer) {
      rows.push({ owner: `orderer.${org.name}`, port: org.orderer.port });
      rows.push({ owner: `orderer.${org.name} admin`, port: org.orderer.adminPort });
      rows.push({ owner: `orderer.${org.name} ops`, port: org.orderer.operationsPort });
    }
  }
  rows.push({ owner: 'chaincode server', port: Number(topology.chaincode.address.split(':')[1]) });
  rows.push({ owner: 'gateway (HTTP)', port: topology.gateway.port });
  return rows;
}

function assertUniquePorts(topology: Topology): void {
  const seen = new Map<number, string>();
  for (const { owner, port: p } of portTable(topology)) {
    const other = seen.get(p);
    if (other !== undefined) throw new Error(`topology: port ${p} is used by both ${other} and ${owner}`);
    seen.set(p, owner);
  }
}
