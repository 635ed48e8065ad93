import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const RESULTS_DIR = new URL('../../test-results/', import.meta.url);

/**
 * Debian's chromium driven by playwright-core; a browser is never downloaded. `.ci/run` installs the Debian
 * package when /usr/bin/chromium is missing.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (never download a browser)`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 20_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/**
 * Open the dashboard and sign in with a token; resolves once the sign-in is settled (on the world page, or refused
 * with its reason shown). Page errors are collected so a test can assert there were none.
 */
export async function signIn(browser: Browser, url: string, token: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
  // a bound, not a speed check: under a full CI run (two test workers, Postgres and Chromium on two cores) a
  // page's first API answers were seen to take over 10 s
  page.setDefaultTimeout(30_000);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    // failed requests are reported below with their URL
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) errors.push(msg.text());
  });
  page.on('response', (res) => {
    if (res.status() >= 400) errors.push(`${res.status()} ${res.request().method()} ${new URL(res.url()).pathname}`);
  });
  await page.goto(url);
  await page.fill('#token', token);
  await page.click('button[type=submit]');
  // the form checks the token with the gateway and only then goes to #/world: a test that navigated before that
  // answer came was sent back to the world page (the Forks page's test failed so under a loaded CI run)
  await page.waitForFunction(() => location.hash === '#/world' || document.querySelector('[data-testid=signin-error]')?.textContent);
  return { page, errors };
}
