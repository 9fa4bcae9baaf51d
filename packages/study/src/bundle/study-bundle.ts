import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '@parcours/core';
import { type DisclosureReport } from '../disclosure/disclosure-policy.js';
import { renderStudyReport } from '../report/render-study-report.js';
import { DAYS_PER_MONTH, HR_METHODS, type ReleasedCount, type ReleasedStudy, type StudyProvenance, isSuppressed } from '../results/study-results.js';

/** Version of the bundle's layout (results.json `parcours` field). */
export const BUNDLE_SCHEMA_VERSION = 'study-results/1';

export interface StudyBundle {
  readonly study: ReleasedStudy;
  readonly disclosure: DisclosureReport;
  readonly provenance: StudyProvenance;
}

/** A count as a CSV cell: the number, "<k" for a small count, "suppressed" for a complementary one. */
export function countCell(c: ReleasedCount, minCellSize: number): string {
  if (!isSuppressed(c)) return String(c);
  return c.suppressed === 'small' ? `<${minCellSize}` : 'suppressed';
}

function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function csv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}

const months = (days: number | null): number | null => (days === null ? null : Math.round((days / DAYS_PER_MONTH) * 1000) / 1000);

/**
 * The files of a result bundle, by name: `results.json` (everything, the machine-readable truth), one CSV per
 * table for publication, and `report.html`. Every number in them comes from the released study: nothing here sees
 * an unreleased count.
 */
export function bundleFiles(bundle: StudyBundle): Map<string, string> {
  const { study, disclosure, provenance } = bundle;
  const k = disclosure.minCellSize;
  const c = (n: ReleasedCount): string => countCell(n, k);
  const files = new Map<string, string>();
  files.set('results.json', JSON.stringify({ parcours: BUNDLE_SCHEMA_VERSION, provenance, disclosure, results: study }, null, 2) + '\n');
  files.set('attrition.csv', csv(['step', 'description', 'remaining', 'excluded'], study.attrition.map((s) => [s.step, s.description ?? null, c(s.remaining), s.excluded === null ? null : c(s.excluded)])));

  const baselineRows: (string | number | null)[][] = [];
  study.baseline.columns.forEach((col) => baselineRows.push(['n', null, col.name, 'count', c(col.n)]));
  for (const row of study.baseline.rows) {
    study.baseline.columns.forEach((col, j) => {
      if (row.kind === 'continuous') {
        const cell = row.cells[j] ?? null;
        for (const stat of ['mean', 'sd', 'median', 'q1', 'q3'] as const) baselineRows.push([row.label, null, col.name, stat, cell === null ? 'suppressed' : cell[stat]]);
      } else {
        for (const level of row.levels) {
          baselineRows.push([row.label, level.level, col.name, 'count', c(level.counts[j]!)]);
          baselineRows.push([row.label, level.level, col.name, 'percent', level.percents[j] ?? null]);
        }
      }
      baselineRows.push([row.label, 'missing', col.name, 'count', c(row.missing[j]!)]);
    });
  }
  files.set('baseline.csv', csv(['covariate', 'level', 'column', 'statistic', 'value'], baselineRows));

  const survival: (string | number | null)[][] = [];
  const steps: (string | number | null)[][] = [];
  const risk: (string | number | null)[][] = [];
  const logRank: (string | number | null)[][] = [];
  for (const o of study.outcomes) {
    for (const g of o.curveGroups) {
      for (const curve of g.curves) {
        const at = curve.at.flatMap((a) => [a.survival, a.lower, a.upper]);
        survival.push([o.outcome, g.id, curve.arm, curve.name, c(curve.n), c(curve.events), months(curve.median.days), months(curve.median.lowerDays), months(curve.median.upperDays), ...at, months(curve.truncatedAtDays)]);
        steps.push([o.outcome, g.id, curve.arm, 0, 0, 1, 1, 1]);
        for (const s of curve.steps) steps.push([o.outcome, g.id, curve.arm, s.days, months(s.days), s.survival, s.lower, s.upper]);
        for (const r of curve.riskTable) risk.push([o.outcome, g.id, curve.arm, r.days, months(r.days), c(r.atRisk), c(r.events), c(r.censored)]);
      }
      if (g.logRank !== null) logRank.push([o.outcome, g.id, g.logRank.chiSquare, g.logRank.df, g.logRank.p]);
    }
  }
  const atHeader = (study.outcomes[0]?.curveGroups[0]?.curves[0]?.at ?? []).flatMap((a) => [`survival_${a.months}m`, `lower_${a.months}m`, `upper_${a.months}m`]);
  files.set('survival.csv', csv(['outcome', 'group', 'arm', 'name', 'n', 'events', 'median_months', 'median_lower', 'median_upper', ...atHeader, 'curve_stops_at_months'], survival));
  files.set('km-steps.csv', csv(['outcome', 'group', 'arm', 'days', 'months', 'survival', 'lower', 'upper'], steps));
  files.set('risk-table.csv', csv(['outcome', 'group', 'arm', 'days', 'months', 'at_risk', 'events', 'censored'], risk));
  files.set('log-rank.csv', csv(['outcome', 'group', 'chi_square', 'df', 'p'], logRank));

  const hr: (string | number | null)[][] = [];
  const balance: (string | number | null)[][] = [];
  for (const cmp of study.comparisons) {
    for (const method of HR_METHODS) {
      const e = cmp.estimates[method];
      const base = [cmp.comparison, cmp.outcome, cmp.sensitivity, method, c(cmp.n.treatment), c(cmp.events.treatment), c(cmp.n.reference), c(cmp.events.reference)];
      hr.push('notEstimable' in e ? [...base, null, null, null, null, e.notEstimable] : [...base, e.hr, e.lower, e.upper, e.p, null]);
    }
    for (const b of cmp.balance) balance.push([cmp.comparison, cmp.outcome, b.covariate, b.level, b.smdBefore, b.smdAfter]);
  }
  files.set('hazard-ratios.csv', csv(['comparison', 'outcome', 'sensitivity', 'method', 'n_treatment', 'events_treatment', 'n_reference', 'events_reference', 'hr', 'lower', 'upper', 'p', 'not_estimable'], hr));
  files.set('balance.csv', csv(['comparison', 'outcome', 'covariate', 'level', 'smd_before', 'smd_after'], balance));
  files.set('report.html', renderStudyReport({ study, disclosure, provenance }));
  return files;
}

/**
 * Writes a bundle to `dir` all at once: the files go to a sibling folder first, which then replaces `dir`, so a
 * reader never sees half a bundle and a failed write leaves the previous one in place.
 */
export async function writeBundle(dir: string, bundle: StudyBundle): Promise<string[]> {
  const files = bundleFiles(bundle);
  const target = path.resolve(dir);
  const staging = `${target}.partial-${randomBytes(4).toString('hex')}`;
  try {
    await mkdir(staging, { recursive: true });
    for (const [name, content] of files) await writeFile(path.join(staging, name), content, 'utf8');
    await rm(target, { recursive: true, force: true });
    await rename(staging, target);
  } catch (cause) {
    await rm(staging, { recursive: true, force: true });
    throw new AppError('invalid_argument', `cannot write the result bundle to ${dir}`, { cause, details: { file: dir, hint: 'choose a folder you can write to with --out' } });
  }
  return [...files.keys()].map((f) => path.join(target, f));
}
