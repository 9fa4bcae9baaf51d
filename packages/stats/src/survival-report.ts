/**
 * One call for the whole survival analysis of a study question: Kaplan–Meier curves per group, the log-rank test
 * (plain and stratified), and a Cox model under both tie methods with its tests, concordance and proportional-hazards
 * test — in exactly the JSON shape of the reference files in `shared/reference/survival/*\/expected.json`, so the
 * result can be compared (or diffed) number by number with what R's survival 3.5-3 reports.
 *
 * Missing values follow the reference: rows missing time, event or group leave every analysis; rows missing a
 * covariate, the stratum, the weight or the cluster leave the Cox model only.
 */
import { concordance } from './concordance.js';
import { type CoxTies, COX_TIES } from './cox/cox-data.js';
import { coxFit, type CoxModel, coxTerms } from './cox/cox-fit.js';
import { coxZph } from './cox/cox-zph.js';
import { type DataColumn, factorLevels, type FactorCoding, isMissing, type LevelOrder } from './factor-levels.js';
import { type ConfType, type KaplanMeierCurve, kaplanMeierByGroup } from './kaplan-meier.js';
import { logRank } from './log-rank.js';
import { StatsError } from './stats-error.js';
import { medianSurvival } from './survival-quantile.js';

export interface SurvivalCovariate {
  readonly name: string;
  readonly values: DataColumn;
  /** Dummy-code it (a text column always is). */
  readonly factor?: boolean;
}

export interface SurvivalAnalysisInput {
  /** Observed times, NaN where missing. */
  readonly time: Float64Array;
  /** Truthy = event, falsy = censored, null/NaN = missing. */
  readonly event: ArrayLike<number | boolean | null>;
  readonly group?: DataColumn | null;
  readonly strata?: DataColumn | null;
  readonly covariates?: readonly SurvivalCovariate[];
  readonly weights?: Float64Array | null;
  readonly cluster?: DataColumn | null;
  /** Tie method of the main Cox fit; `cox_alt_ties` holds the other. Default efron. */
  readonly ties?: CoxTies;
  /** Kaplan–Meier interval type. Default log. */
  readonly confType?: ConfType;
  readonly confLevel?: number;
  /** Level order of text columns. Default 'appearance' (see factor-levels.ts). */
  readonly levelOrder?: LevelOrder;
}

export interface KmTableRow {
  time: number;
  n_risk: number;
  n_event: number;
  n_censor: number;
  surv: number;
  std_err: number | null;
  lower: number | null;
  upper: number | null;
}

export interface KmGroupReport {
  group: string;
  n: number;
  events: number;
  median: number | null;
  median_lower: number | null;
  median_upper: number | null;
  table: KmTableRow[];
}

export interface LogRankReport {
  chisq: number;
  df: number;
  p: number | null;
  observed: number[];
  expected: number[];
}

export interface CoxTermReport {
  term: string;
  coef: number;
  hr: number;
  se: number;
  robust_se: number | null;
  z: number;
  p: number;
  hr_lower: number;
  hr_upper: number;
}

export interface PhTestReport {
  term: string;
  chisq: number;
  df: number;
  p: number;
}

export interface CoxReport {
  ties: CoxTies;
  n: number;
  events: number;
  terms: CoxTermReport[];
  loglik_null: number;
  loglik: number;
  lr_test: number;
  wald_test: number;
  score_test: number;
  concordance: number;
  ph_test: PhTestReport[] | null;
}

export interface SurvivalReport {
  km: { conf_type: ConfType; groups: KmGroupReport[] };
  logrank: LogRankReport | null;
  logrank_stratified?: LogRankReport;
  cox?: CoxReport;
  cox_alt_ties?: CoxReport;
}

