/// <reference lib="dom" />
// The page callbacks below run in Chromium: they are typed against the DOM.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAYS_PER_MONTH } from '../src/results/study-results.js';
import { formatCount } from '../src/report/format-numbers.js';
import { renderStudyReport } from '../src/report/render-study-report.js';
import { HOSTILE, releasedStudyFixture } from './fixtures/released-study.js';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, openReport, renderedCurves, type OpenedReport } from './report-browser.js';
import { parseStepPath } from './report-geometry.js';

// The report as a person sees it: Debian's Chromium opens the file from disk, with the network watched, and the
// figures are read back from the rendered page into numbers. Set PARCOURS_KEEP_REPORT=1 to keep report.html and
// report.png (the folder is printed) for a look.

const available = chromiumAvailable;
const SKIP_REASON = CHROMIUM_SKIP_REASON;

/** Half a pixel: how far a rendered point may sit from where the data put it. */
const PIXEL_TOLERANCE = 0.5;

if (!available) {
  if (process.env['CI'] === 'true') {
    describe('study report in Chromium', () => {
      it('needs Debian chromium', () => {
        throw new Error(`${SKIP_REASON}. CI=true: a skipped browser suite fails the run; install Debian chromium (see .ci/run).`);
      });
    });
  } else {
    it.skip(SKIP_REASON, () => undefined);
  }
}

