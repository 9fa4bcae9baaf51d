import { describe, expect, it } from 'vitest';
import { isSuppressed, type ReleasedStudy } from '../src/results/study-results.js';
import { renderStudyReport } from '../src/report/render-study-report.js';
import { escapeHtml } from '../src/report/svg.js';
import { findElements, textOf } from './report-geometry.js';
import { HOSTILE, releasedStudyFixture } from './fixtures/released-study.js';

const fixture = releasedStudyFixture();
const html = renderStudyReport(fixture);

describe('the report document', () => {
  it('is one complete, standalone HTML document: no script, no external resource', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/(src|href)="(?!#)/i);
    expect(html).not.toMatch(/url\(|@import|https?:\/\/(?!www\.w3\.org\/2000\/svg")/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  });

  it('escapes every text taken from the data', () => {
    expect(html).toContain(`<h1>${escapeHtml(fixture.study.study.name)}</h1>`);
    expect(html).toContain(`<title>${escapeHtml(fixture.study.study.name)}</title>`);
    // The drug curve named with markup: in the legend, the risk table's tooltip and the numbers under the plot.
    expect(html.split(escapeHtml(HOSTILE)).length - 1).toBeGreaterThanOrEqual(6);
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain('alert(1)</script>');
    expect(html).toContain('IVB &lt;M1c&gt;');
  });

  it('escapes identifiers inside attributes', () => {
    const hostileArm = '"><script>x()</script>';
    const group = fixture.study.outcomes[0]!.curveGroups[0]!;
    const study: ReleasedStudy = {
      ...fixture.study,
      outcomes: [{ ...fixture.study.outcomes[0]!, curveGroups: [{ ...group, id: hostileArm, curves: group.curves.map((c) => ({ ...c, arm: hostileArm })) }] }],
    };
    const out = renderStudyReport({ ...fixture, study });
    expect(out).not.toContain(hostileArm);
    expect(out).toContain(`data-arm="${escapeHtml(hostileArm)}"`);
    const paths = findElements(out, 'path', 'km-curve');
    expect(paths.map((p) => [p.attrs['data-arm'], p.attrs['data-group']])).toEqual(group.curves.map(() => [hostileArm, hostileArm]));
  });

  it('is the same text for the same input', () => {
    expect(renderStudyReport(releasedStudyFixture())).toBe(html);
  });

  it('has its sections in order: summary, attrition, Table 1, survival, hazard ratios, balance, methods, footer', () => {
    const order = ['<h1>', 'class="provenance"', 'class="summary disclosure"', 'class="summary study-notes"', 'id="attrition"', 'id="baseline"', 'id="survival"', 'id="comparisons"', 'id="balance"', 'id="methods"', '<footer>'];
    const at = order.map((s) => html.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('states the provenance and what disclosure control did', () => {
    const provenance = textOf(findElements(html, 'p', 'provenance')[0]!.inner);
    expect(provenance).toBe(
      'parcours 0.1.0 · warehouse duckdb (Parcours synthetic demo) · snapshot c0ffee00d15e · run started 2025-03-14T09:26:53.589Z · protocol ros1-tki-vs-chemo v3, SHA-256 9f2c4e7a1b3d · cohort ros1-nsclc-advanced, SHA-256 4a1b2c3d4e5f',
    );
    const disclosure = textOf(findElements(html, 'div', 'disclosure')[0]!.inner);
    const d = fixture.disclosure;
    expect(disclosure).toContain('Counts from 1 to 9 are hidden (shown “<10”)');
    expect(disclosure).toContain(`${d.suppressedSmall} counts hidden as small, ${d.suppressedComplementary} counts hidden by complementary suppression`);
    expect(disclosure).toContain(`${d.curvesTruncated} curves truncated, 1 comparison with estimates withheld`);
    for (const note of [...d.notes, ...fixture.study.notes]) expect(html).toContain(escapeHtml(note));
    expect(textOf(findElements(html, 'footer')[0]!.inner)).toContain('Aggregate results only; counts below 10 are hidden');
  });

  it('prints the methods as paragraphs', () => {
    const methods = findElements(html, 'div', 'methods')[0]!;
    expect(findElements(methods.inner, 'p').map((p) => textOf(p.inner))).toEqual(fixture.study.methods.split('\n\n'));
  });

  it('says where a curve was cut and why', () => {
    const notes = findElements(html, 'li', 'truncation').map((l) => textOf(l.inner));
    expect(notes).toContain('Chemotherapy alone: curve stops at 40.9 months: fewer than 10 at risk.');
    expect(notes).toContain('Immunotherapy: not drawn: fewer than 10 at risk from the start.');
    const truncated = fixture.study.outcomes.flatMap((o) => o.curveGroups.flatMap((g) => g.curves)).filter((c) => c.truncatedAtDays !== null);
    expect(notes).toHaveLength(truncated.length);
  });
});

describe('hidden counts', () => {
  const table = findElements(html, 'table', 'baseline')[0]!;

  it('shows the hidden counts of Table 1 as "<10" or "—", each marked, and never as a number', () => {
    const marked = findElements(table.inner, 'span', 'hidden-count').map((s) => textOf(s.inner));
    const baseline = fixture.study.baseline;
    const mark = (c: { suppressed: 'small' | 'complementary' }): string => (c.suppressed === 'small' ? '<10' : '—');
    // In document order: the column heads ("n <10"), then each row's levels and its missing line when shown.
    const heads = baseline.columns.map((c) => c.n).filter(isSuppressed).map((c) => (c.suppressed === 'small' ? 'n <10' : 'n = —'));
    const cells = baseline.rows.flatMap((r) => [
      ...(r.kind === 'categorical' ? r.levels.flatMap((l) => l.counts) : []),
      ...(r.missing.some((m) => isSuppressed(m) || m > 0) ? r.missing : []),
    ]);
    expect(marked).toEqual([...heads, ...cells.filter(isSuppressed).map(mark)]);
    expect(marked.length).toBeGreaterThan(15);
  });

  it('heads each Table 1 column with its size, and shows a hidden level without a percentage', () => {
    const heads = findElements(table.inner, 'th').filter((th) => th.attrs['scope'] === 'col').map((th) => textOf(th.inner));
    expect(heads).toEqual(['Characteristic', 'Overall(n = 583)', 'ROS1 TKI(n = 251)', 'Chemotherapy alone(n = 198)', 'Immunotherapy(n <10)']);
    const female = findElements(table.inner, 'tr', 'level').find((tr) => textOf(tr.inner).startsWith('Female'))!;
    expect(findElements(female.inner, 'td').map((td) => textOf(td.inner))).toEqual(['361 (61.9%)', '163 (64.9%)', '116 (58.6%)', '<10']);
    const age = findElements(table.inner, 'tr', 'level').find((tr) => textOf(tr.inner).startsWith('Mean (SD)'))!;
    expect(findElements(age.inner, 'td').map((td) => textOf(td.inner))).toEqual(['58.4 (12.1)', '56.2 (12.4)', '61.3 (11.2)', 'hidden']);
  });

  it('uses the run’s own threshold in every mark', () => {
    const out = renderStudyReport({ ...fixture, disclosure: { ...fixture.disclosure, minCellSize: 5 } });
    expect(out).not.toContain('&lt;10');
    expect(out).toContain('Excluded: n &lt;5');
    expect(findElements(out, 'text', 'km-risk').some((t) => textOf(t.inner) === '<5')).toBe(true);
  });

  it('shows hidden numbers of patients and events in the hazard-ratio table as "<10"', () => {
    const row = findElements(html, 'tr').find((tr) => tr.attrs['data-comparison'] === 'io-vs-chemo' && tr.attrs['data-method'] === 'unadjusted')!;
    const cells = findElements(row.inner, 'td').map((td) => textOf(td.inner));
    expect(cells.slice(0, 6)).toEqual(['rwOS', 'primary', '<10 / 198', '<10 / 151', 'unadjusted', 'not estimable: fewer than 10 patients in the immunotherapy arm']);
  });
});
