/**
 * The standalone HTML report of a study run: one file that opens from disk with nothing to fetch (inline style and
 * SVG, system fonts, no script), prints on A4, and shows only what the disclosure policy released.
 *
 * Order: identity and provenance, what disclosure control did, attrition, Table 1, Kaplan–Meier curves with risk
 * tables, hazard ratios (forest plot and table), covariate balance, methods. Every text taken from the data is
 * escaped, and a Content-Security-Policy forbids scripts and network loads as a second line of defence.
 */
import type { DisclosureReport } from '../disclosure/disclosure-policy.js';
import type { ReleasedStudy, StudyProvenance } from '../results/study-results.js';
import { attritionDiagram } from './attrition-diagram.js';
import { baselineTable } from './baseline-table.js';
import { forestPlot, comparisonLabel } from './forest-plot.js';
import { formatInteger, shortDigest } from './format-numbers.js';
import { hazardRatioTable } from './hazard-ratio-table.js';
import { hiddenCountsNote, hiddenKinds } from './hidden-counts.js';
import { kaplanMeierPlot } from './kaplan-meier-plot.js';
import { lovePlot } from './love-plot.js';
import { REPORT_STYLE } from './report-style.js';
import { survivalSummaryTable } from './survival-summary-table.js';
import { escapeHtml } from './svg.js';

export interface ReportInput {
  readonly study: ReleasedStudy;
  readonly disclosure: DisclosureReport;
  readonly provenance: StudyProvenance;
}

/** Nothing is loaded and nothing runs: the report is data, whatever its text contains. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

interface Section {
  readonly id: string;
  readonly title: string;
  readonly html: string;
}

/**
 * The report as a complete HTML document; the same input always gives the same text.
 * @example
 * writeFileSync('report.html', renderStudyReport({ study, disclosure, provenance }));
 */
