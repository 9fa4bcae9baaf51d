/// <reference lib="dom" />
// Opening a report in Debian's Chromium for tests: the launch flags this machine needs, a page whose network is
// cut (anything but the file itself is aborted and recorded), and the console errors it logs.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const chromiumAvailable = existsSync(CHROMIUM);
export const CHROMIUM_SKIP_REASON = `Chromium report suite SKIPPED: ${CHROMIUM} is missing (apt-get install -y chromium)`;

export interface OpenedReport {
  readonly page: Page;
  readonly requests: readonly string[];
  readonly errors: readonly string[];
  close(): Promise<void>;
}

export async function openReport(fileUrl: string): Promise<OpenedReport> {
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  await page.goto(fileUrl, { waitUntil: 'load' });
  return { page, requests, errors, close: () => browser.close() };
}

/** Every Kaplan–Meier path of the page with its plot's scale, as the report's data attributes give it. */
export function renderedCurves(page: Page): Promise<{ outcome: string; group: string; arm: string; d: string; scale: { xMaxMonths: number; left: number; top: number; width: number; height: number } }[]> {
  return page.$$eval('svg.km-plot path.km-curve', (paths) =>
    paths.map((p) => {
      const svg = p.closest('svg')!;
      const n = (name: string): number => Number(svg.getAttribute(`data-${name}`));
      return {
        outcome: p.getAttribute('data-outcome')!,
        group: p.getAttribute('data-group')!,
        arm: p.getAttribute('data-arm')!,
        d: p.getAttribute('d')!,
        scale: { xMaxMonths: n('x-max-months'), left: n('plot-left'), top: n('plot-top'), width: n('plot-width'), height: n('plot-height') },
      };
    }),
  );
}
