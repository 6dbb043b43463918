/** The demo data of `npm run demo:seed`: who makes which tender, and what each award should raise. */
import { DEFAULT_RED_FLAG_POLICY, type Money } from '@procurement/contract';

import { loadDemoUsers } from './identities';

const DAY = 86_400;

/** Short periods so the awarded tenders run in about a minute; red-flag thresholds the demo trips. */
export const DEMO_POLICY = {
  minSubmissionSeconds: { open: 4, restricted: 4 },
  minRevealSeconds: 4,
  maxRevealSeconds: 30 * DAY,
  standstillSeconds: 60,
  amendmentExtensionSeconds: 8,
  minPriceWeight: 20,
  scoringSeconds: 3600,
  clockToleranceSeconds: 30,
  redFlags: {
    ...DEFAULT_RED_FLAG_POLICY,
    splitting: { cpvGroupDigits: 3, windowSeconds: 90 * DAY, thresholds: { EUR: '100000000' } },
  },
};

type Vendor = 'vendor-acme' | 'vendor-bolt' | 'vendor-civic';

export interface Scenario {
  id: string;
  officer: 'pw-officer' | 'health-officer';
  title: string;
  cpv: string;
  estimate: string;
  budgetCeiling?: string;
  /** Seconds from now to the submission deadline (the opening deadline is 6 s or 2 days later). */
  submission: number;
  bids: [Vendor, string][];
  /** Vendor debarred just before the award (reinstated after). */
  debar?: Vendor;
  /** Amend the deadline right after publication (a late amendment). */
  lateAmendment?: boolean;
  award?: boolean;
  /** What the scenario is for (shown while seeding). */
  raises: string;
}

const eur = (amount: string): Money => ({ amount, currency: 'EUR' });

const WORKS = [
  ['Resurfacing of the harbour road', '45233140-2'],
  ['Footbridge over the canal', '45221111-3'],
  ['Street lighting renewal, district 4', '45316110-9'],
  ['Drainage of the ring road', '45232452-5'],
  ['School roof insulation', '45261410-1'],
  ['Cycle lanes on the avenue', '45233162-2'],
] as const;
const HEALTH = [
  ['MRI scanner maintenance', '50421000-2'],
  ['Surgical gloves, two years', '33141420-0'],
  ['Ambulance fleet servicing', '50112000-3'],
  ['Hospital laundry services', '98311000-4'],
  ['Vaccine cold-chain fridges', '39711130-9'],
  ['Clinic refurbishment, north wing', '45262000-1'],
] as const;

/** Every demo tender: two dozen open ones and the awarded ones that raise each flag. */
export function scenarios(prefix = 'demo'): Scenario[] {
  const open: Scenario[] = [];
  for (const round of [1, 2]) {
    WORKS.forEach(([title, cpv], i) =>
      open.push({
        id: `${prefix}-pw-${round}${i}`,
        officer: 'pw-officer',
        title: round === 1 ? title : `${title} (lot ${round})`,
        cpv,
        estimate: String((i + 2) * 25_000_000),
        // A few with a period under the R003 threshold (15 days).
        submission: (round === 1 && i < 2 ? 10 : 40) * DAY,
        bids: i % 2 === 0 ? [['vendor-acme', String((i + 2) * 24_000_000)]] : [],
        raises: round === 1 && i < 2 ? 'R003' : 'nothing',
      }),
    );
    HEALTH.forEach(([title, cpv], i) =>
      open.push({
        id: `${prefix}-h-${round}${i}`,
        officer: 'health-officer',
        title: round === 1 ? title : `${title} (lot ${round})`,
        cpv,
        estimate: String((i + 1) * 30_000_000),
        submission: 40 * DAY,
        bids: i % 3 === 0 ? [['vendor-civic', String((i + 1) * 29_000_000)]] : [],
        raises: 'nothing',
      }),
    );
  }
  // Long enough to publish every short tender (and their bids) before the first deadline passes.
  const short = 60;
  const awarded: Scenario[] = [
    {
      id: `${prefix}-late`,
      officer: 'pw-officer',
      title: 'Tunnel ventilation study',
      cpv: '71311000-1',
      estimate: '20000000',
      submission: 2 * DAY,
      bids: [],
      lateAmendment: true,
      raises: 'PL-LATE-AMENDMENT',
    },
    {
      id: `${prefix}-single`,
      officer: 'pw-officer',
      title: 'Bridge bearing replacement',
      cpv: '50230000-6',
      estimate: '50000000',
      submission: short,
      bids: [['vendor-acme', '60000000']],
      award: true,
      raises: 'R018, PL-OVER-ESTIMATE',
    },
    {
      id: `${prefix}-same-price`,
      officer: 'health-officer',
      title: 'Patient beds, 200 units',
      cpv: '33192100-1',
      estimate: '50000000',
      submission: short,
      bids: [
        ['vendor-acme', '40000000'],
        ['vendor-bolt', '40000000'],
        ['vendor-civic', '45000000'],
      ],
      award: true,
      raises: 'R028',
    },
    {
      id: `${prefix}-over-budget`,
      officer: 'pw-officer',
      title: 'Park irrigation system',
      cpv: '77313000-7',
      estimate: '50000000',
      budgetCeiling: '50000000',
      submission: short,
      bids: [
        ['vendor-acme', '45000000'],
        ['vendor-bolt', '55000000'],
        ['vendor-civic', '60000000'],
      ],
      award: true,
      raises: 'R035',
    },
    {
      id: `${prefix}-debarred`,
      officer: 'health-officer',
      title: 'Laboratory reagents',
      cpv: '33696500-0',
      estimate: '50000000',
      submission: short,
      bids: [
        ['vendor-acme', '40000000'],
        ['vendor-bolt', '30000000'],
      ],
      debar: 'vendor-bolt',
      award: true,
      raises: 'R035, R036',
    },
    {
      id: `${prefix}-split-pw`,
      officer: 'pw-officer',
      title: 'Resurfacing of the east road, part 1',
      cpv: '45233140-2',
      estimate: '70000000',
      submission: short,
      bids: [
        ['vendor-civic', '70000000'],
        ['vendor-bolt', '75000000'],
      ],
      award: true,
      raises: 'nothing yet',
    },
    {
      id: `${prefix}-split-h`,
      officer: 'health-officer',
      title: 'Hospital access road resurfacing',
      cpv: '45233220-7',
      estimate: '60000000',
      submission: short,
      bids: [
        ['vendor-civic', '60000000'],
        ['vendor-acme', '65000000'],
      ],
      award: true,
      raises: 'PL-SPLIT (PublicWorks and Health, CIVIC)',
    },
  ];
  return [...open, ...awarded];
}

