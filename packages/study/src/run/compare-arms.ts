import {
  type CovariateColumn,
  StatsError,
  balanceTable,
  coxFit,
  coxTerms,
  createModelMatrix,
  fitPropensityScore,
  iptwWeights,
  type CoxTerm,
} from '@parcours/stats';
import { type IptwSettings } from '../protocol/study-protocol.js';
import { type BalanceRow, type ComparisonResult, type HazardRatio, type HrMethod, type NotEstimable } from '../results/study-results.js';
import { type StudyCovariate, modelColumns } from './covariate-columns.js';

/** The patients of one comparison: the treatment indicator and, per patient, its row in the study's covariates. */
export interface ComparisonSample {
  readonly time: Float64Array;
  readonly event: Uint8Array;
  readonly treatment: Uint8Array;
  readonly rows: Int32Array;
}

export interface ComparisonEstimates {
  readonly estimates: Record<HrMethod, HazardRatio | NotEstimable>;
  readonly covariates: readonly string[];
  readonly weighting: ComparisonResult<number>['weighting'];
  readonly balance: readonly BalanceRow[];
}

const hazardRatio = (t: CoxTerm): HazardRatio => ({ hr: t.hr, lower: t.hrLower, upper: t.hrUpper, p: t.p });

/** A failed fit becomes a reason a reader understands (never a value of the data). */
function notEstimable(cause: unknown): NotEstimable {
  if (cause instanceof StatsError) {
    switch (cause.code) {
      case 'no_events':
        return { notEstimable: 'no events' };
      case 'singular':
        return { notEstimable: 'the model is singular (a covariate is collinear with another or with the treatment)' };
      case 'not_converged':
        return { notEstimable: 'the model did not converge (an arm without events, or perfect prediction)' };
      case 'invalid_input':
        return { notEstimable: 'the data cannot be modelled (too few patients)' };
    }
  }
  throw cause;
}

function attempt(work: () => HazardRatio): HazardRatio | NotEstimable {
  try {
    const hr = work();
    return Number.isFinite(hr.hr) && Number.isFinite(hr.lower) && Number.isFinite(hr.upper) ? hr : { notEstimable: 'the estimate is not finite (an arm without events)' };
  } catch (cause) {
    return notEstimable(cause);
  }
}

/**
 * The propensity score as R users fit it (maximum-likelihood logistic regression); when that estimate does not
 * exist because some covariate pattern predicts the arm exactly — common with a dozen terms and a small arm —
 * Firth's penalized likelihood (Firth 1993; logistf), whose estimate always exists.
 */
function propensityScore(input: Parameters<typeof fitPropensityScore>[0]): { readonly ps: ReturnType<typeof fitPropensityScore>; readonly model: 'maximum-likelihood' | 'firth' } {
  try {
    return { ps: fitPropensityScore(input), model: 'maximum-likelihood' };
  } catch (cause) {
    if (!(cause instanceof StatsError && cause.code === 'not_converged')) throw cause;
    return { ps: fitPropensityScore(input, { penalty: 'firth' }), model: 'firth' };
  }
}

/** Numeric design columns (treatment contrasts, no intercept column) of the covariates over the sample. */
function designColumns(columns: readonly CovariateColumn[], n: number): { readonly names: string[]; readonly values: Float64Array[] } {
  if (columns.length === 0) return { names: [], values: [] };
  const m = createModelMatrix(columns, { nRows: n, intercept: true });
  const names: string[] = [];
  const values: Float64Array[] = [];
  for (let j = 1; j < m.nCols; j++) {
    names.push(m.terms[j]!.name);
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = m.x[i * m.nCols + j]!;
    values.push(v);
  }
  return { names, values };
}

/**
 * Rows inside the common support: a categorical level seen in one arm only predicts treatment perfectly (no
 * patient of the other arm resembles them, e.g. years before a drug existed), so its patients cannot be weighted.
 */
function commonSupport(columns: readonly CovariateColumn[], treatment: Uint8Array): Uint8Array {
  const keep = new Uint8Array(treatment.length).fill(1);
  for (const c of columns) {
    if (c.kind !== 'factor') continue;
    const arms = new Map<string, number>();
    for (let i = 0; i < treatment.length; i++) {
      const level = c.values[i]!;
      arms.set(level ?? '', (arms.get(level ?? '') ?? 0) | (treatment[i] === 1 ? 2 : 1));
    }
    for (let i = 0; i < treatment.length; i++) if (arms.get(c.values[i] ?? '') !== 3) keep[i] = 0;
  }
  return keep;
}

