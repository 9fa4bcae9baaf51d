import { kaplanMeier, logRank, medianSurvival, survivalAtTimes } from '@parcours/stats';
import { type AnalysisCurveStep, DAYS_PER_MONTH, type LogRankResult, type MedianSurvival, type RiskTableRow, type SurvivalCurve, type SurvivalEstimate } from '../results/study-results.js';

export type AnalysisCurve = SurvivalCurve<number, AnalysisCurveStep>;

/** Grid times (days) of the risk table: every `everyMonths`, from 0 to the first grid time after the last follow-up. */
export function riskTableDays(maxDays: number, everyMonths: number): number[] {
  const out: number[] = [];
  for (let j = 0; ; j++) {
    const days = Math.round(j * everyMonths * DAYS_PER_MONTH);
    out.push(days);
    if (days > maxDays) return out;
  }
}

/**
 * The risk table of one curve: at each grid time the number with a time ≥ it, and the events and censorings of the
 * interval before it — so that the rows add up (atRisk[j−1] = atRisk[j] + events[j] + censored[j]) and the last
 * row, after every follow-up, has no one at risk. Disclosure control relies on these identities.
 */
export function riskTable(time: ArrayLike<number>, event: ArrayLike<number>, grid: readonly number[]): RiskTableRow<number>[] {
  const rows = grid.map((days) => ({ days, atRisk: 0, events: 0, censored: 0 }));
  for (let i = 0; i < time.length; i++) {
    const t = time[i]!;
    // Rows whose time is ≤ t count the patient at risk; the first row after t holds its event or censoring.
    let j = 0;
    while (j < rows.length && rows[j]!.days <= t) rows[j++]!.atRisk++;
    const row = rows[j];
    if (row === undefined) continue;
    if (event[i] === 1) row.events++;
    else row.censored++;
  }
  return rows;
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** One Kaplan–Meier curve with its median, landmark survival, every step and the risk table. */
export function survivalCurve(arm: string, name: string, time: Float64Array, event: Uint8Array, options: { readonly survivalAtMonths: readonly number[]; readonly riskTableDays: readonly number[] }): AnalysisCurve {
  const n = time.length;
  let events = 0;
  for (let i = 0; i < n; i++) events += event[i]!;
  const risk = riskTable(time, event, options.riskTableDays);
  if (n === 0) return { arm, name, n, events, median: { days: null, lowerDays: null, upperDays: null }, at: options.survivalAtMonths.map((months) => ({ months, survival: null, lower: null, upper: null })), steps: [], riskTable: risk, truncatedAtDays: null };
  const km = kaplanMeier(time, event);
  const q = medianSurvival(km);
  const median: MedianSurvival = { days: finiteOrNull(q.quantile), lowerDays: finiteOrNull(q.lower), upperDays: finiteOrNull(q.upper) };
  const at: SurvivalEstimate[] = survivalAtTimes(km, options.survivalAtMonths.map((m) => m * DAYS_PER_MONTH)).map((s, k) => ({
    months: options.survivalAtMonths[k]!,
    survival: s.nRisk > 0 || s.surv === 0 ? finiteOrNull(s.surv) : null,
    lower: s.nRisk > 0 ? finiteOrNull(s.lower) : null,
    upper: s.nRisk > 0 ? finiteOrNull(s.upper) : null,
  }));
  const steps: AnalysisCurveStep[] = Array.from(km.time, (days, k) => ({
    days,
    survival: km.surv[k]!,
    lower: Number.isFinite(km.lower[k]!) ? km.lower[k]! : 0,
    upper: Number.isFinite(km.upper[k]!) ? km.upper[k]! : 1,
    atRisk: km.nRisk[k]!,
    events: km.nEvent[k]!,
    censored: km.nCensor[k]!,
  }));
  return { arm, name, n, events, median, at, steps, riskTable: risk, truncatedAtDays: null };
}

/** Log-rank test across curves whose patients do not overlap; null with fewer than two non-empty groups. */
export function logRankAcross(curves: readonly { readonly arm: string; readonly time: Float64Array; readonly event: Uint8Array }[]): LogRankResult<number> | null {
  const used = curves.filter((c) => c.time.length > 0);
  if (used.length < 2) return null;
  const total = used.reduce((s, c) => s + c.time.length, 0);
  const time = new Float64Array(total);
  const event = new Uint8Array(total);
  const group = new Int32Array(total);
  let at = 0;
  used.forEach((c, g) => {
    time.set(c.time, at);
    event.set(c.event, at);
    group.fill(g, at, at + c.time.length);
    at += c.time.length;
  });
  const test = logRank(time, event, group, used.length);
  if (!Number.isFinite(test.chisq)) return null;
  return {
    chiSquare: test.chisq,
    df: test.df,
    p: test.p,
    arms: used.map((c, g) => ({ arm: c.arm, observed: Math.round(test.observed[g]!), expected: test.expected[g]! })),
  };
}
