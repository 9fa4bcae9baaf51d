/**
 * The report's one stylesheet, inlined so that the file opens from disk with nothing to fetch: system fonts only,
 * journal-style tables (rules above and below, tabular figures), and print rules that keep a figure with its table
 * and fit A4.
 */
export const REPORT_STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: #1a1a1a;
  font: 14px/1.45 "Helvetica Neue", Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif; }
main { max-width: 900px; margin: 0 auto; padding: 24px 20px 40px; }
h1 { font-size: 24px; line-height: 1.25; margin: 0 0 6px; }
h2 { font-size: 18px; margin: 34px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #bbb; break-after: avoid; }
h3 { font-size: 15px; margin: 22px 0 6px; break-after: avoid; }
p { margin: 6px 0; }
.description { font-size: 15px; color: #333; }
.provenance { font-size: 12px; color: #444; margin: 10px 0; }
.provenance span { white-space: nowrap; }
.digest { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 11.5px; }
nav.contents { font-size: 13px; margin: 14px 0; }
nav.contents ol { margin: 4px 0; padding-left: 22px; columns: 2; }
a { color: #0b5394; }
.summary { background: #f6f6f4; border-left: 3px solid #999; padding: 8px 12px; margin: 12px 0; font-size: 13px; }
.summary h2 { margin: 0 0 4px; font-size: 14px; border: 0; padding: 0; }
ul.notes { margin: 6px 0; padding-left: 20px; font-size: 13px; }
ul.notes li { margin: 2px 0; }
.item { font-weight: 600; }
figure { margin: 12px 0 8px; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: 13px; font-weight: 600; margin-bottom: 4px; }
.block { break-inside: avoid; page-break-inside: avoid; margin-bottom: 18px; }
svg.figure { display: block; max-width: 100%; height: auto; font-family: inherit; }
svg.figure text { font-size: 12px; fill: #1a1a1a; }
svg.figure .tick, svg.figure .km-risk, svg.figure .risk-label, svg.figure .favours { font-size: 11px; }
svg.figure .axis-title, svg.figure .risk-title, svg.figure .column-head, svg.figure .forest-group, svg.figure .step-name { font-weight: 600; }
svg.figure .axis { stroke: #1a1a1a; stroke-width: 1; fill: none; }
svg.figure .swatch { stroke-width: 2.5; }
svg.figure .km-curve { fill: none; stroke-width: 1.8; stroke-linejoin: miter; }
svg.figure .km-band { fill-opacity: 0.13; stroke: none; }
svg.figure .km-median, svg.figure .km-median-level { stroke: #555; stroke-width: 1; stroke-dasharray: 4 3; }
svg.figure .band { fill: #f2f2ef; }
svg.figure .ref-line { stroke: #555; stroke-width: 1; }
svg.figure .forest-ci { stroke: #1a1a1a; stroke-width: 1.5; }
svg.figure .forest-point { fill: #1a1a1a; }
svg.figure .arrow { fill: none; stroke: #1a1a1a; stroke-width: 1.2; }
svg.figure .not-estimable { font-style: italic; fill: #666; }
svg.figure .favours { fill: #555; }
svg.figure .threshold { stroke: #555; stroke-width: 1; stroke-dasharray: 4 3; }
svg.figure .row-guide { stroke: #e4e4e4; stroke-width: 1; }
svg.figure .smd-before { fill: #fff; stroke: #1a1a1a; stroke-width: 1.3; }
svg.figure .smd-after { fill: #0072B2; stroke: #0072B2; }
svg.figure .box { fill: #fff; stroke: #1a1a1a; stroke-width: 1; }
svg.figure .box.excluded { fill: #f6f6f4; }
svg.figure .arrow-line { stroke: #1a1a1a; stroke-width: 1; }
svg.figure .step-description { fill: #444; font-size: 11.5px; }
table.numbers { border-collapse: collapse; font-size: 13px; margin: 10px 0 4px; font-variant-numeric: tabular-nums; }
table.numbers th, table.numbers td { padding: 3px 10px; text-align: right; vertical-align: top; }
table.numbers thead th { border-top: 1.5px solid #1a1a1a; border-bottom: 1px solid #1a1a1a; vertical-align: bottom; font-weight: 600; }
table.numbers tbody { border-bottom: 1.5px solid #1a1a1a; }
table.numbers .label, table.numbers .text { text-align: left; }
table.numbers tbody th.label { min-width: 12em; }
table.hazard-ratios tbody th.label { min-width: 14em; }
table.numbers tbody th { font-weight: normal; }
table.numbers tr.covariate th { font-weight: 600; padding-top: 7px; }
table.numbers tr.level th { padding-left: 24px; }
table.numbers tr.first > * { border-top: 1px solid #ccc; }
table.numbers .sub { font-weight: normal; font-size: 12px; color: #444; }
table.numbers td { white-space: nowrap; }
table.numbers td.text, table.numbers td.not-estimable { white-space: normal; }
.hidden-count, .hidden-summary { color: #7a4a00; cursor: help; }
.hidden-summary { font-style: italic; font-size: 12px; }
.not-estimable { font-style: italic; color: #555; }
.footnote { font-size: 12px; color: #444; margin: 3px 0; }
.footnote .mark { font-weight: 600; color: #7a4a00; }
.log-rank { font-size: 13px; }
.methods p { max-width: 48em; }
footer { margin-top: 36px; padding-top: 8px; border-top: 1px solid #bbb; font-size: 12px; color: #444; }
@page { size: A4; margin: 14mm; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  nav.contents { display: none; }
  a { color: inherit; text-decoration: none; }
  .summary { background: none; }
  h2 { break-before: auto; }
  table.numbers tr { break-inside: avoid; }
}
`;
