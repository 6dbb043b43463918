/**
 * The portal in a real browser: Debian's Chromium driven by playwright-core (Playwright's own browser
 * download is not used), pointed at a gateway that serves the built portal. Every page a story visits
 * is checked with axe-core, and any Content-Security-Policy violation fails the story.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Locator, type Page, chromium } from 'playwright-core';
import { ROOT } from '../../scripts/lib/topology';
import type { ApiClient } from './gateway';
import { demoUser } from './network';

/** Where the stories' screenshots go (git-ignored test output). */
export const SCREENSHOTS = path.join(ROOT, 'test-output', 'screenshots');

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** CHROMIUM_PATH, or the first Chromium found where Debian and others install it. */
export function chromiumPath(): string {
  const given = process.env.CHROMIUM_PATH;
  if (given) return given;
  const found = CANDIDATES.find((candidate) => existsSync(candidate));
  if (!found) throw new Error('no Chromium found: apt-get install -y chromium, or set CHROMIUM_PATH');
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // Chromium refuses to run its sandbox as root.
    args: root ? ['--no-sandbox'] : [],
  });
}

export interface PortalPage {
  context: BrowserContext;
  page: Page;
  /** CSP violations and uncaught page errors seen so far. */
  problems: string[];
}

/** A fresh browser profile (nothing shared with other users) in a time zone away from UTC. */
export async function openPortal(
  browser: Browser,
  baseUrl: string,
  options: { width?: number } = {},
): Promise<PortalPage> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    timezoneId: 'Europe/Berlin',
    locale: 'en-GB',
    viewport: { width: options.width ?? 1100, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    if (/Content.Security.Policy|Refused to/i.test(text)) problems.push(text);
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto('/');
  return { context, page, problems };
}

/** Logs a demo user in through the login form. */
export async function logIn(page: Page, username: string): Promise<void> {
  const user = demoUser(username);
  await page.getByLabel('Organisation').selectOption(user.mspId);
  await page.getByLabel('User name').fill(user.username);
  await page.getByLabel('Password (enrolment secret)').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByText(`Signed in as ${user.username}`).waitFor();
}

/** Goes to a portal path the way a user would (a link), without reloading (the token is in memory). */
export async function go(page: Page, pathname: string): Promise<void> {
  // A string: the tests are type-checked without the DOM library.
  await page.evaluate(
    `window.history.pushState(null, '', ${JSON.stringify(pathname)}); window.dispatchEvent(new PopStateEvent('popstate'));`,
  );
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * The serious and critical WCAG 2.1 A/AA violations axe-core finds on the page as it is now. axe is
 * evaluated through the DevTools protocol, which the page's CSP does not govern.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations: AxeViolation[] = await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations)`,
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) => `${v.id} (${String(v.impact)}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`,
    );
}

/** Checks accessibility and saves a screenshot of the page as it is now. */
export async function checkpoint(portal: PortalPage, name: string): Promise<void> {
  expect(await accessibilityViolations(portal.page)).toEqual([]);
  expect(portal.problems).toEqual([]);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await portal.page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Reloads a page of the public register (no session to lose) until `locator` shows: the public read
 * model follows the ledger a moment behind the transaction.
 */
export async function reloadUntilShown(page: Page, locator: Locator, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await locator.first().waitFor({ timeout: 2_000 });
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await page.reload();
    }
  }
}

/** An instant as a datetime-local input value in the browsers' zone (Europe/Berlin, see openPortal). */
export function berlinInput(ms: number): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  })
    .format(new Date(ms))
    .replace(' ', 'T');
}

interface OpeningState {
  missing: string[];
  bids: { sealed: number; opened: number; unopenable: number };
  complete: boolean;
}

/**
 * Waits until every live bid of the tender is opened: after the submission deadline the network's
 * openers release their key shares (issue 9). Fails with where the opening stands.
 */
export async function waitForOpening(
  client: ApiClient,
  tenderId: string,
  timeoutMs = 90_000,
): Promise<OpeningState> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    const res = await client.get<OpeningState>(`/api/v1/tenders/${tenderId}/opening`);
    last = res.body;
    if (res.status === 200 && res.body.complete && res.body.bids.opened > 0) return res.body;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`the bids of ${tenderId} did not open: ${JSON.stringify(last)}`);
}
