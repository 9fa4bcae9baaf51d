import type { CategoricalSummary, ContinuousSummary, LevelCount } from './table-one.js';

/**
 * Text for Table 1 cells, in the layout of most clinical journals: `n (%)` for levels, `mean (SD)`,
 * `median [Q1–Q3]` (en dash), `min–max`. The only place in the package that turns numbers into strings.
 * Non-finite numbers print as `NA`, as R does.
 */

export interface CellFormatOptions {
  /** Decimals of means, SDs, quantiles; default 1. */
  readonly digits?: number;
  /** Decimals of percentages; default 1. */
  readonly percentDigits?: number;
}

export type ContinuousStyle = 'mean_sd' | 'median_iqr' | 'range' | 'n_missing';

/**
 * @example
 * formatCountPercent({ level: 'F', count: 12, percent: 34.4827 }) // → "12 (34.5%)"
 */
export function formatCountPercent(cell: Pick<LevelCount, 'count' | 'percent'>, options: CellFormatOptions = {}): string {
  return `${cell.count} (${fixed(cell.percent, options.percentDigits ?? 1)}%)`;
}

/**
 * @example
 * formatMeanSd({ mean: 62, sd: 8.123 }) // → "62.0 (8.1)"
 */
export function formatMeanSd(cell: Pick<ContinuousSummary, 'mean' | 'sd'>, options: CellFormatOptions = {}): string {
  const d = options.digits ?? 1;
  return `${fixed(cell.mean, d)} (${fixed(cell.sd, d)})`;
}

/**
 * @example
 * formatMedianIqr({ median: 62, q1: 55, q3: 70 }) // → "62.0 [55.0–70.0]"
 */
export function formatMedianIqr(cell: Pick<ContinuousSummary, 'median' | 'q1' | 'q3'>, options: CellFormatOptions = {}): string {
  const d = options.digits ?? 1;
  return `${fixed(cell.median, d)} [${fixed(cell.q1, d)}–${fixed(cell.q3, d)}]`;
}

/**
 * @example
 * formatRange({ min: 41, max: 88 }) // → "41.0–88.0"
 */
export function formatRange(cell: Pick<ContinuousSummary, 'min' | 'max'>, options: CellFormatOptions = {}): string {
  const d = options.digits ?? 1;
  return `${fixed(cell.min, d)}–${fixed(cell.max, d)}`;
}

/**
 * One continuous cell in the chosen style.
 *
 * @example
 * formatTableOneCell(summary, 'median_iqr') // → "62.0 [55.0–70.0]"
 * formatTableOneCell(summary, 'n_missing')  // → "98 (2 missing)"
 */
export function formatTableOneCell(cell: ContinuousSummary, style: ContinuousStyle, options?: CellFormatOptions): string;
/**
 * One level of a categorical cell, `n (%)`.
 *
 * @example
 * formatTableOneCell(summary, 'F') // → "12 (34.5%)"
 */
export function formatTableOneCell(cell: CategoricalSummary, level: string, options?: CellFormatOptions): string;
export function formatTableOneCell(
  cell: ContinuousSummary | CategoricalSummary,
  styleOrLevel: string,
  options: CellFormatOptions = {},
): string {
  if (cell.kind === 'categorical') {
    const level = cell.levels.find((l) => l.level === styleOrLevel);
    return level === undefined ? 'NA' : formatCountPercent(level, options);
  }
  switch (styleOrLevel as ContinuousStyle) {
    case 'mean_sd':
      return formatMeanSd(cell, options);
    case 'median_iqr':
      return formatMedianIqr(cell, options);
    case 'range':
      return formatRange(cell, options);
    case 'n_missing':
      return `${cell.n} (${cell.missing} missing)`;
    default:
      return 'NA';
  }
}

function fixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return 'NA';
  const s = x.toFixed(digits);
  // "-0.0" reads as a sign error in a table.
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}
