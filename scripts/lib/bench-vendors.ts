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

  step(`Registering ${count - known.length} benchmark vendors (once; ${CA_BATCH} at a time at the CA)`);
  const ca = new CaClient(net.topology, net.paths, suppliers);
  const fresh = Array.from({ length: count - known.length }, (_, k) => {
    const i = known.length + k;
    return {
      username: `bench-vendor-${i}`,
      password: randomBytes(12).toString('base64url'),
      vendorId: `BENCH${i}`,
    };
  });
  const started = Date.now();
  await inBatches(
    fresh,
    CA_BATCH,
    async (vendor) => {
      await ca.registerAndEnrol(net.paths.org(suppliers).user(vendor.username), {
        name: vendor.username,
        type: 'client',
        secret: vendor.password,
        attrs: ['role=vendor:ecert', `vendorId=${vendor.vendorId}:ecert`],
      });
    },
    (done) => {
      detail(`${done}/${fresh.length} enrolled at the CA (${Math.round((Date.now() - started) / 1000)} s)`);
    },
  );
  const conn = connectAs(net.topology, net.paths, suppliers, registrar.username);
  try {
    const contract = conn.gateway.getNetwork(net.topology.channel).getContract(net.topology.chaincode.name);
    // Each vendor record is its own key, so a batch can be in flight at once; batches keep the peer's
    // own concurrency limit (500) out of reach.
    await inBatches(
      fresh,
      LEDGER_BATCH,
      async (v) => {
        await contract.submitTransaction(
          'vendor:Register',
          JSON.stringify({ vendorId: v.vendorId, legalName: `Bench ${v.vendorId}`, username: v.username }),
        );
      },
      (done) => {
        detail(`${done}/${fresh.length} on the ledger's vendor register`);
      },
    );
  } finally {
    conn.close();
  }
  const all = [...known, ...fresh];
  writeFileSync(file, JSON.stringify(all, null, 2), { mode: 0o600 });
  detail(`${all.length} benchmark vendors ready`);
  return all.slice(0, count);
}

/** CA enrolments run at once (each is two fabric-ca-client runs). */
const CA_BATCH = 8;
const LEDGER_BATCH = 100;

/**
 * Runs `task` over `items` with at most `width` at a time, reporting progress about every 10%.
 */
export async function inBatches<T>(
  items: readonly T[],
  width: number,
  task: (item: T, index: number) => Promise<void>,
  progress?: (done: number) => void,
): Promise<void> {
  let next = 0;
  let done = 0;
  const every = Math.max(width, Math.ceil(items.length / 10));
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await task(items[index] as T, index);
      done += 1;
      if (done % every === 0 || done === items.length) progress?.(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}
