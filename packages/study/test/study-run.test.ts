import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cohortFolder, deriveAndWriteLines } from '@parcours/cohort';
import { initWarehouse, type Warehouse } from '@parcours/store';
import { REFERRAL_CENTRE_CASE_MIX, generatePopulation, writeToWarehouse } from '@parcours/synth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, reportSkips } from '../../store/test/engines.js';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, openReport, renderedCurves } from './report-browser.js';
import { parseStepPath } from './report-geometry.js';
import {
  auditReleasedStudy,
  bundleFiles,
  checkProtocol,
  disclosurePolicy,
  DAYS_PER_MONTH,
  executeStudy,
  isSuppressed,
  parseStudyProtocol,
  readStudyProtocol,
  releaseStudy,
  runStudy,
  writeBundle,
  type CheckedProtocol,
  type ReleasedStudy,
  type StudyAnalysis,
} from '../src/index.js';

// The shipped studies on a synthetic referral centre, on every engine: the runner's numbers are consistent with
// each other, the release hides every small count (checked by the independent auditor), DuckDB and PostgreSQL give
// the same bundle, the same run twice gives the same bundle, and arms too small to report are said so.

const PATIENTS = 8_000;
const SEED = 11;
const STUDIES = ['ros1-nsclc', 'brca-ovarian', 'her2-breast'] as const;
const library = cohortFolder('cohorts');

interface EngineRun {
  readonly warehouse: Warehouse;
  readonly analyses: Map<string, StudyAnalysis>;
  readonly released: Map<string, ReleasedStudy>;
}

const AVAILABLE = ENGINES.filter((e) => e.available);
reportSkips();
const runs = new Map<string, EngineRun>();
const protocols = new Map<string, CheckedProtocol>();

beforeAll(async () => {
  for (const id of STUDIES) protocols.set(id, await checkProtocol(await readStudyProtocol(`studies/${id}.yaml`), library));
  for (const engine of AVAILABLE) {
    const warehouse = await engine.open();
    await initWarehouse(warehouse);
    await writeToWarehouse(warehouse, generatePopulation({ patients: PATIENTS, seed: SEED, ...REFERRAL_CENTRE_CASE_MIX }));
    await deriveAndWriteLines(warehouse);
    const analyses = new Map<string, StudyAnalysis>();
    const released = new Map<string, ReleasedStudy>();
    for (const id of STUDIES) {
      const analysis = await runStudy(warehouse, protocols.get(id)!, { library });
      analyses.set(id, analysis);
      released.set(id, releaseStudy(analysis, disclosurePolicy(10)).study);
    }
    runs.set(engine.name, { warehouse, analyses, released });
  }
}, 900_000);

afterAll(async () => {
  for (const run of runs.values()) await run.warehouse.close();
});

const duckdb = (): EngineRun => runs.get('duckdb')!;

