/**
 * Story: a lowest-price tender from the form to the contract, every step in the portal in a real
 * browser, against the real network: the officer creates (a field error first) and publishes; two
 * vendors seal bids in their browsers and one replaces its bid; nobody sees a price before opening (a
 * vendor only on its own receipt); a late bid is refused on the page; the bids open after the deadline
 * when the organisations release their key shares; the officer awards; the losing vendor challenges;
 * the auditor dismisses and reviews the tender's red flag (R003, its short submission period) with a
 * note; the officer records the contract; the auditor exports the award history; a citizen, without
 * logging in, sees the award, the tender's history with each change's proof, and the reviewed flag.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { Award, Tender } from '@procurement/contract';
import { ApiClient, type RunningGateway, startGateway, waitUntil } from '../support/gateway';
import { useShortPolicy, uniqueId } from '../support/procurement';
import {
  type PortalPage,
  berlinInput,
  checkpoint,
  go,
  launchBrowser,
  logIn,
  openPortal,
  reloadUntilShown,
  waitForOpening,
} from '../support/browser';

describe('story: tender to contract in the portal', () => {
  let gw: RunningGateway;
  let browser: Browser;
  let auditorApi: ApiClient;
  const id = uniqueId('web');
  const opened: PortalPage[] = [];

  const portal = async (username: string, width?: number): Promise<PortalPage> => {
    const p = await openPortal(browser, gw.baseUrl, width === undefined ? {} : { width });
    opened.push(p);
    await logIn(p.page, username);
    return p;
  };

  beforeAll(async () => {
    gw = await startGateway();
    browser = await launchBrowser();
    auditorApi = await ApiClient.login(gw, 'auditor');
    await useShortPolicy(gw, auditorApi);
  });

  afterAll(async () => {
    for (const p of opened) await p.context.close();
    await browser.close();
    await gw.stop();
  });

  it('runs from the officer’s form to the recorded contract', async () => {
    // The officer: a field error from the API, shown at the field, then a valid draft, then publish.
    const officer = await portal('pw-officer');
    const o = officer.page;
    await go(o, '/tenders/new');
    const start = Date.now();
    const deadline = start + 70_000;
    const opening = start + 95_000;
    await o.getByLabel('Tender id').fill(id);
    await o.getByLabel('Title', { exact: true }).fill('Resurfacing of the harbour road');
    await o.getByLabel('Description').fill('Milling and resurfacing of 3 km of carriageway.');
    await o.getByLabel('CPV code').fill('road works');
    await o.getByLabel('Estimated value').fill('900000.00');
    await o.getByLabel('Submission deadline (your time)').fill(berlinInput(deadline));
    await o.getByLabel('Opening deadline (your time)').fill(berlinInput(opening));
    await o.getByLabel('Evaluators (user names, comma separated)').fill('pw-eval-1');
    await o.getByRole('button', { name: 'Create draft' }).click();
    const cpvField = o.locator('.field.invalid', { has: o.getByLabel('CPV code') });
    await cpvField.getByText('CPV code such as 45233140-2').waitFor();
    expect(await o.getByLabel('CPV code').getAttribute('aria-invalid')).toBe('true');
    await checkpoint(officer, 'officer-create-field-error');
    await o.getByLabel('CPV code').fill('45233140-2');
    await o.getByRole('button', { name: 'Create draft' }).click();
    await o.getByText(`Draft ${id} created.`).waitFor();
    await go(o, `/tenders/${id}`);
    await o.getByRole('button', { name: 'Publish' }).click();
    await o.getByText('open for bids').first().waitFor();
    // The deadline is shown in the user's zone (Berlin) with UTC beside it.
    const shown = await o.getByTestId('submission-deadline').textContent();
    expect(shown).toMatch(/CET|CEST|GMT\+1|GMT\+2/);
    expect(shown).toContain('UTC');
    await checkpoint(officer, 'officer-tender-published');

    // Two vendors bid; BOLT replaces its bid.
    const acme = await portal('vendor-acme');
    await go(acme.page, `/tenders/${id}`);
    await acme.page.getByLabel('Price (EUR)').fill('812345.67');
    await acme.page.getByLabel('Technical approach').fill('Cold milling, two crews.');
    await acme.page.getByRole('button', { name: 'Seal and submit the bid' }).click();
    await acme.page.getByRole('heading', { name: 'Receipt' }).waitFor();
    const acmeBid = await acme.page.getByTestId('receipt-bid').textContent();
    await checkpoint(acme, 'vendor-sealed-bid-receipt');

    const bolt = await portal('vendor-bolt', 375);
    await go(bolt.page, `/tenders/${id}`);
    await bolt.page.getByLabel('Price (EUR)').fill('905000');
    await bolt.page.getByRole('button', { name: 'Seal and submit the bid' }).click();
    await bolt.page.getByRole('heading', { name: 'Receipt' }).waitFor();
    await bolt.page.getByRole('button', { name: 'Replace my bid' }).waitFor();
    await bolt.page.getByLabel('Price (EUR)').fill('870500.25');
    await bolt.page.getByRole('button', { name: 'Replace my bid' }).click();
    await bolt.page.getByText('870,500.25').first().waitFor();
    await checkpoint(bolt, 'vendor-replaced-bid-375px');

    // Before opening no price is on the ledger: the vendor sees its own bid's status and commitment,
    // not even its own price once the receipt is gone; the officer sees only how many bids there are.
    await acme.page.reload();
    await logIn(acme.page, 'vendor-acme');
    await go(acme.page, `/tenders/${id}`);
    await acme.page.getByRole('heading', { name: 'My bid' }).waitFor();
    const acmeView = (await acme.page.locator('main').textContent()) ?? '';
    expect(acmeView).not.toContain('812,345.67');
    expect(acmeView).not.toContain('870,500.25');
    await o.reload();
    await logIn(o, 'pw-officer');
    await go(o, `/tenders/${id}`);
    await o.getByRole('heading', { name: 'Bids' }).waitFor();
    await o.getByText('2 live sealed bid(s)', { exact: false }).waitFor();
    const officerView = (await o.locator('main').textContent()) ?? '';
    expect(officerView).not.toContain('812,345.67');
    expect(officerView).not.toContain('870,500.25');

    // After the deadline: a late bid is refused on the page; the bids open without the vendors.
    await waitUntil(new Date(deadline).toISOString());
    const civic = await portal('vendor-civic');
    await go(civic.page, `/tenders/${id}`);
    await civic.page.getByLabel('Price (EUR)').fill('700000');
    await civic.page.getByRole('button', { name: 'Seal and submit the bid' }).click();
    await civic.page.getByRole('alert').filter({ hasText: 'DEADLINE_PASSED' }).waitFor();
    await checkpoint(civic, 'vendor-late-bid-refused');
    await waitForOpening(auditorApi, id);
    await acme.page.getByTestId('opening-counts').getByText('2 opened', { exact: false }).waitFor();
    await acme.page.getByText('812,345.67').first().waitFor();
    await checkpoint(acme, 'vendor-bids-opened');

    // After opening: the officer awards; the ranking names the winner.
    await waitUntil(new Date(opening).toISOString());
    await o.getByRole('button', { name: 'Compute the award' }).click();
    await o.getByText('Awarded to ACME for').waitFor();
    await o.getByRole('table', { name: 'Ranking' }).waitFor();
    await checkpoint(officer, 'officer-award-ranking');

    // The losing vendor challenges; the auditor dismisses it.
    await bolt.page.getByLabel('Reason').fill('The winning price is abnormally low.');
    await bolt.page.getByRole('button', { name: 'Challenge the award' }).click();
    const lodged = await bolt.page.getByText(/Challenge .* lodged\./).textContent();
    const challengeId = /Challenge (\S+) lodged/.exec(lodged ?? '')?.[1] ?? '';
    expect(challengeId).not.toBe('');
    const auditor = await portal('auditor');
    const streams: URL[] = [];
    auditor.page.on('request', (request) => {
      if (request.url().includes('/api/v1/events')) streams.push(new URL(request.url()));
    });
    await go(auditor.page, '/challenges');
    const card = auditor.page.locator('li.card', { hasText: challengeId });
    await card.getByLabel('dismiss').check();
    await card.getByLabel('Reason').fill('Price justified by the bidder’s explanation.');
    await card.getByRole('button', { name: 'Record the decision' }).click();
    await card.getByText(/Decided: dismissed/).waitFor();
    await checkpoint(auditor, 'auditor-challenge-dismissed');
    // The page found the challenge streaming from a recent award's block, never from block 0.
    const awardTx = (await auditorApi.get<Award>(`/api/v1/tenders/${id}/award`)).body.txId;
    const awardBlock = Number(
      (await auditorApi.get<{ blockNumber: string }>(`/public/v1/proof/${awardTx}`)).body.blockNumber,
    );
    const starts = streams.map((u) => u.searchParams.get('fromBlock')).filter((b) => b !== null);
    expect(starts.length).toBeGreaterThan(0);
    for (const start of starts) {
      expect(Number(start)).toBeGreaterThan(0);
      expect(Number(start)).toBeLessThanOrEqual(awardBlock);
    }

    // The tender's short submission period raised R003 at publication: the auditor reviews it with a
    // note on the register's red-flag page.
    await go(auditor.page, '/register/red-flags');
    const flag = auditor.page.locator('li', { hasText: id }).filter({ hasText: 'R003' });
    await flag.getByLabel('Review note').fill('Short period agreed for an urgent repair.');
    await flag.getByRole('button', { name: 'Mark reviewed' }).click();
    // Done, until the list refreshes and shows the flag reviewed with its note.
    await flag
      .getByText(/Done: committed in transaction|Review: Short period agreed/)
      .first()
      .waitFor()
      .catch(async (error: unknown) => {
        throw new Error(`${String(error)}; the flag shows: ${(await flag.textContent()) ?? ''}`);
      });
    await checkpoint(auditor, 'auditor-red-flag-reviewed');

    // After standstill the officer records the contract.
    const award = (await auditorApi.get<Award>(`/api/v1/tenders/${id}/award`)).body;
    expect(award.bidId).toBe(acmeBid);
    await waitUntil(award.standstillEndsAt);
    await o.getByRole('button', { name: 'Record the contract' }).click();
    await o.getByText('contracted').first().waitFor();
    const tender = (await auditorApi.get<Tender>(`/api/v1/tenders/${id}`)).body;
    expect(tender.status).toBe('contracted');

    // The auditor's award history shows it and exports it as CSV.
    await go(auditor.page, '/awards');
    await auditor.page.getByLabel('Vendor id').fill('ACME');
    await auditor.page.getByRole('button', { name: 'Filter' }).click();
    await auditor.page.getByRole('link', { name: id }).waitFor();
    await checkpoint(auditor, 'auditor-award-history');
    const [download] = await Promise.all([
      auditor.page.waitForEvent('download'),
      auditor.page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      'tenderId,agency,vendorId,bidId,amountMinorUnits,currency,status,awardedAt,standstillEndsAt,txId',
    );
    expect(csv).toContain(`${id},PublicWorksMSP,ACME,${acmeBid ?? ''},81234567,EUR,contracted`);

    // The tender list (every page a story visits passes axe).
    await go(auditor.page, '/tenders');
    await auditor.page.locator('li.card').first().waitFor();
    await checkpoint(auditor, 'auditor-tenders');

    // The tender's timeline lists each change with its transaction.
    await go(auditor.page, `/tenders/${id}/timeline`);
    await auditor.page.getByText('contracted by PublicWorksMSP').waitFor();
    await checkpoint(auditor, 'auditor-timeline');

    // A citizen, without logging in, sees the award and the tender's history on the public register,
    // each fact with its transaction's proof, and the red flag reviewed with the auditor's note.
    const citizen = await openPortal(browser, gw.baseUrl);
    opened.push(citizen);
    const c = citizen.page;
    await c.goto(`/register/tenders/${encodeURIComponent(id)}`);
    const awardLine = c.locator('p.award');
    await reloadUntilShown(c, awardLine.filter({ hasText: 'contracted' }));
    expect(await c.getByText(/Signed in as/).count()).toBe(0);
    expect(await awardLine.textContent()).toContain('Awarded to');
    expect(await awardLine.textContent()).toContain('812,345.67');
    const timeline = c.locator('ol.timeline');
    await timeline.getByText('ContractRecorded by PublicWorksMSP').waitFor();
    const history = (await timeline.textContent()) ?? '';
    for (const step of [
      'TenderPublished by PublicWorksMSP',
      'BidSealed by SuppliersMSP',
      'AwardMade by PublicWorksMSP',
      'ChallengeLodged by SuppliersMSP',
      'ChallengeDecided by AuditMSP',
    ])
      expect(history).toContain(step);
    await c.getByRole('table', { name: 'Bids' }).getByText('870,500.25').waitFor();
    await checkpoint(citizen, 'citizen-award-and-history');
    await awardLine.getByRole('link', { name: /proof/ }).click();
    await c.getByRole('heading', { name: /Proof of transaction/ }).waitFor();
    expect(await c.locator('dl.details').textContent()).toContain('VALID');
    await checkpoint(citizen, 'citizen-award-proof');
    await c.goto('/register/awards');
    await reloadUntilShown(c, c.getByRole('link', { name: id }));
    await checkpoint(citizen, 'citizen-awards');
    await c.goto('/register/red-flags');
    await reloadUntilShown(
      c,
      c.locator('li', { hasText: id }).filter({ hasText: 'Short period agreed for an urgent repair.' }),
    );
    expect(await c.locator('li', { hasText: id }).filter({ hasText: 'R003' }).textContent()).toContain(
      'reviewed',
    );
    await checkpoint(citizen, 'citizen-red-flag-reviewed');
    // A tender that is not on the register is a clear message, not an empty page.
    await c.goto('/register/tenders/no-such-tender');
    await c.getByRole('alert').filter({ hasText: 'NOT_FOUND' }).waitFor();
    await checkpoint(citizen, 'citizen-unknown-tender');
  });
});