/** A logged-in demo user of the gateway. */
class Client {
  constructor(
    readonly url: string,
    readonly token = '',
  ) {}

  static async login(url: string, username: string): Promise<Client> {
    const user = loadDemoUsers().find((u) => u.username === username);
    if (!user) throw new Error(`no demo user ${username}`);
    const res = await new Client(url).call('POST', '/api/v1/auth/login', {
      mspId: user.mspId,
      username: user.username,
      password: user.password,
    });
    return new Client(url, (res.body as { token: string }).token);
  }

  async call(
    method: string,
    pathname: string,
    body?: unknown,
    accept = [200, 201],
  ): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${this.url}${pathname}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (!accept.includes(res.status)) throw new Error(`${method} ${pathname}: ${res.status} ${text}`);
    return { status: res.status, body: parsed };
  }
}

const sleepUntil = async (ms: number): Promise<void> => {
  const wait = ms - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
};

function tenderBody(s: Scenario, now: number, evaluators: string[]): Record<string, unknown> {
  // Short tenders: the opening deadline comes well after the openers have released their key shares.
  const opening = s.submission < DAY ? s.submission + 45 : s.submission + 2 * DAY;
  return {
    id: s.id,
    title: s.title,
    description: `${s.title}: works and services as in the attached specification.`,
    cpv: s.cpv,
    estimatedValue: eur(s.estimate),
    ...(s.budgetCeiling ? { budgetCeiling: eur(s.budgetCeiling) } : {}),
    procedure: 'open',
    submissionDeadline: new Date(now + s.submission * 1000).toISOString(),
    openingDeadline: new Date(now + opening * 1000).toISOString(),
    awardCriteria: { method: 'lowestPrice' },
    evaluators,
    documents: [{ name: 'specification.pdf', sha256: 'a'.repeat(64) }],
  };
}

interface Placed {
  scenario: Scenario;
  tender: { submissionDeadline: string; openingDeadline: string };
  bids: { vendor: Vendor; bidId: string }[];
}