/** NaN and ±Infinity become null, as R's NA does in the reference JSON. */
function num(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/**
 * @example
 * analyzeSurvival({ time, event, group: sex, covariates: [{ name: 'age', values: age }], ties: 'efron' })
 * // { km: { conf_type: 'log', groups: [...] }, logrank: { chisq: 10.33, df: 1, p: 0.0013, ... }, cox: {...}, cox_alt_ties: {...} }
 */
export function analyzeSurvival(input: SurvivalAnalysisInput): SurvivalReport {
  const n = input.time.length;
  const ties = input.ties ?? 'efron';
  if (!COX_TIES.includes(ties)) throw new StatsError('invalid_input', 'ties must be efron or breslow', { details: { field: 'ties' } });
  const confType = input.confType ?? 'log';
  const levelOrder = input.levelOrder ?? 'appearance';
  const check = (col: ArrayLike<unknown> | null | undefined, field: string): void => {
    if (col != null && col.length !== n) throw new StatsError('invalid_input', 'every column needs one value per row', { details: { field } });
  };
  check(input.event, 'event');
  check(input.group, 'group');
  check(input.strata, 'strata');
  check(input.weights, 'weights');
  check(input.cluster, 'cluster');
  for (const c of input.covariates ?? []) check(c.values, c.name);

  const group = input.group ? factorLevels(input.group, levelOrder) : null;
  // Rows kept everywhere: time, event and group present.
  const base: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = input.time[i]!;
    const e = input.event[i];
    if (Number.isNaN(t) || e === null || e === undefined || (typeof e === 'number' && Number.isNaN(e))) continue;
    if (group && group.codes[i]! < 0) continue;
    if (t < 0) throw new StatsError('invalid_input', 'survival times must not be negative', { details: { field: 'time', row: i } });
    base.push(i);
  }
  const isEvent = (i: number): boolean => Boolean(input.event[i]);

  // Kaplan–Meier per group.
  const levels = group ? group.levels : ['all'];
  const kmTime = Float64Array.from(base, (i) => input.time[i]!);
  const kmEvent = Uint8Array.from(base, (i) => (isEvent(i) ? 1 : 0));
  const kmGroup = Int32Array.from(base, (i) => (group ? group.codes[i]! : 0));
  const kmWeights = input.weights ? Float64Array.from(base, (i) => input.weights![i]!) : undefined;
  // Rows without a weight cannot enter a weighted curve; like R's na.omit they leave it.
  const kmKeep = kmWeights ? base.map((_, k) => !Number.isNaN(kmWeights[k]!)) : null;
  const sel = <T extends Float64Array | Uint8Array | Int32Array>(a: T): T => (kmKeep ? (a.filter((_, k) => kmKeep[k]) as T) : a);
  const curves = kaplanMeierByGroup(sel(kmTime), sel(kmEvent), sel(kmGroup), levels.length, {
    confType,
    ...(input.confLevel === undefined ? {} : { confLevel: input.confLevel }),
    ...(kmWeights ? { weights: sel(kmWeights) } : {}),
  });
  const km = { conf_type: confType, groups: curves.map((c, g) => kmGroupReport(levels[g]!, c)) };

  const report: SurvivalReport = { km, logrank: null };
  if (group) {
    const lr = logRank(kmTime, kmEvent, kmGroup, levels.length);
    report.logrank = logRankReport(lr);
    if (input.strata) {
      const strata = factorLevels(input.strata, levelOrder);
      const rows = base.map((_, k) => k).filter((k) => strata.codes[base[k]!]! >= 0);
      const lrs = logRank(
        Float64Array.from(rows, (k) => kmTime[k]!),
        Uint8Array.from(rows, (k) => kmEvent[k]!),
        Int32Array.from(rows, (k) => kmGroup[k]!),
        levels.length,
        { strata: Int32Array.from(rows, (k) => strata.codes[base[k]!]!) },
      );
      report.logrank_stratified = logRankReport(lrs);
    }
  }

  const covariates = input.covariates ?? [];
  if (covariates.length > 0) {
    report.cox = coxReport(input, base, ties, levelOrder);
    report.cox_alt_ties = coxReport(input, base, ties === 'efron' ? 'breslow' : 'efron', levelOrder);
  }
  return report;
}

function kmGroupReport(group: string, c: KaplanMeierCurve): KmGroupReport {
  const med = medianSurvival(c);
  const table: KmTableRow[] = [];
  for (let m = 0; m < c.time.length; m++) {
    table.push({
      time: c.time[m]!,
      n_risk: c.nRisk[m]!,
      n_event: c.nEvent[m]!,
      n_censor: c.nCensor[m]!,
      surv: c.surv[m]!,
      std_err: num(c.stdErr[m]!),
      lower: num(c.lower[m]!),
      upper: num(c.upper[m]!),
    });
  }
  return { group, n: c.n, events: c.events, median: num(med.quantile), median_lower: num(med.lower), median_upper: num(med.upper), table };
}

function logRankReport(lr: ReturnType<typeof logRank>): LogRankReport {
  return { chisq: lr.chisq, df: lr.df, p: num(lr.p), observed: Array.from(lr.observed), expected: Array.from(lr.expected) };
}

/** The Cox design: dummy-coded columns, their names, and which columns make up each term. */
interface CoxDesign {
  readonly rows: number[];
  readonly columns: Float64Array[];
  readonly names: string[];
  readonly termNames: string[];
  readonly termColumns: number[][];
}

