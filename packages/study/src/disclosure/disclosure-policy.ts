import { AppError } from '@parcours/core';

/** The smallest threshold a protocol may set: below it, any count is considered identifying. */
export const MIN_CELL_SIZE_FLOOR = 5;
export const DEFAULT_MIN_CELL_SIZE = 10;

/** The rules every released number goes through (docs/studies.md, "Disclosure control"). */
export interface DisclosurePolicy {
  /**
   * Counts from 1 to `minCellSize − 1` are hidden (shown "<10"); 0 is released. Survival curves stop where fewer
   * than this many remain at risk. Default 10; never below 5.
   */
  readonly minCellSize: number;
}

export function disclosurePolicy(minCellSize: number = DEFAULT_MIN_CELL_SIZE): DisclosurePolicy {
  if (!Number.isSafeInteger(minCellSize) || minCellSize < MIN_CELL_SIZE_FLOOR) {
    throw new AppError('invalid_argument', `the minimum cell size must be a whole number, ${MIN_CELL_SIZE_FLOOR} or more`, { details: { field: 'minCellSize' } });
  }
  return { minCellSize };
}

/** What the policy did to one run's results: written to the bundle beside them. */
export interface DisclosureReport {
  readonly minCellSize: number;
  /** Counts released as numbers. */
  readonly released: number;
  /** Counts hidden because they were between 1 and the threshold − 1. */
  readonly suppressedSmall: number;
  /** Counts hidden so that a small one cannot be recovered by subtraction. */
  readonly suppressedComplementary: number;
  /** Survival curves cut where fewer than the threshold remained at risk. */
  readonly curvesTruncated: number;
  /** Comparisons whose estimates were withheld (an arm or its events below the threshold). */
  readonly estimatesWithheld: number;
  /** One sentence per decision a reader should know of (no count below the threshold in them). */
  readonly notes: readonly string[];
}