describe('the shipped studies on a synthetic referral centre', () => {
  it.each(STUDIES)('%s: the analysis is consistent with itself', (id) => {
    const a = duckdb().analyses.get(id)!;
    const analysed = a.attrition[a.attrition.length - 1]!.remaining;
    expect(analysed).toBeGreaterThan(20);
    // Table 1: the overall column is the analysed population, and the arm columns add up to it.
    const [overall, ...arms] = a.baseline.columns;
    expect(overall!.n).toBe(analysed);
    expect(arms.reduce((s, c) => s + (c.n), 0)).toBe(analysed);
    for (const row of a.baseline.rows) {
      a.baseline.columns.forEach((col, j) => {
        const levels = row.kind === 'categorical' ? row.levels.reduce((s, l) => s + (l.counts[j] as number), 0) : 0;
        if (row.kind === 'categorical') expect(levels + (row.missing[j] as number)).toBe(col.n);
      });
    }
    // Attrition: each step's exclusions are the difference of the remaining counts.
    for (let i = 1; i < a.attrition.length; i++) expect(a.attrition[i]!.excluded).toBe((a.attrition[i - 1]!.remaining) - (a.attrition[i]!.remaining));
    for (const o of a.outcomes) {
      for (const g of o.curveGroups) {
        for (const c of g.curves) {
          // The risk table accounts for every patient: at risk at 0 = n, events add up, nobody left at the end.
          expect(c.riskTable[0]!.atRisk).toBe(c.n);
          expect(c.riskTable.reduce((s, r) => s + (r.events), 0)).toBe(c.events);
          expect(c.riskTable[c.riskTable.length - 1]!.atRisk).toBe(0);
          for (let j = 1; j < c.riskTable.length; j++) {
            const [prev, row] = [c.riskTable[j - 1]!, c.riskTable[j]!];
            expect(prev.atRisk).toBe((row.atRisk) + (row.events) + (row.censored));
          }
          expect(c.steps.reduce((s, step) => s + step.events, 0)).toBe(c.events);
        }
        // The log-rank test's observed events are the curves' events.
        for (const arm of g.logRank?.arms ?? []) expect(arm.observed).toBe(g.curves.find((c) => c.arm === arm.arm)!.events);
      }
    }
    // A primary comparison's patients are the curves of its two arms (the main arms are exclusive here).
    for (const cmp of a.comparisons.filter((c) => c.sensitivity === null)) {
      const curves = a.outcomes.find((o) => o.outcome === cmp.outcome)!.curveGroups[0]!.curves;
      const n = (arm: string): number | undefined => curves.find((c) => c.arm === arm)?.n;
      if (n(cmp.treatment) !== undefined) expect(cmp.n.treatment).toBe(n(cmp.treatment));
      if (n(cmp.reference) !== undefined) expect(cmp.n.reference).toBe(n(cmp.reference));
    }
  });

  it.each(STUDIES)('%s: no released count is below the threshold, directly or by difference', (id) => {
    for (const run of runs.values()) {
      const leaks = auditReleasedStudy(run.released.get(id)!, run.analyses.get(id)!, 10);
      expect(leaks).toEqual([]);
    }
  });

  it('the ROS1 study reports the empty immunotherapy arm as too small instead of failing', () => {
    const released = duckdb().released.get('ros1-nsclc')!;
    const vsIo = released.comparisons.filter((c) => c.comparison === 'tki-vs-immunotherapy');
    expect(vsIo.length).toBeGreaterThan(0);
    for (const c of vsIo) for (const e of Object.values(c.estimates)) expect('notEstimable' in e).toBe(true);
    const main = released.comparisons.find((c) => c.comparison === 'tki-vs-chemotherapy' && c.sensitivity === null && c.outcome === 'rwOS')!;
    expect('hr' in main.estimates.unadjusted).toBe(true);
  });

  it.each(STUDIES)('%s: DuckDB and PostgreSQL give the same released results', (id) => {
    const postgres = runs.get('postgres');
    if (postgres === undefined) return; // reported by reportSkips()
    expect(postgres.released.get(id)).toEqual(duckdb().released.get(id));
  });

  it('the same protocol on the same warehouse gives the same bundle, except the timestamps', async () => {
    const checked = protocols.get('her2-breast')!;
    const first = await executeStudy(duckdb().warehouse, checked, { library });
    const second = await executeStudy(duckdb().warehouse, checked, { library });
    const files = (b: typeof first): Map<string, string> => bundleFiles({ ...b, provenance: { ...b.provenance, run: { startedAt: 'T', finishedAt: 'T' } } });
    expect([...files(second)]).toEqual([...files(first)]);
    expect(first.provenance.warehouse.snapshotSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(first.study.study.protocolSha256).toBe(checked.source.sha256);
  });

  it('a study whose arms are all below the threshold says so, with no count leaking', async () => {
    const text = readFileSync('studies/her2-breast.yaml', 'utf8').replace('minCellSize: 10', 'minCellSize: 5000');
    const checked = await checkProtocol(parseStudyProtocol(text), library);
    const analysis = await runStudy(duckdb().warehouse, checked, { library });
    const { study, report } = releaseStudy(analysis, disclosurePolicy(5000));
    expect(auditReleasedStudy(study, analysis, 5000)).toEqual([]);
    for (const c of study.comparisons) for (const e of Object.values(c.estimates)) expect('notEstimable' in e).toBe(true);
    for (const col of study.baseline.columns) expect(isSuppressed(col.n)).toBe(true);
    expect(report.estimatesWithheld).toBe(study.comparisons.length);
    expect(study.notes.join(' ')).toMatch(/too few/);
    for (const o of study.outcomes) for (const g of o.curveGroups) for (const c of g.curves) expect(c.steps).toEqual([]);
  });
});

describe('the report of a real bundle', () => {
  if (!chromiumAvailable && process.env['CI'] === 'true') {
    it('needs Debian chromium', () => {
      throw new Error(`${CHROMIUM_SKIP_REASON}. CI=true: a skipped browser suite fails the run; install Debian chromium (see .ci/run).`);
    });
  }
  it.skipIf(!chromiumAvailable)('renders in Chromium with no error, and its Kaplan–Meier curves are the bundle’s numbers', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parcours-bundle-'));
    try {
      const bundle = await executeStudy(duckdb().warehouse, protocols.get('ros1-nsclc')!, { library });
      await writeBundle(dir, bundle);
      // The numbers come back from the bundle's own file, as a reader of the bundle would take them.
      const results = JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as { results: ReleasedStudy };
      const report = await openReport(pathToFileURL(path.join(dir, 'report.html')).href);
      try {
        expect(report.errors).toEqual([]);
        expect(report.requests).toEqual([pathToFileURL(path.join(dir, 'report.html')).href]);
        const rendered = await renderedCurves(report.page);
        const curves = results.results.outcomes.flatMap((o) => o.curveGroups.flatMap((g) => g.curves.map((c) => ({ key: `${o.outcome}/${g.id}/${c.arm}`, curve: c }))));
        expect(rendered.map((r) => `${r.outcome}/${r.group}/${r.arm}`)).toEqual(curves.map((c) => c.key));
        let steps = 0;
        for (const [k, r] of rendered.entries()) {
          const { curve } = curves[k]!;
          const corners = parseStepPath(r.d);
          expect(corners.steps).toHaveLength(curve.steps.length);
          curve.steps.forEach((step, i) => {
            const x = ((corners.steps[i]!.x - r.scale.left) / r.scale.width) * r.scale.xMaxMonths;
            const y = 1 - (corners.steps[i]!.y - r.scale.top) / r.scale.height;
            expect(Math.abs(x - step.days / DAYS_PER_MONTH)).toBeLessThanOrEqual((0.5 / r.scale.width) * r.scale.xMaxMonths);
            expect(Math.abs(y - step.survival)).toBeLessThanOrEqual(0.5 / r.scale.height);
            steps++;
          });
        }
        expect(steps).toBeGreaterThan(50);
      } finally {
        await report.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