function subset<T extends { length: number; [k: number]: number }>(values: T, keep: Uint8Array, make: (n: number) => T): T {
  let n = 0;
  for (let i = 0; i < keep.length; i++) n += keep[i]!;
  const out = make(n);
  for (let i = 0, j = 0; i < keep.length; i++) if (keep[i] === 1) out[j++] = values[i]!;
  return out;
}

/**
 * Hazard ratio of treatment vs reference three ways: Cox unadjusted; Cox adjusted for the covariates; and Cox
 * weighted by inverse probability of treatment (propensity score from a main-effects logistic model of the same
 * covariates, robust sandwich variance as R's `coxph(..., weights = w, robust = TRUE)`), with the balance before
 * and after weighting. Efron ties throughout, as R's default.
 */
export function compareArms(sample: ComparisonSample, covariates: readonly StudyCovariate[], iptw: Required<Pick<IptwSettings, 'estimand' | 'stabilized'>> & Pick<IptwSettings, 'trim'>, options: { readonly balance: boolean }): ComparisonEstimates {
  const n = sample.time.length;
  const { time, event, treatment } = sample;
  const unadjusted = attempt(() => hazardRatio(coxTerms(coxFit({ time, event, covariates: [treatment], names: ['treatment'] }, { ties: 'efron' }))[0]!));
  const columns = modelColumns(covariates, sample.rows);
  const adjusted = attempt(() => {
    const design = designColumns(columns, n);
    const fit = coxFit({ time, event, covariates: [treatment, ...design.values], names: ['treatment', ...design.names] }, { ties: 'efron' });
    return hazardRatio(coxTerms(fit)[0]!);
  });

  let weighting: ComparisonEstimates['weighting'] = null;
  let balance: BalanceRow[] = [];
  let weighted: HazardRatio | NotEstimable;
  try {
    const keep = commonSupport(columns, treatment);
    const kept = Int32Array.from(sample.rows).filter((_, i) => keep[i] === 1);
    const keptColumns = modelColumns(covariates, kept);
    const keptTreatment = subset(treatment, keep, (k) => new Uint8Array(k));
    const { ps, model } = propensityScore({ treatment: keptTreatment, covariates: keptColumns });
    const w = iptwWeights(keptTreatment, ps.propensityScore, {
      estimand: iptw.estimand,
      stabilize: iptw.stabilized,
      // Stürmer's asymmetric trimming: it cuts where the arms do not overlap, not a fixed share of both tails.
      ...(iptw.trim === undefined ? {} : { trim: { kind: 'percentile', lower: iptw.trim.lower, upper: iptw.trim.upper, within: 'asymmetric' } }),
    });
    const keptTime = subset(time, keep, (k) => new Float64Array(k));
    const keptEvent = subset(event, keep, (k) => new Uint8Array(k));
    // Trimmed patients have weight 0: the Cox fit leaves them out through their weight.
    weighted = attempt(() => hazardRatio(coxTerms(coxFit({ time: keptTime, event: keptEvent, covariates: [keptTreatment], names: ['treatment'], weights: w.weights }, { ties: 'efron', robust: true }))[0]!));
    const rows = balanceTable({ treatment: keptTreatment, covariates: keptColumns, weights: w.weights });
    balance = options.balance ? rows.map((r) => ({ covariate: r.covariate, level: r.level, smdBefore: r.before.smd, smdAfter: r.after?.smd ?? null })) : [];
    const maxAbs = (pick: (r: (typeof rows)[number]) => number | undefined): number => rows.reduce((m, r) => Math.max(m, Math.abs(pick(r) ?? 0)), 0);
    weighting = {
      estimand: iptw.estimand,
      stabilized: iptw.stabilized,
      propensityModel: model,
      effectiveSampleSize: { treatment: w.effectiveSampleSize.treated, reference: w.effectiveSampleSize.control },
      trimmed: n - kept.length + w.counts.treatedTrimmed + w.counts.controlTrimmed,
      maxAbsSmdBefore: maxAbs((r) => r.before.smd),
      maxAbsSmdAfter: maxAbs((r) => r.after?.smd),
    };
  } catch (cause) {
    weighted = notEstimable(cause);
  }
  return { estimates: { unadjusted, adjusted, iptw: weighted }, covariates: covariates.map((c) => c.name), weighting, balance };
}