export function renderStudyReport(input: ReportInput): string {
  const sections: Section[] = [
    { id: 'attrition', title: 'Attrition', html: attritionSection(input) },
    { id: 'baseline', title: 'Baseline characteristics (Table 1)', html: baselineTable(input.study.baseline, input.disclosure.minCellSize) },
    { id: 'survival', title: 'Survival', html: survivalSection(input) },
    { id: 'comparisons', title: 'Hazard ratios', html: comparisonsSection(input) },
    { id: 'balance', title: 'Covariate balance', html: balanceSection(input) },
    { id: 'methods', title: 'Methods', html: methodsSection(input.study.methods) },
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="${escapeHtml(`${input.provenance.software.name} ${input.provenance.software.version}`)}">`,
    `<title>${escapeHtml(input.study.study.name)}</title>`,
    `<style>${REPORT_STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    header(input),
    contents(sections),
    ...sections.map((s) => `<section id="${s.id}">\n<h2>${escapeHtml(s.title)}</h2>\n${s.html}\n</section>`),
    footer(input),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function header({ study, disclosure, provenance }: ReportInput): string {
  return [
    '<header>',
    `<h1>${escapeHtml(study.study.name)}</h1>`,
    study.study.description === '' ? '' : `<p class="description">${escapeHtml(study.study.description)}</p>`,
    provenanceLine(study, provenance),
    disclosureSummary(disclosure),
    studyNotes(study.notes, disclosure.notes),
    '</header>',
  ].filter((s) => s !== '').join('\n');
}

/** Enough to tell two runs apart and to find the protocol and the warehouse snapshot they came from. */
function provenanceLine(study: ReleasedStudy, provenance: StudyProvenance): string {
  const id = study.study;
  const cdmName = provenance.warehouse.cdmSource?.['cdm_source_name'] ?? null;
  const items = [
    `${provenance.software.name} ${provenance.software.version}`,
    `warehouse ${provenance.warehouse.engine}${cdmName === null ? '' : ` (${cdmName})`}`,
    ['snapshot ', shortDigest(provenance.warehouse.snapshotSha256)],
    `run started ${provenance.run.startedAt}`,
    [`protocol ${id.id} v${id.version}, SHA-256 `, shortDigest(id.protocolSha256)],
    [`cohort ${id.cohort.id}, SHA-256 `, shortDigest(id.cohort.sha256)],
  ];
  const html = items.map((item) => (typeof item === 'string' ? `<span>${escapeHtml(item)}</span>` : `<span>${escapeHtml(item[0]!)}<span class="digest">${escapeHtml(item[1]!)}</span></span>`));
  return `<p class="provenance">${html.join(' · ')}</p>`;
}

function disclosureSummary(d: DisclosureReport): string {
  const plural = (n: number, one: string, many: string): string => `${formatInteger(n)} ${n === 1 ? one : many}`;
  const sentences = [
    `Counts from 1 to ${d.minCellSize - 1} are hidden (shown “<${d.minCellSize}”); survival curves stop where fewer than ${d.minCellSize} patients remain at risk.`,
    `In this report: ${plural(d.released, 'count', 'counts')} released, ${plural(d.suppressedSmall, 'count', 'counts')} hidden as small, ${plural(d.suppressedComplementary, 'count', 'counts')} hidden by complementary suppression (shown “—”), ${plural(d.curvesTruncated, 'curve', 'curves')} truncated, ${plural(d.estimatesWithheld, 'comparison', 'comparisons')} with estimates withheld.`,
  ];
  const notes = d.notes.length === 0 ? '' : `<ul class="notes">${d.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`;
  return `<div class="summary disclosure"><h2>Disclosure control</h2><p>${escapeHtml(sentences.join(' '))}</p>${notes}</div>`;
}

function contents(sections: readonly Section[]): string {
  return `<nav class="contents" aria-label="Contents"><ol>${sections.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`).join('')}</ol></nav>`;
}

function attritionSection({ study, disclosure }: ReportInput): string {
  if (study.attrition.length === 0) return '<p>No attrition steps were recorded.</p>';
  const counts = study.attrition.flatMap((s) => [s.remaining, s.excluded]);
  return `<figure>${attritionDiagram(study.attrition, disclosure.minCellSize)}</figure>\n${hiddenCountsNote(hiddenKinds(counts), disclosure.minCellSize)}`;
}

function survivalSection({ study, disclosure }: ReportInput): string {
  if (study.outcomes.length === 0) return '<p>No outcome was analysed.</p>';
  return study.outcomes
    .map((outcome, o) => {
      const groups = outcome.curveGroups.map((group, g) => {
        const caption = `${outcome.name}: ${group.name}`;
        const plot = kaplanMeierPlot({ outcome, group, minCellSize: disclosure.minCellSize });
        return `<div class="block" id="km-${o}-${g}"><figure><figcaption>${escapeHtml(caption)}</figcaption>${plot}</figure>\n${survivalSummaryTable(group, disclosure.minCellSize)}</div>`;
      });
      return [`<h3>${escapeHtml(outcome.name)}</h3>`, ...(groups.length === 0 ? ['<p>No curve was released.</p>'] : groups)].join('\n');
    })
    .join('\n');
}

function comparisonsSection({ study, disclosure }: ReportInput): string {
  if (study.comparisons.length === 0) return '<p>No comparison was made.</p>';
  const armName = armNames(study);
  return [
    `<figure><figcaption>Hazard ratios with 95% confidence intervals (log scale)</figcaption>${forestPlot(study.comparisons)}</figure>`,
    hazardRatioTable(study.comparisons, armName, disclosure.minCellSize),
  ].join('\n');
}

function balanceSection({ study }: ReportInput): string {
  const primary = study.comparisons.filter((c) => c.sensitivity === null && c.balance.length > 0);
  if (primary.length === 0) return '<p>No covariate balance was computed.</p>';
  const labels = new Map(study.baseline.rows.map((r) => [r.covariate, r.label]));
  const covariateLabel = (covariate: string): string => labels.get(covariate) ?? covariate;
  const figures = primary.map((c) => {
    const title = `Covariate balance: ${comparisonLabel(c)}`;
    return `<figure><figcaption>${escapeHtml(title)}</figcaption>${lovePlot(c, title, covariateLabel)}</figure>`;
  });
  return [
    ...figures,
    '<p class="footnote">Absolute standardized mean differences between the arms before weighting (open circles) and after inverse probability of treatment weighting (filled); below 0.1 is conventionally taken as balanced.</p>',
  ].join('\n');
}

function methodsSection(methods: string): string {
  const paragraphs = methods.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p !== '');
  if (paragraphs.length === 0) return '<p>No methods were recorded.</p>';
  return `<div class="methods">${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}</div>`;
}

function footer({ disclosure, provenance }: ReportInput): string {
  const min = disclosure.minCellSize;
  const text = [
    `Aggregate results only; counts below ${min} are hidden (shown “<${min}”), and “—” marks counts hidden so that a hidden one cannot be worked out by subtraction.`,
    `Survival curves stop where fewer than ${min} patients remain at risk.`,
    `Generated by ${provenance.software.name} ${provenance.software.version} from the run started ${provenance.run.startedAt} and finished ${provenance.run.finishedAt}.`,
  ];
  return `<footer><p>${escapeHtml(text.join(' '))}</p></footer>`;
}

function armNames(study: ReleasedStudy): (armId: string) => string {
  const names = new Map(study.arms.map((a) => [a.id, a.name]));
  return (armId) => names.get(armId) ?? armId;
}

/** The study's own notes; those the disclosure box already lists (the release copies its notes into both) once. */
function studyNotes(notes: readonly string[], shown: readonly string[]): string {
  const already = new Set(shown);
  const own = notes.filter((n) => !already.has(n));
  return own.length === 0 ? '' : `<div class="summary study-notes"><h2>Notes</h2><ul class="notes">${own.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul></div>`;
}