describe.skipIf(!available)('study report in Chromium', () => {
  const fixture = releasedStudyFixture();
  const html = renderStudyReport(fixture);
  let dir: string;
  let fileUrl: string;
  let opened: OpenedReport;
  let page: Page;
  let requests: readonly string[];
  let errors: readonly string[];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'parcours-report-'));
    const file = path.join(dir, 'report.html');
    writeFileSync(file, html);
    fileUrl = pathToFileURL(file).href;
    // launch() gives every run a fresh temporary profile (user-data-dir), removed on close.
    opened = await openReport(fileUrl);
    ({ page, requests, errors } = opened);
  });

  afterAll(async () => {
    await opened?.close();
    if (process.env['PARCOURS_KEEP_REPORT'] === '1') console.log(`report kept in ${dir}`);
    else if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('loads from disk with no other request, no error and no script', async () => {
    expect(requests).toEqual([fileUrl]);
    expect(errors).toEqual([]);
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    // The hostile study name is shown as text, not run.
    expect(await page.textContent('h1')).toContain(HOSTILE);
    expect(await page.title()).toContain(HOSTILE);
  });

  it('draws every released curve step where the data put it', async () => {
    const rendered = await renderedCurves(page);
    const expected = fixture.study.outcomes.flatMap((o) => o.curveGroups.flatMap((g) => g.curves.map((c) => ({ outcome: o.outcome, group: g.id, curve: c }))));
    expect(rendered.map((r) => `${r.outcome}/${r.group}/${r.arm}`)).toEqual(expected.map((e) => `${e.outcome}/${e.group}/${e.curve.arm}`));
    let checked = 0;
    for (const [k, r] of rendered.entries()) {
      const { curve } = expected[k]!;
      const s = r.scale;
      const toMonths = (px: number): number => ((px - s.left) / s.width) * s.xMaxMonths;
      const toSurvival = (py: number): number => 1 - (py - s.top) / s.height;
      const monthTolerance = (PIXEL_TOLERANCE / s.width) * s.xMaxMonths;
      const survivalTolerance = PIXEL_TOLERANCE / s.height;
      const corners = parseStepPath(r.d);
      expect(corners.steps).toHaveLength(curve.steps.length);
      expect(Math.abs(toMonths(corners.start.x))).toBeLessThanOrEqual(monthTolerance);
      expect(Math.abs(toSurvival(corners.start.y) - 1)).toBeLessThanOrEqual(survivalTolerance);
      curve.steps.forEach((step, i) => {
        const corner = corners.steps[i]!;
        expect(Math.abs(toMonths(corner.x) - step.days / DAYS_PER_MONTH)).toBeLessThanOrEqual(monthTolerance);
        expect(Math.abs(toSurvival(corner.y) - step.survival)).toBeLessThanOrEqual(survivalTolerance);
        checked++;
      });
      const endDays = Math.max(curve.steps.at(-1)?.days ?? 0, curve.truncatedAtDays ?? 0);
      expect(Math.abs(toMonths(corners.endX) - endDays / DAYS_PER_MONTH)).toBeLessThanOrEqual(monthTolerance);
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('renders each flat stretch of a curve at its survival (the browser’s own geometry)', async () => {
    // Midpoints of the horizontal stretches longer than 2 px, in the plot's pixels, from the fixture alone.
    const probes = fixture.study.outcomes.flatMap((o) =>
      o.curveGroups.flatMap((g) =>
        g.curves.map((c) => ({ outcome: o.outcome, group: g.id, arm: c.arm, steps: c.steps.map((s) => [s.days, s.survival] as const), end: Math.max(c.steps.at(-1)?.days ?? 0, c.truncatedAtDays ?? 0) })),
      ),
    );
    const misses = await page.evaluate(
      ({ probes, daysPerMonth }) => {
        const out: string[] = [];
        let probed = 0;
        for (const probe of probes) {
          const selector = `svg.km-plot[data-outcome="${probe.outcome}"][data-group="${probe.group}"] path.km-curve[data-arm="${probe.arm}"]`;
          const path = document.querySelector<SVGPathElement>(selector)!;
          const svg = path.closest('svg')!;
          const n = (name: string): number => Number(svg.getAttribute(`data-${name}`));
          const x = (days: number): number => n('plot-left') + (days / daysPerMonth / n('x-max-months')) * n('plot-width');
          const y = (s: number): number => n('plot-top') + (1 - s) * n('plot-height');
          const stretches = [[0, 1] as const, ...probe.steps];
          stretches.forEach(([days, survival], i) => {
            const next = i + 1 < stretches.length ? stretches[i + 1]![0] : probe.end;
            if (x(next) - x(days) < 2) return;
            const mid = new DOMPoint((x(days) + x(next)) / 2, y(survival));
            probed++;
            if (!path.isPointInStroke(mid)) out.push(`${selector} at ${days} days`);
            // Well off the line (3 px above), the stroke is not there.
            if (path.isPointInStroke(new DOMPoint(mid.x, mid.y - 3))) out.push(`${selector} thick at ${days} days`);
          });
        }
        return { out, probed };
      },
      { probes, daysPerMonth: DAYS_PER_MONTH },
    );
    expect(misses.out).toEqual([]);
    expect(misses.probed).toBeGreaterThan(100);
  });

  it('prints the released numbers at risk under the time axis, aligned with it', async () => {
    const cells = await page.$$eval('svg.km-plot text.km-risk', (texts) =>
      texts.map((t) => {
        const svg = t.closest('svg')!;
        const box = (t as SVGTextElement).getBBox();
        const n = (name: string): number => Number(svg.getAttribute(`data-${name}`));
        return {
          key: `${svg.getAttribute('data-outcome')}/${svg.getAttribute('data-group')}/${t.getAttribute('data-arm')}/${t.getAttribute('data-days')}`,
          text: t.textContent,
          centre: box.x + box.width / 2,
          below: box.y > n('plot-top') + n('plot-height'),
          scale: { left: n('plot-left'), width: n('plot-width'), xMaxMonths: n('x-max-months') },
        };
      }),
    );
    const min = fixture.disclosure.minCellSize;
    const expected = fixture.study.outcomes.flatMap((o) =>
      o.curveGroups.flatMap((g) => g.curves.flatMap((c) => c.riskTable.map((r) => ({ key: `${o.outcome}/${g.id}/${c.arm}/${r.days}`, text: formatCount(r.atRisk, min), days: r.days })))),
    );
    expect(cells.map((c) => [c.key, c.text])).toEqual(expected.map((e) => [e.key, e.text]));
    expect(cells.some((c) => c.text === `<${min}`)).toBe(true);
    for (const [k, cell] of cells.entries()) {
      const x = cell.scale.left + (expected[k]!.days / DAYS_PER_MONTH / cell.scale.xMaxMonths) * cell.scale.width;
      expect(Math.abs(cell.centre - x)).toBeLessThan(1);
      expect(cell.below).toBe(true);
    }
  });

  it('keeps legends and row labels clear of the plot area', async () => {
    const overlaps = await page.$$eval('svg.km-plot', (svgs) =>
      svgs.flatMap((svg) => {
        const n = (name: string): number => Number(svg.getAttribute(`data-${name}`));
        const out: string[] = [];
        for (const item of Array.from(svg.querySelectorAll<SVGGraphicsElement>('.km-legend-item'))) {
          const b = item.getBBox();
          if (b.y + b.height > n('plot-top')) out.push(`legend ${item.getAttribute('data-arm')} reaches into the plot`);
          if (b.x + b.width > Number(svg.getAttribute('width'))) out.push(`legend ${item.getAttribute('data-arm')} leaves the figure`);
        }
        for (const label of Array.from(svg.querySelectorAll<SVGGraphicsElement>('.risk-label'))) {
          const b = label.getBBox();
          if (b.x + b.width > n('plot-left') - 16) out.push(`risk label "${label.textContent}" runs into the first column`);
        }
        return out;
      }),
    );
    expect(overlaps).toEqual([]);
  });

  it('takes a screenshot of the whole report', async () => {
    const file = path.join(dir, 'report.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(existsSync(file)).toBe(true);
  });
});