function coxDesign(input: SurvivalAnalysisInput, base: readonly number[], levelOrder: LevelOrder): CoxDesign {
  const covariates = input.covariates ?? [];
  const codings: (FactorCoding | null)[] = covariates.map((c) =>
    c.factor || !(c.values instanceof Float64Array) ? factorLevels(c.values, levelOrder) : null,
  );
  const strata = input.strata ? factorLevels(input.strata, levelOrder) : null;
  const cluster = input.cluster ? factorLevels(input.cluster, 'appearance') : null;
  const rows = base.filter((i) => {
    for (const c of covariates) if (isMissing(c.values, i)) return false;
    if (strata && strata.codes[i]! < 0) return false;
    if (cluster && cluster.codes[i]! < 0) return false;
    if (input.weights && Number.isNaN(input.weights[i]!)) return false;
    return true;
  });
  const columns: Float64Array[] = [];
  const names: string[] = [];
  const termNames: string[] = [];
  const termColumns: number[][] = [];
  covariates.forEach((c, ci) => {
    const coding = codings[ci];
    const cols: number[] = [];
    if (!coding) {
      const values = c.values as Float64Array;
      cols.push(columns.length);
      columns.push(Float64Array.from(rows, (i) => values[i]!));
      names.push(c.name);
    } else {
      // Every level of the column, used in the model rows or not: R's model.frame keeps unused levels, whose dummy
      // is then aliased (NA coefficient). The first level is the reference.
      for (let l = 1; l < coding.levels.length; l++) {
        cols.push(columns.length);
        columns.push(Float64Array.from(rows, (i) => (coding.codes[i] === l ? 1 : 0)));
        names.push(c.name + coding.levels[l]!);
      }
    }
    termNames.push(c.name);
    termColumns.push(cols);
  });
  return { rows, columns, names, termNames, termColumns };
}

function coxReport(input: SurvivalAnalysisInput, base: readonly number[], ties: CoxTies, levelOrder: LevelOrder): CoxReport {
  const design = coxDesign(input, base, levelOrder);
  const { rows } = design;
  const strata = input.strata ? factorLevels(input.strata, levelOrder) : null;
  const cluster = input.cluster ? factorLevels(input.cluster, 'appearance') : null;
  const coxInput = {
    time: Float64Array.from(rows, (i) => input.time[i]!),
    event: Uint8Array.from(rows, (i) => (input.event[i] ? 1 : 0)),
    covariates: design.columns,
    names: design.names,
    ...(strata ? { strata: Int32Array.from(rows, (i) => strata.codes[i]!) } : {}),
    ...(input.weights ? { weights: Float64Array.from(rows, (i) => input.weights![i]!) } : {}),
    ...(cluster ? { cluster: Int32Array.from(rows, (i) => cluster.codes[i]!) } : {}),
  };
  const weighted = input.weights != null;
  const model: CoxModel = coxFit(coxInput, { ties, robust: weighted || cluster !== null, singular: 'alias' });
  const terms = coxTerms(model).map(
    (t): CoxTermReport => ({
      term: t.name,
      coef: t.coef,
      hr: t.hr,
      se: t.se,
      robust_se: t.robustSe,
      z: t.z,
      p: t.p,
      hr_lower: t.hrLower,
      hr_upper: t.hrUpper,
    }),
  );
  const c = concordance(coxInput.time, coxInput.event, model.linearPredictor, {
    ...(coxInput.strata ? { strata: coxInput.strata } : {}),
    ...(coxInput.weights ? { weights: coxInput.weights } : {}),
  });
  // cox.zph leaves out aliased columns, and terms left with none.
  const testable = design.termNames
    .map((name, k) => ({ name, cols: design.termColumns[k]!.filter((j) => !model.aliased[j]) }))
    .filter((t) => t.cols.length > 0);
  const phTest = weighted
    ? null
    : coxZph(coxInput, model, { names: testable.map((t) => t.name), columns: testable.map((t) => t.cols) }).map((z) => ({
        term: z.term,
        chisq: z.chisq,
        df: z.df,
        p: z.p,
      }));
  return {
    ties,
    n: model.n,
    events: model.events,
    terms,
    loglik_null: model.loglikNull,
    loglik: model.loglik,
    lr_test: model.lrTest.statistic,
    wald_test: model.waldTest.statistic,
    score_test: model.scoreTest.statistic,
    concordance: c.concordance,
    ph_test: phTest,
  };
}
