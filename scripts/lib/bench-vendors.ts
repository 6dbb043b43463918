/**
 * Vendors for the benchmark: one per concurrent bid, because one vendor's bids replace each other
 * (one live bid per vendor per tender) and would rightly conflict. Registered at the Suppliers CA and
 * on the ledger once, then reused by later runs.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { connectAs } from './fabric-client';
import { CaClient, loadDemoUsers } from './identities';
import { detail, step } from './log';
import type { Network } from './network';

export interface BenchVendor {
  username: string;
  password: string;
  vendorId: string;
}

export async function ensureBenchVendors(net: Network, count: number): Promise<BenchVendor[]> {
  const suppliers = net.topology.organisations.find((o) => o.kind === 'suppliers');
  const registrar = loadDemoUsers().find((u) => u.role === 'registrar');
  if (!suppliers || !registrar) throw new Error('a suppliers organisation with a registrar is needed');
  const file = path.join(net.paths.org(suppliers).base, 'bench-vendors.json');
  const known = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as BenchVendor[]) : [];
  if (known.length >= count) return known.slice(0, count);

  step(`Registering ${count - known.length} benchmark vendors (once)`);
  const ca = new CaClient(net.topology, net.paths, suppliers);
  const created: BenchVendor[] = [];
  for (let i = known.length; i < count; i++) {
    const vendor = {
      username: `bench-vendor-${i}`,
      password: randomBytes(12).toString('base64url'),
      vendorId: `BENCH${i}`,
    };
    await ca.registerAndEnrol(net.paths.org(suppliers).user(vendor.username), {
      name: vendor.username,
      type: 'client',
      secret: vendor.password,
      attrs: ['role=vendor:ecert', `vendorId=${vendor.vendorId}:ecert`],
    });
    created.push(vendor);
  }
  const conn = connectAs(net.topology, net.paths, suppliers, registrar.username);
  try {
    const contract = conn.gateway.getNetwork(net.topology.channel).getContract(net.topology.chaincode.name);
    // Each vendor record is its own key, so these registrations can all be in flight at once.
    await Promise.all(
      created.map((v) =>
        contract.submitTransaction(
          'vendor:Register',
          JSON.stringify({ vendorId: v.vendorId, legalName: `Bench ${v.vendorId}` }),
        ),
      ),
    );
  } finally {
    conn.close();
  }
  const all = [...known, ...created];
  writeFileSync(file, JSON.stringify(all, null, 2), { mode: 0o600 });
  detail(`${all.length} benchmark vendors ready`);
  return all.slice(0, count);
}
