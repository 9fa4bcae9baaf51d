/**
 * Numbers as the report prints them, in one place so that every table and figure agrees: counts with thousands
 * separators and the disclosure marks, hazard ratios to 2 decimals, p-values to 3 (or "<0.001"), months and
 * percentages to 1. Locale-independent on purpose: the same input gives the same report on any machine.
 */
import { DAYS_PER_MONTH, isSuppressed, type ReleasedCount } from '../results/study-results.js';

/** What a reader sees for a complementary-suppressed count. */
export const COMPLEMENTARY_MARK = '—';

/** For estimates that are absent (not estimable, or hidden because too few were at risk). */
export const NOT_ESTIMABLE_MARK = 'NE';

/** For a median survival, or a confidence limit of it, that the curve never reaches. */
export const NOT_REACHED_MARK = 'NR';

/**
 * @example formatInteger(12345) // → '12,345'
 */
export function formatInteger(n: number): string {
  if (!Number.isFinite(n)) return 'NA';
  const digits = String(Math.round(Math.abs(n)));
  const grouped = digits.replace(/\B(?=(\d{3})+$)/g, ',');
  return n < 0 && grouped !== '0' ? `-${grouped}` : grouped;
}

/**
 * A released count: the number, "<threshold" when small, "—" when hidden by complementary suppression.
 * @example formatCount(1234, 10) // → '1,234'
 * @example formatCount({ suppressed: 'small' }, 10) // → '<10'
 */
export function formatCount(count: ReleasedCount, minCellSize: number): string {
  if (!isSuppressed(count)) return formatInteger(count);
  return count.suppressed === 'small' ? `<${minCellSize}` : COMPLEMENTARY_MARK;
}

/**
 * A count after "n": "n = 1,234", "n <10" (never "n = <10"), "n = —".
 * @example countPhrase({ suppressed: 'small' }, 10) // → 'n <10'
 */
export function countPhrase(count: ReleasedCount, minCellSize: number): string {
  const shown = formatCount(count, minCellSize);
  return isSuppressed(count) && count.suppressed === 'small' ? `n ${shown}` : `n = ${shown}`;
}

/** Fixed decimals without the "-0.0" that reads as a sign error. */
export function fixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return 'NA';
  const s = x.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/** @example formatHr(0.4567) // → '0.46' */
export function formatHr(hr: number): string {
  return fixed(hr, 2);
}

/**
 * @example formatP(0.0031) // → '0.003'
 * @example formatP(0.00002) // → '<0.001'
 */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return 'NA';
  return p < 0.001 ? '<0.001' : fixed(p, 3);
}

/** A p-value after its name. @example pClause(0.0004) // → 'p <0.001'; pClause(0.03) // → 'p = 0.030' */
export function pClause(p: number): string {
  const shown = formatP(p);
  return shown.startsWith('<') ? `p ${shown}` : `p = ${shown}`;
}

/** @example formatMonths(365.25) // → '12.0' (days in, months out) */
export function formatMonths(days: number): string {
  return fixed(days / DAYS_PER_MONTH, 1);
}

/** A proportion as a percentage without the sign. @example formatPercent(0.6523) // → '65.2' */
export function formatPercent(proportion: number): string {
  return fixed(proportion * 100, 1);
}

/** @example formatInterval('0.31', '0.68') // → '0.31–0.68' */
export function formatInterval(lower: string, upper: string): string {
  return `${lower}–${upper}`;
}

/** The first characters of a hex digest, enough to tell two apart by eye. */
export function shortDigest(hex: string, length = 12): string {
  return hex.slice(0, length);
}
