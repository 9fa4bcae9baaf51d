/**
 * How hidden counts read in the report: the mark in a cell, and the footnote under a table or figure that has one.
 */
import { isSuppressed, type ReleasedCount, type SuppressedCount } from '../results/study-results.js';
import { formatCount } from './format-numbers.js';
import { escapeHtml } from './svg.js';

export type HiddenKind = SuppressedCount['suppressed'];

/** The kinds of suppression among `counts`, in a fixed order (small, then complementary). */
export function hiddenKinds(counts: Iterable<ReleasedCount | null>): HiddenKind[] {
  const seen = new Set<HiddenKind>();
  for (const c of counts) if (c !== null && isSuppressed(c)) seen.add(c.suppressed);
  return (['small', 'complementary'] as const).filter((k) => seen.has(k));
}

/** Why a count is hidden, in a sentence (tooltips and footnotes). */
export function hiddenReason(kind: HiddenKind, minCellSize: number): string {
  return kind === 'small'
    ? `between 1 and ${minCellSize - 1}: the exact number is hidden`
    : 'hidden so that a smaller hidden count cannot be worked out by subtraction (complementary suppression)';
}

/**
 * A count as an HTML cell content: hidden counts carry a class and a tooltip saying why.
 * @example countHtml({ suppressed: 'small' }, 10) // → '<span class="hidden-count" title="between 1 and 9: …">&lt;10</span>'
 */
export function countHtml(count: ReleasedCount, minCellSize: number): string {
  const shown = escapeHtml(formatCount(count, minCellSize));
  if (!isSuppressed(count)) return shown;
  return `<span class="hidden-count" title="${escapeHtml(hiddenReason(count.suppressed, minCellSize))}">${shown}</span>`;
}

/** The footnote explaining the marks used in one table or figure; empty when it has none. */
export function hiddenCountsNote(kinds: readonly HiddenKind[], minCellSize: number): string {
  if (kinds.length === 0) return '';
  const items = kinds.map((k) => `<span class="mark">${escapeHtml(formatCount({ suppressed: k }, minCellSize))}</span> ${escapeHtml(hiddenReason(k, minCellSize))}.`);
  return `<p class="footnote">${items.join(' ')}</p>`;
}
