// Public face of @parcours/stats: arrays in, numbers out, no runtime dependencies.
export {};
export * from './distributions.js';
export * from './linalg.js';
export * from './stats-error.js';
export * from './sort-order.js';
export * from './kaplan-meier.js';
export * from './survival-quantile.js';
export * from './survival-at-times.js';
export * from './log-rank.js';
export * from './concordance.js';
export * from './factor-levels.js';
// Survival: Kaplan–Meier, log-rank, Cox (the sorted working data and score residuals stay internal).
export { COX_TIES, type CoxInput, type CoxTies } from './cox/cox-data.js';
export * from './cox/cox-fit.js';
export * from './cox/cox-zph.js';
export * from './survival-report.js';
// Comparative effectiveness: logistic regression, propensity scores, IPTW, matching, balance, Table 1, meta-analysis.
export { quantile, quantileSorted } from './quantile.js';
export { createModelMatrix, type CovariateColumn, type ModelMatrix, type ModelMatrixOptions, type ModelMatrixTerm } from './model-matrix.js';
export * from './logistic-regression.js';
export * from './propensity-score.js';
export { toTreatmentIndicator } from './treatment-indicator.js';
export { effectiveSampleSize } from './effective-sample-size.js';
export * from './iptw-weights.js';
export * from './nearest-neighbour-matching.js';
export * from './standardized-mean-difference.js';
export * from './balance-table.js';
export * from './table-one.js';
export * from './format-table-one-cell.js';
export * from './meta-analysis.js';
