/**
 * The vendors of `npm run bench -- --burst N`, onboarded the way a registrar onboards a real vendor and
 * signed in the way a vendor signs in, only many at a time:
 * - the registrar's `POST /api/v1/vendors` registers each at the Suppliers CA (one enrolment allowed) and
 *   records it on the ledger, BURST_ONBOARD_WIDTH (default 8) at once, the CA reached in-process rather
 *   than by a client process per call. The CA is what limits the pace on this machine: wider only makes
 *   each call slower, and past the gateway's 10 s CA timeout an
 *   enrolment the CA did make is lost to its vendor (one enrolment allowed);
 * - each vendor's first login spends its one enrolment: the gateway makes the vendor's own key and keeps
 *   it with the certificate in its wallet. Every vendor is a distinct CA identity that signs its own bid.
 * Kept in the burst gateway's state folder (next to the wallet that holds their keys), so a later burst
 * on the same network reuses them and only signs them in (a password hash check, no CA).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inBatches } from './bench-vendors';
import { signIn } from './gateway-login';
import { detail, step } from './log';

export interface BurstVendor {
  username: string;
  password: string;
  vendorId: string;
}

export type SignedInVendor = BurstVendor & { token: string };

interface VendorFile {
  /** The next unused number: a failed onboarding's number is not used again. */
  next: number;
  vendors: BurstVendor[];
}

const WIDTH = Number(process.env.BURST_ONBOARD_WIDTH ?? 8);
if (!Number.isInteger(WIDTH) || WIDTH < 1 || WIDTH > 400)
  throw new Error(`BURST_ONBOARD_WIDTH must be 1..400, not ${process.env.BURST_ONBOARD_WIDTH ?? ''}`);
const ATTEMPTS = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function load(file: string): VendorFile {
  if (!existsSync(file)) return { next: 0, vendors: [] };
  return JSON.parse(readFileSync(file, 'utf8')) as VendorFile;
}

function save(file: string, data: VendorFile): void {
  writeFileSync(file, JSON.stringify(data), { mode: 0o600 });
}

/**
 * The registrar's onboarding of one vendor, sent again with the same Idempotency-Key after a 503 or
 * 504 (busy or unknown outcome: the key makes the second send return the first one's outcome).
 * @returns the HTTP status it ended with.
 */
async function onboard(baseUrl: string, registrarToken: string, vendor: BurstVendor): Promise<number> {
  for (let attempt = 1; ; attempt += 1) {
    const res = await fetch(`${baseUrl}/api/v1/vendors`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${registrarToken}`,
        'idempotency-key': `onboard-${vendor.vendorId}`,
      },
      body: JSON.stringify({ ...vendor, legalName: `Burst vendor ${vendor.vendorId}` }),
    }).catch(() => undefined);
    await res?.arrayBuffer();
    const status = res?.status ?? 0;
    if (status === 201 || ![0, 503, 504].includes(status) || attempt >= ATTEMPTS) return status;
    await sleep(Number(res?.headers.get('retry-after') ?? 1) * 1000 * (1 + Math.random()));
  }
}

/** Onboards `count` new vendors (numbers from `data.next`); returns those signed in. */
async function onboardNew(
  baseUrl: string,
  mspId: string,
  registrarToken: string,
  count: number,
  data: VendorFile,
  save: () => void,
): Promise<SignedInVendor[]> {
  const fresh = Array.from({ length: count }, (_, k) => {
    const i = data.next + k;
    const vendor: BurstVendor = {
      username: `burst-vendor-${i}`,
      password: randomBytes(12).toString('base64url'),
      vendorId: `BURST${i}`,
    };
    return vendor;
  });
  data.next += count;
  save();
  const signed: SignedInVendor[] = [];
  const refused = new Map<number, number>();
  const started = Date.now();
  await inBatches(
    fresh,
    WIDTH,
    async (vendor) => {
      const status = await onboard(baseUrl, registrarToken, vendor);
      if (status !== 201) {
        refused.set(status, (refused.get(status) ?? 0) + 1);
        return;
      }
      // The first login enrols: the one enrolment the registrar allowed goes to the gateway's wallet.
      const token = await signIn(baseUrl, mspId, vendor.username, vendor.password).catch(() => undefined);
      if (token === undefined) {
        refused.set(-1, (refused.get(-1) ?? 0) + 1);
        return;
      }
      data.vendors.push(vendor);
      signed.push({ ...vendor, token });
    },
    (done) => {
      save();
      detail(`${done}/${count} onboarded and signed in (${Math.round((Date.now() - started) / 1000)} s)`);
    },
  );
  save();
  if (refused.size > 0)
    detail(
      `not onboarded, by status (-1: first login failed): ${JSON.stringify(Object.fromEntries(refused))}`,
    );
  return signed;
}

/** Signs in vendors onboarded by an earlier burst (their keys are in the gateway's wallet already). */
async function signInKnown(
  baseUrl: string,
  mspId: string,
  vendors: BurstVendor[],
): Promise<SignedInVendor[]> {
  const signed: SignedInVendor[] = [];
  const started = Date.now();
  await inBatches(
    vendors,
    WIDTH,
    async (vendor, i) => {
      signed[i] = { ...vendor, token: await signIn(baseUrl, mspId, vendor.username, vendor.password) };
    },
    (done) => {
      detail(`${done}/${vendors.length} signed in (${Math.round((Date.now() - started) / 1000)} s)`);
    },
  );
  return signed;
}

/**
 * `count` distinct vendors signed in to the gateway at `baseUrl`, whose wallet lives in `stateDir`:
 * those recorded there first, then new ones onboarded by the registrar.
 */
export async function burstVendors(
  baseUrl: string,
  stateDir: string,
  mspId: string,
  registrarToken: string,
  count: number,
): Promise<SignedInVendor[]> {
  const file = path.join(stateDir, 'burst-vendors.json');
  const data = load(file);
  const known = data.vendors.slice(0, count);
  step(`Signing in ${known.length} vendors onboarded before (${WIDTH} at a time)`);
  const vendors = await signInKnown(baseUrl, mspId, known);
  let rounds = 0;
  while (vendors.length < count) {
    if (++rounds > 3) throw new Error(`only ${vendors.length} of ${count} vendors could be onboarded`);
    const missing = count - vendors.length;
    step(`Onboarding ${missing} vendors through the registrar's POST /api/v1/vendors (${WIDTH} at a time)`);
    vendors.push(
      ...(await onboardNew(baseUrl, mspId, registrarToken, missing, data, () => {
        save(file, data);
      })),
    );
  }
  return vendors;
}
