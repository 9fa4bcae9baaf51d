import type { CovariateColumn } from './model-matrix.js';
import { standardizedMeanDifference, type StandardizedMeanDifferenceOptions } from './standardized-mean-difference.js';

/**
 * Covariate balance before and after weighting or matching (Austin & Stuart 2015, Stat Med 34:3661): one row per
 * numeric covariate and one per level of each factor (every level, the reference included, as cobalt shows them),
 * with means (proportions), the standardized mean difference and, for continuous covariates, the variance ratio.
 * The SMD denominator is the unweighted SD in both columns (see `standardizedMeanDifference`), so before and after
 * are on one scale. A common rule of thumb calls |SMD| < 0.1 balanced (Normand et al. 2001).
 */

export interface BalanceTableInput {
  readonly treatment: ArrayLike<number | boolean>;
  readonly covariates: readonly CovariateColumn[];
  /** IPTW or matching weights for the "after" columns; omitted = before only. */
  readonly weights?: ArrayLike<number>;
}

export interface BalanceStatistics {
  readonly meanTreated: number;
  readonly meanControl: number;
  readonly smd: number;
  /** Null for binary covariates and factor levels. */
  readonly varianceRatio: number | null;
}

export interface BalanceRow {
  readonly covariate: string;
  /** Factor level, or null for numeric covariates. */
  readonly level: string | null;
  readonly kind: 'continuous' | 'binary';
  readonly before: BalanceStatistics;
  /** Null without weights. */
  readonly after: BalanceStatistics | null;
}

/**
 * @example
 * const rows = balanceTable({
 *   treatment: [1, 1, 0, 0],
 *   covariates: [{ name: 'age', values: [70, 60, 50, 60] }, { name: 'sex', kind: 'factor', values: ['F', 'M', 'M', 'M'] }],
 *   weights: iptw.weights,
 * });
 * rows.map((r) => [r.covariate, r.level]) // → [['age', null], ['sex', 'F'], ['sex', 'M']]
 * rows[0].before.smd                      // → (65 − 55) / √((50 + 50)/2) ≈ 1.41
 */
export function balanceTable(
  input: BalanceTableInput,
  options: Pick<StandardizedMeanDifferenceOptions, 'denominator'> = {},
): BalanceRow[] {
  const rows: BalanceRow[] = [];
  const compute = (covariate: string, level: string | null, values: ArrayLike<number | null>, kind?: 'binary'): void => {
    const common = { kind, denominator: options.denominator };
    const before = standardizedMeanDifference(values, input.treatment, common);
    const after =
      input.weights === undefined ? null : standardizedMeanDifference(values, input.treatment, { ...common, weights: input.weights });
    rows.push({ covariate, level, kind: before.kind, before: pick(before), after: after === null ? null : pick(after) });
  };
  for (const c of input.covariates) {
    if (c.kind !== 'factor') {
      compute(c.name, null, c.values);
      continue;
    }
    const present = new Set<string>();
    for (let i = 0; i < c.values.length; i++) {
      const v = c.values[i];
      if (v !== null && v !== undefined) present.add(v);
    }
    const levels = (c.levels ?? [...present].sort()).filter((l) => present.has(l));
    for (const level of levels) {
      const indicator = Array.from({ length: c.values.length }, (_, i) => {
        const v = c.values[i];
        return v === null || v === undefined ? null : v === level ? 1 : 0;
      });
      compute(c.name, level, indicator, 'binary');
    }
  }
  return rows;
}

function pick(s: BalanceStatistics): BalanceStatistics {
  return { meanTreated: s.meanTreated, meanControl: s.meanControl, smd: s.smd, varianceRatio: s.varianceRatio };
}