async function publish(users: Record<string, Client>, s: Scenario): Promise<Placed> {
  const officer = users[s.officer] as Client;
  const evaluators = s.officer === 'pw-officer' ? ['pw-eval-1'] : ['health-eval-1'];
  const created = await officer.call('POST', '/api/v1/tenders', tenderBody(s, Date.now(), evaluators));
  const tender = created.body as Placed['tender'];
  await officer.call('POST', `/api/v1/tenders/${s.id}/publish`);
  if (s.lateAmendment) {
    const moved = new Date(Date.parse(tender.submissionDeadline) + DAY * 1000).toISOString();
    const opening = new Date(Date.parse(tender.openingDeadline) + DAY * 1000).toISOString();
    await officer.call('POST', `/api/v1/tenders/${s.id}/amendments`, {
      reason: 'Site visit postponed',
      changes: { submissionDeadline: moved, openingDeadline: opening },
    });
  }
  const bids: Placed['bids'] = [];
  for (const [vendor, amount] of s.bids) {
    const res = await (users[vendor] as Client).call('POST', `/api/v1/tenders/${s.id}/bids`, {
      price: eur(amount),
      technicalProposal: { method: 'standard', weeks: 12 },
    });
    bids.push({ vendor, bidId: (res.body as { bidId: string }).bidId });
  }
  return { scenario: s, tender, bids };
}

/** After the submission deadline the organisations' openers release their key shares: wait until every bid is open. */
async function opened(users: Record<string, Client>, placed: Placed): Promise<void> {
  const { scenario: s, tender } = placed;
  await sleepUntil(Date.parse(tender.submissionDeadline) + 1_500);
  const until = Date.parse(tender.openingDeadline) + 60_000;
  for (;;) {
    const res = await (users.auditor as Client).call('GET', `/api/v1/tenders/${s.id}/opening`);
    if ((res.body as { complete?: boolean }).complete === true || Date.now() > until) return;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** Puts the demo policy in force unless it is: one auditor proposes, the second approves. */
async function useDemoPolicy(users: Record<string, Client>, url: string): Promise<void> {
  const auditor = users.auditor as Client;
  const current = (await auditor.call('GET', '/api/v1/policy')).body as Record<string, unknown>;
  const same = Object.entries(DEMO_POLICY).every(
    ([k, v]) => JSON.stringify(current[k]) === JSON.stringify(v),
  );
  if (same) return;
  const proposed = await auditor.call('POST', '/api/v1/policy/proposals', {
    ...DEMO_POLICY,
    reason: 'demo: short periods and red-flag thresholds the demo data trips',
  });
  const second = await Client.login(url, 'auditor-2');
  await second.call(
    'POST',
    `/api/v1/policy/proposals/${(proposed.body as { proposalId: string }).proposalId}/approval`,
    {
      reason: 'demo policy agreed',
    },
  );
}

async function award(
  users: Record<string, Client>,
  placed: Placed,
  log: (line: string) => void,
): Promise<void> {
  const { scenario: s, tender } = placed;
  const auditor = users.auditor as Client;
  const debarred = s.debar ? loadDemoUsers().find((u) => u.username === s.debar)?.vendorId : undefined;
  if (debarred) await auditor.call('POST', `/api/v1/vendors/${debarred}/debarment`, { reason: 'demo: R036' });
  try {
    await sleepUntil(Date.parse(tender.openingDeadline) + 1_500);
    await (users[s.officer] as Client).call('POST', `/api/v1/tenders/${s.id}/award`);
    log(`${s.id}: awarded (raises ${s.raises})`);
  } finally {
    if (debarred)
      await auditor.call('DELETE', `/api/v1/vendors/${debarred}/debarment`, { reason: 'demo over' });
  }
}

/** Seeds what is missing; returns how many tenders it created and how many were there already. */
export async function seedDemo(
  url: string,
  log: (line: string) => void,
  prefix = 'demo',
): Promise<{ created: number; skipped: number }> {
  const names = ['auditor', 'pw-officer', 'health-officer', 'vendor-acme', 'vendor-bolt', 'vendor-civic'];
  const users = Object.fromEntries(
    await Promise.all(names.map(async (n) => [n, await Client.login(url, n)] as const)),
  );
  await useDemoPolicy(users, url);
  let skipped = 0;
  const placeAll = async (list: Scenario[]): Promise<Placed[]> => {
    const placed: Placed[] = [];
    for (const s of list) {
      const exists = await (users.auditor as Client).call(
        'GET',
        `/api/v1/tenders/${s.id}`,
        undefined,
        [200, 404],
      );
      if (exists.status === 200) {
        skipped += 1;
        continue;
      }
      placed.push(await publish(users, s));
      log(`${s.id}: published (${s.raises})`);
    }
    return placed;
  };
  // The short tenders first, all the way to award; then the ones open for weeks.
  const short = await placeAll(scenarios(prefix).filter((s) => s.award));
  for (const p of short) await opened(users, p);
  // The split pair in order: PublicWorks first, so Health's award is the one that completes the split.
  for (const p of short) await award(users, p, log);
  const placed = [...short, ...(await placeAll(scenarios(prefix).filter((s) => !s.award)))];
  return { created: placed.length, skipped };
}
