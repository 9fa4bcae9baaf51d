/**
 * Table 1, baseline characteristics by arm, in the layout of clinical journals: the overall column first, each
 * covariate as a heading row, continuous ones as "mean (SD)" and "median [Q1–Q3]", categorical ones as one
 * "n (%)" line per level, and a "Missing" line when a column has any.
 */
import { formatMeanSd, formatMedianIqr } from '@parcours/stats';
import { isSuppressed, type BaselineRow, type BaselineTable, type ContinuousCell, type ReleasedCount } from '../results/study-results.js';
import { countHtml, hiddenCountsNote, hiddenKinds, hiddenReason } from './hidden-counts.js';
import { countPhrase, fixed } from './format-numbers.js';
import { escapeHtml } from './svg.js';

export type ReleasedBaselineTable = BaselineTable<ReleasedCount>;
type ReleasedBaselineRow = BaselineRow<ReleasedCount>;

/** Shown for a summary the policy withheld (a column too small to summarise). */
const HIDDEN_SUMMARY = 'hidden';

/**
 * A level's cell: "n (%)" when released, the hidden mark alone otherwise.
 * @example levelCellHtml(12, 34.48, 10) // → '12 (34.5%)'
 */
export function levelCellHtml(count: ReleasedCount, percent: number | null, minCellSize: number): string {
  const shown = countHtml(count, minCellSize);
  return percent === null || isSuppressed(count) ? shown : `${shown} (${escapeHtml(fixed(percent, 1))}%)`;
}

function continuousCellHtml(cell: ContinuousCell | null, format: (c: ContinuousCell) => string): string {
  return cell === null ? `<span class="hidden-summary" title="column too small to summarise">${HIDDEN_SUMMARY}</span>` : escapeHtml(format(cell));
}

/** Missing values deserve a line only when some column has any (or hides how many). */
function hasMissing(missing: readonly ReleasedCount[]): boolean {
  return missing.some((m) => isSuppressed(m) || m > 0);
}

function line(label: string, cells: readonly string[], cls: string): string {
  return `<tr class="${cls}"><th scope="row" class="label">${escapeHtml(label)}</th>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
}

function rowLines(row: ReleasedBaselineRow, columns: number, minCellSize: number): string[] {
  const heading = `<tr class="covariate" data-covariate="${escapeHtml(row.covariate)}"><th scope="rowgroup" class="label" colspan="${columns + 1}">${escapeHtml(row.label)}</th></tr>`;
  const body =
    row.kind === 'continuous'
      ? [
          line('Mean (SD)', row.cells.map((c) => continuousCellHtml(c, formatMeanSd)), 'level'),
          line('Median [Q1–Q3]', row.cells.map((c) => continuousCellHtml(c, formatMedianIqr)), 'level'),
        ]
      : row.levels.map((l) => line(l.level, l.counts.map((c, k) => levelCellHtml(c, l.percents[k] ?? null, minCellSize)), 'level'));
  const missing = hasMissing(row.missing) ? [line('Missing', row.missing.map((m) => countHtml(m, minCellSize)), 'level missing')] : [];
  return [heading, ...body, ...missing];
}

/** "(n = 251)" in a column head, with the hidden mark styled as in the cells. */
function columnSize(n: ReleasedCount, minCellSize: number): string {
  const phrase = escapeHtml(countPhrase(n, minCellSize));
  return isSuppressed(n) ? `<span class="hidden-count" title="${escapeHtml(hiddenReason(n.suppressed, minCellSize))}">${phrase}</span>` : phrase;
}

export function baselineTable(table: ReleasedBaselineTable, minCellSize: number): string {
  const head = table.columns.map((c) => `<th scope="col" data-arm="${escapeHtml(c.arm ?? '')}">${escapeHtml(c.name)}<div class="sub">(${columnSize(c.n, minCellSize)})</div></th>`);
  const counts = [
    ...table.columns.map((c) => c.n),
    ...table.rows.flatMap((r) => [...r.missing, ...(r.kind === 'categorical' ? r.levels.flatMap((l) => l.counts) : [])]),
  ];
  const hiddenSummaries = table.rows.some((r) => r.kind === 'continuous' && r.cells.some((c) => c === null));
  return [
    '<table class="numbers baseline">',
    `<thead><tr><th scope="col" class="label">Characteristic</th>${head.join('')}</tr></thead>`,
    `<tbody>${table.rows.flatMap((r) => rowLines(r, table.columns.length, minCellSize)).join('\n')}</tbody>`,
    '</table>',
    '<p class="footnote">Continuous: mean (SD) and median [Q1–Q3]. Categorical: n (% of the column\'s non-missing values).</p>',
    hiddenSummaries ? `<p class="footnote"><span class="mark">${HIDDEN_SUMMARY}</span> the column is too small to summarise.</p>` : '',
    hiddenCountsNote(hiddenKinds(counts), minCellSize),
  ].filter((s) => s !== '').join('\n');
}
