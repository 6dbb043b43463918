/**
 * Stories of each role in the portal, in a real browser against the real network: best price-quality
 * scoring, the registrar's onboarding (the one-time secret logs the new vendor in once, as it chooses its
 * own password), the officer's
 * amendment and cancellation, refusals shown on the page with the ledger unchanged (wrong role, debarred
 * vendor), and a vendor's whole bid flow with the keyboard alone.
 */
import type { Browser, Page } from 'playwright-core';
import type { Award, BidRecord, Policy, Tender } from '@procurement/contract';
import { ApiClient, type RunningGateway, startGateway, waitUntil } from '../support/gateway';
import {
  bidBody,
  expectStatus,
  loginAll,
  tenderBody,
  uniqueId,
  useShortPolicy,
} from '../support/procurement';
import {
  type PortalPage,
  berlinInput,
  checkpoint,
  go,
  launchBrowser,
  logIn,
  openPortal,
  waitForOpening,
} from '../support/browser';

describe('stories of each role in the portal', () => {
  let gw: RunningGateway;
  let browser: Browser;
  let auditorApi: ApiClient;
  let officerApi: ApiClient;
  let acmeApi: ApiClient;
  let boltApi: ApiClient;
  const opened: PortalPage[] = [];

  const portal = async (username?: string): Promise<PortalPage> => {
    const p = await openPortal(browser, gw.baseUrl);
    opened.push(p);
    if (username) await logIn(p.page, username);
    return p;
  };

  /** A published tender with the given timing, created through the API (the stories start after it). */
  const publishedTender = async (
    prefix: string,
    options: Parameters<typeof tenderBody>[1],
  ): Promise<Tender> => {
    const id = uniqueId(prefix);
    expectStatus(await officerApi.post('/api/v1/tenders', tenderBody(id, options)), 201);
    const published = await officerApi.post<Tender>(`/api/v1/tenders/${id}/publish`);
    expectStatus(published, 200);
    return published.body;
  };

  beforeAll(async () => {
    gw = await startGateway();
    browser = await launchBrowser();
    [auditorApi, officerApi, acmeApi, boltApi] = await loginAll(gw, [
      'auditor',
      'pw-officer',
      'vendor-acme',
      'vendor-bolt',
    ]);
    await useShortPolicy(gw, auditorApi);
  });

  afterAll(async () => {
    for (const p of opened) await p.context.close();
    await browser.close();
    await gw.stop();
  });

  it('best price-quality: the evaluator declares no conflict and scores; the ranking shows scores and weights', async () => {
    const tender = await publishedTender('web-bpq', {
      submissionInSeconds: 14,
      openingInSeconds: 24,
      evaluators: ['pw-eval-1'],
      title: 'Design and build of a footbridge',
      awardCriteria: {
        method: 'bestPriceQuality',
        priceWeight: 60,
        criteria: [{ id: 'quality', name: 'Technical quality', weight: 40, maxScore: 10 }],
      },
    });
    const acmeBid = await acmeApi.post<BidRecord>(`/api/v1/tenders/${tender.id}/bids`, bidBody('50000000'));
    const boltBid = await boltApi.post<BidRecord>(`/api/v1/tenders/${tender.id}/bids`, bidBody('45000000'));
    expectStatus(acmeBid, 201);
    expectStatus(boltBid, 201);
    await waitUntil(tender.submissionDeadline);
    await waitForOpening(officerApi, tender.id);
    await waitUntil(tender.openingDeadline);

    const evaluator = await portal('pw-eval-1');
    const e = evaluator.page;
    await e.getByRole('heading', { name: 'Tenders whose committee names you' }).waitFor();
    await e.getByRole('link', { name: 'Design and build of a footbridge' }).first().waitFor();
    await checkpoint(evaluator, 'evaluator-tenders');
    await go(e, `/tenders/${tender.id}`);
    await e.getByText('Weights: price 60%').waitFor();
    await e.getByText('Technical quality: 40% (0 to 10)').waitFor();
    await e
      .getByLabel('I declare that I have no conflict of interest with any bidder on this tender.')
      .check();
    for (const [bid, score] of [
      [acmeBid.body.bidId, '9'],
      [boltBid.body.bidId, '5'],
    ] as const) {
      const form = e.getByRole('form', { name: `Score bid ${bid}` });
      await form.getByLabel('Technical quality (weight 40%, 0 to 10)').fill(score);
      await form.getByRole('button', { name: 'Submit scores' }).click();
      await form.getByText('Scored.').waitFor();
    }
    await checkpoint(evaluator, 'evaluator-scored');

    const officer = await portal('pw-officer');
    await go(officer.page, `/tenders/${tender.id}`);
    await officer.page.getByRole('button', { name: 'Compute the award' }).click();
    const ranking = officer.page.getByRole('table', { name: 'Ranking' });
    await ranking.waitFor();
    const award = (await officerApi.get<Award>(`/api/v1/tenders/${tender.id}/award`)).body;
    for (const entry of award.ranking) {
      const score = entry.score ?? -1;
      const shown = `${String(Math.floor(score / 100))}.${String(score % 100).padStart(2, '0')} of 100.00`;
      await ranking
        .getByRole('row', { name: new RegExp(entry.vendorId) })
        .getByText(shown)
        .waitFor();
    }
    await checkpoint(officer, 'officer-best-price-quality-ranking');
  });

  it('the registrar onboards a vendor and is shown the one-time secret, with which the vendor logs in once, choosing its own password', async () => {
    const registrar = await portal('registrar');
    const vendorId = uniqueId('V').slice(0, 40);
    const username = `web-${vendorId}`.toLowerCase();
    await registrar.page.getByLabel('Vendor id').fill(vendorId);
    await registrar.page.getByLabel('Legal name').fill('Harbour Works Ltd');
    await registrar.page.getByLabel('Login name for the vendor').fill(username);
    await registrar.page.getByRole('button', { name: 'Onboard' }).click();
    const secret = (await registrar.page.getByTestId('one-time-secret').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    await checkpoint(registrar, 'registrar-one-time-secret');
    await registrar.page.getByRole('button', { name: 'Close' }).click();
    expect(await registrar.page.getByTestId('one-time-secret').count()).toBe(0);

    const vendor = await portal();
    await checkpoint(vendor, 'login');
    await vendor.page.getByLabel('Organisation').selectOption('SuppliersMSP');
    await vendor.page.getByLabel('User name').fill(username);
    await vendor.page.getByLabel('Password (enrolment secret)').fill(secret);
    await vendor.page.getByRole('button', { name: 'Log in' }).click();
    // The gateway refuses to keep the registrar's secret as the password: the vendor chooses its own.
    await vendor.page.getByRole('heading', { name: 'Choose your own password' }).waitFor();
    await checkpoint(vendor, 'login-choose-password');
    const own = 'a harbour of my own 42';
    await vendor.page.getByLabel('New password', { exact: true }).fill(own);
    await vendor.page.getByLabel('New password again').fill(own);
    await vendor.page.getByRole('button', { name: 'Set my password and log in' }).click();
    await vendor.page.getByText(`Signed in as ${username} (vendor, SuppliersMSP)`).waitFor();

    // The one-time secret opens nothing now, in the portal either.
    const registrarAgain = await portal();
    await registrarAgain.page.getByLabel('Organisation').selectOption('SuppliersMSP');
    await registrarAgain.page.getByLabel('User name').fill(username);
    await registrarAgain.page.getByLabel('Password (enrolment secret)').fill(secret);
    await registrarAgain.page.getByRole('button', { name: 'Log in' }).click();
    await registrarAgain.page.getByRole('alert').filter({ hasText: 'UNAUTHENTICATED' }).waitFor();
    await checkpoint(registrarAgain, 'login-one-time-secret-refused');
  });

  it('the officer amends a tender (the new deadline shown) and cancels it', async () => {
    const tender = await publishedTender('web-amend', { submissionInSeconds: 600, openingInSeconds: 900 });
    const officer = await portal('pw-officer');
    const o = officer.page;
    await go(o, `/tenders/${tender.id}`);
    await o.getByLabel('Reason').first().fill('Clarified the scope.');
    // Whole seconds: the form's datetime-local input has second precision.
    const later = new Date(Math.floor(Date.parse(tender.submissionDeadline) / 1000) * 1000 + 3_600_000);
    await o.getByLabel('New submission deadline (your time)').fill(berlinInput(later.getTime()));
    await o.getByLabel('New opening deadline (your time)').fill(berlinInput(later.getTime() + 3_600_000));
    await o.getByRole('button', { name: 'Amend' }).click();
    const done = o.getByRole('status').filter({ hasText: /Amended/ });
    await done.waitFor();
    expect(Date.parse((await done.locator('time').getAttribute('dateTime')) ?? '')).toBe(later.getTime());
    await o.getByText('Amendment 1: Clarified the scope.').waitFor();
    await checkpoint(officer, 'officer-amended');
    const cancel = o.getByRole('form', { name: 'Cancel the tender' });
    await cancel.getByLabel('Reason').fill('Funding withdrawn.');
    await cancel.getByRole('button', { name: 'Cancel the tender' }).click();
    await o.getByText('Cancelled: Funding withdrawn.').waitFor();
    expect((await officerApi.get<Tender>(`/api/v1/tenders/${tender.id}`)).body.status).toBe('cancelled');
  });

  it('refusals are shown on the page and change nothing: a wrong role, a debarred vendor', async () => {
    // Wrong role: the officer tries to set the policy.
    const before = (await auditorApi.get<Policy>('/api/v1/policy')).body;
    const officer = await portal('pw-officer');
    await go(officer.page, '/policy');
    await officer.page.getByLabel('Standstill (seconds)').fill('1');
    await officer.page.getByLabel('Reason', { exact: true }).first().fill('shorter standstill');
    await officer.page.getByRole('button', { name: 'Propose this policy' }).click();
    await officer.page.getByRole('alert').filter({ hasText: 'NOT_AUTHORISED' }).waitFor();
    await checkpoint(officer, 'refused-wrong-role');
    expect((await auditorApi.get<Policy>('/api/v1/policy')).body).toEqual(before);

    // The auditor debars CIVIC; CIVIC's bid is refused; the auditor reinstates it.
    const tender = await publishedTender('web-debar', { submissionInSeconds: 600, openingInSeconds: 900 });
    const auditor = await portal('auditor');
    await go(auditor.page, '/vendors');
    await auditor.page.getByLabel('Vendor id').fill('CIVIC');
    await auditor.page.getByRole('button', { name: 'Find' }).click();
    await auditor.page.getByLabel('Reason').fill('Collusion found by the audit office.');
    await auditor.page.getByRole('button', { name: 'Debar' }).click();
    await auditor.page
      .getByTestId('vendor-state')
      .getByText(/Debarred/)
      .waitFor();
    await checkpoint(auditor, 'auditor-vendor-debarred');
    try {
      const civic = await portal('vendor-civic');
      await go(civic.page, `/tenders/${tender.id}`);
      await civic.page.getByLabel('Price (EUR)').fill('1000');
      await civic.page.getByRole('button', { name: 'Seal and submit the bid' }).click();
      await civic.page
        .getByRole('alert')
        .filter({ hasText: /NOT_AUTHORISED.*debarred/ })
        .waitFor();
      await checkpoint(civic, 'refused-debarred-vendor');
      const bids = await officerApi.get<{ total: number }>(`/api/v1/tenders/${tender.id}/bids`);
      expect(bids.body.total).toBe(0);
    } finally {
      await auditor.page.getByLabel('Reason').fill('Debarment lifted on appeal.');
      await auditor.page.getByRole('button', { name: 'Reinstate' }).click();
      await auditor.page.getByText('Not debarred.').waitFor();
    }
  });

  it('live: events appear as they happen; a lost connection shows a banner and the stream resumes', async () => {
    // A gateway of its own, so that stopping it leaves the other stories alone.
    const own = await startGateway();
    const port = new URL(own.baseUrl).port;
    let restarted: RunningGateway | undefined;
    try {
      const officer = await openPortal(browser, own.baseUrl);
      opened.push(officer);
      await logIn(officer.page, 'pw-officer');
      await go(officer.page, '/activity');
      const first = await publishedTender('web-live-1', { submissionInSeconds: 600, openingInSeconds: 900 });
      await officer.page.getByRole('link', { name: first.id }).first().waitFor();
      await own.stop();
      const banner = officer.page
        .getByRole('alert')
        .filter({ hasText: 'The live connection to the ledger was lost' });
      await banner.waitFor();
      await checkpoint(officer, 'live-connection-lost');
      const second = await publishedTender('web-live-2', { submissionInSeconds: 600, openingInSeconds: 900 });
      // The same port and state (token keys): the session in the tab's memory is still valid.
      restarted = await startGateway({ stateDir: own.stateDir, env: { PORT: port } });
      await banner.waitFor({ state: 'detached' });
      // Resumed from the last event seen: what happened while it was away arrives too.
      await officer.page.getByRole('link', { name: second.id }).first().waitFor();
    } finally {
      await (restarted ?? own).stop();
    }
  });

  it('a citizen reaches the public register without logging in (its pages are accessible)', async () => {
    const citizen = await portal();
    await citizen.page.getByRole('link', { name: 'Public register' }).click();
    await citizen.page.getByRole('heading', { name: 'Public register' }).waitFor();
    await citizen.page.getByRole('search').waitFor();
    expect(await citizen.page.getByText(/Signed in as/).count()).toBe(0);
    await checkpoint(citizen, 'public-register');
    // A deep link is the portal too (the gateway answers page paths with the app).
    const res = await fetch(`${gw.baseUrl}/register/tenders/any`);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('a vendor bids with the keyboard alone', async () => {
    const tender = await publishedTender('web-kbd', {
      submissionInSeconds: 600,
      openingInSeconds: 900,
      title: 'Keyboard tender',
    });
    const vendor = await portal();
    const k = vendor.page;
    // Log in: the organisation select takes letters, the form submits on Enter.
    await tabUntil(k, (el) => el.label === 'Organisation');
    await k.keyboard.type('Suppliers');
    await k.keyboard.press('Tab');
    await k.keyboard.type('vendor-bolt');
    await k.keyboard.press('Tab');
    await k.keyboard.type('vendor-bolt-pw');
    await k.keyboard.press('Enter');
    await k.getByText('Signed in as vendor-bolt').waitFor();
    // Open the tender by its id, from the tenders page.
    await tabUntil(k, (el) => el.label === 'Open a tender by its id');
    await k.keyboard.type(tender.id);
    await k.keyboard.press('Enter');
    await k.getByRole('heading', { name: /Keyboard tender/ }).waitFor();
    await tabUntil(k, (el) => el.label === 'Price (EUR)');
    await k.keyboard.type('123456.78');
    await k.keyboard.press('Tab');
    await k.keyboard.type('Prefabricated deck.');
    await k.keyboard.press('Tab');
    await k.keyboard.type('8');
    await k.keyboard.press('Enter');
    await k.getByRole('heading', { name: 'Receipt' }).waitFor();
    await checkpoint(vendor, 'vendor-keyboard-receipt');
    const receipt = await k.getByTestId('receipt-bid').textContent();
    const bids = await boltApi.get<{ items: BidRecord[] }>(`/api/v1/tenders/${tender.id}/bids`);
    expect(bids.body.items.map((b) => [b.bidId, b.vendorId, b.status])).toEqual([
      [receipt, 'BOLT', 'sealed'],
    ]);
  });
});

interface Focused {
  label: string;
  text: string;
}

/** Presses Tab until the focused element matches (by its label or its text); fails after 60 presses. */
async function tabUntil(page: Page, wanted: (el: Focused) => boolean): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const focused: Focused = await page.evaluate(
      `(() => { const el = document.activeElement; const label = el && el.labels && el.labels[0] ? el.labels[0].textContent : ''; return { label: label || '', text: (el && el.textContent || '').trim() }; })()`,
    );
    if (wanted(focused)) return;
  }
  throw new Error('the element was never reached with Tab');
}
