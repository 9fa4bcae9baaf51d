import { DAYS_PER_MONTH, type ReleasedCount, type StudyBundle, countCell, isSuppressed } from '@parcours/study';

/** The one-screen digest of a bundle: what `study run` and `demo` print (released numbers only). */
export interface StudySummary {
  readonly id: string;
  readonly name: string;
  readonly bundle: string;
  readonly report: string;
  readonly arms: readonly { readonly arm: string; readonly n: string }[];
  readonly medians: readonly { readonly outcome: string; readonly arm: string; readonly medianMonths: string }[];
  readonly hazardRatios: readonly { readonly comparison: string; readonly outcome: string; readonly method: string; readonly estimate: string }[];
  readonly suppressed: number;
}

const months = (days: number | null, lower: number | null, upper: number | null): string => {
  const m = (d: number | null): string => (d === null ? 'NR' : (d / DAYS_PER_MONTH).toFixed(1));
  return days === null ? 'not reached' : `${m(days)} (${m(lower)}–${m(upper)})`;
};

export function studySummary(bundle: StudyBundle, dir: string): StudySummary {
  const { study, disclosure } = bundle;
  const count = (c: ReleasedCount): string => countCell(c, disclosure.minCellSize);
  const firstGroup = (o: (typeof study.outcomes)[number]) => o.curveGroups[0]?.curves ?? [];
  return {
    id: study.study.id,
    name: study.study.name,
    bundle: dir,
    report: `${dir}/report.html`,
    arms: study.baseline.columns.map((c) => ({ arm: c.name, n: count(c.n) })),
    medians: study.outcomes.flatMap((o) =>
      firstGroup(o).map((c) => ({ outcome: o.outcome, arm: c.name, medianMonths: isSuppressed(c.n) ? 'too few to report' : months(c.median.days, c.median.lowerDays, c.median.upperDays) })),
    ),
    hazardRatios: study.comparisons
      .filter((c) => c.sensitivity === null)
      .flatMap((c) =>
        (['unadjusted', 'adjusted', 'iptw'] as const).map((method) => {
          const e = c.estimates[method];
          return { comparison: c.name, outcome: c.outcome, method, estimate: 'notEstimable' in e ? `— (${e.notEstimable})` : `${e.hr.toFixed(2)} (${e.lower.toFixed(2)}–${e.upper.toFixed(2)})` };
        }),
      ),
    suppressed: disclosure.suppressedSmall + disclosure.suppressedComplementary,
  };
}

export function formatStudySummary(s: StudySummary): string {
  const lines = [`${s.name}`, `  bundle: ${s.bundle}   report: ${s.report}`, `  patients: ${s.arms.map((a) => `${a.arm} ${a.n}`).join(' · ')}`];
  const outcomes = [...new Set(s.medians.map((m) => m.outcome))];
  for (const o of outcomes) lines.push(`  median ${o}, months: ${s.medians.filter((m) => m.outcome === o).map((m) => `${m.arm} ${m.medianMonths}`).join(' · ')}`);
  const comparisons = [...new Set(s.hazardRatios.map((h) => `${h.comparison}|${h.outcome}`))];
  for (const key of comparisons) {
    const [comparison, outcome] = key.split('|') as [string, string];
    const rows = s.hazardRatios.filter((h) => h.comparison === comparison && h.outcome === outcome);
    lines.push(`  HR ${outcome} ${comparison}: ${rows.map((r) => `${r.method} ${r.estimate}`).join(' · ')}`);
  }
  lines.push(`  disclosure: ${s.suppressed} counts hidden`);
  return `${lines.join('\n')}\n`;
}
