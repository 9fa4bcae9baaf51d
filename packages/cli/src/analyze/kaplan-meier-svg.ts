/**
 * A standalone SVG of the Kaplan–Meier curves of a survival report: step lines, a tick at each censoring, optional
 * shaded confidence bands, axes and a legend. No dependencies; good enough to eyeball, not a publication figure.
 */
import type { SurvivalReport } from '@parcours/stats';

export interface KaplanMeierSvgOptions {
  readonly title?: string;
  readonly width?: number;
  readonly height?: number;
  /** Shade the pointwise confidence band. Default true. */
  readonly bands?: boolean;
}

const COLOURS = ['#1b6ca8', '#d1495b', '#2e933c', '#edae49', '#6a4c93', '#00798c', '#8c564b', '#555555'];

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** @example kaplanMeierSvg(report).startsWith('<svg') // true */
export function kaplanMeierSvg(report: SurvivalReport, options: KaplanMeierSvgOptions = {}): string {
  const width = options.width ?? 720;
  const height = options.height ?? 440;
  const margin = { left: 60, right: 160, top: 40, bottom: 50 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const maxTime = Math.max(1, ...report.km.groups.flatMap((g) => g.table.map((r) => r.time)));
  const x = (t: number): number => margin.left + (t / maxTime) * plotW;
  const y = (s: number): number => margin.top + (1 - s) * plotH;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  if (options.title) parts.push(`<text x="${margin.left}" y="24" font-size="15">${escapeXml(options.title)}</text>`);
  // Axes with ticks.
  parts.push(`<line x1="${margin.left}" y1="${y(0)}" x2="${margin.left + plotW}" y2="${y(0)}" stroke="black"/>`);
  parts.push(`<line x1="${margin.left}" y1="${y(0)}" x2="${margin.left}" y2="${y(1)}" stroke="black"/>`);
  for (let k = 0; k <= 5; k++) {
    const s = k / 5;
    parts.push(`<line x1="${margin.left - 4}" y1="${y(s)}" x2="${margin.left}" y2="${y(s)}" stroke="black"/>`);
    parts.push(`<text x="${margin.left - 8}" y="${y(s) + 4}" text-anchor="end">${s.toFixed(1)}</text>`);
    const t = (maxTime * k) / 5;
    parts.push(`<line x1="${x(t)}" y1="${y(0)}" x2="${x(t)}" y2="${y(0) + 4}" stroke="black"/>`);
    parts.push(`<text x="${x(t)}" y="${y(0) + 18}" text-anchor="middle">${Number(t.toPrecision(3))}</text>`);
  }
  parts.push(`<text x="${margin.left + plotW / 2}" y="${height - 10}" text-anchor="middle">time</text>`);
  parts.push(`<text x="16" y="${margin.top + plotH / 2}" transform="rotate(-90 16 ${margin.top + plotH / 2})" text-anchor="middle">survival</text>`);
  report.km.groups.forEach((g, k) => {
    const colour = COLOURS[k % COLOURS.length]!;
    if (options.bands !== false) {
      // Band as a step polygon: upper limits forwards, lower limits backwards.
      const upper: string[] = [`${x(0)},${y(1)}`];
      const lower: string[] = [`${x(0)},${y(1)}`];
      let prevU = 1;
      let prevL = 1;
      for (const r of g.table) {
        if (r.upper === null || r.lower === null) break;
        upper.push(`${x(r.time)},${y(prevU)}`, `${x(r.time)},${y(r.upper)}`);
        lower.push(`${x(r.time)},${y(prevL)}`, `${x(r.time)},${y(r.lower)}`);
        prevU = r.upper;
        prevL = r.lower;
      }
      parts.push(`<polygon points="${[...upper, ...lower.reverse()].join(' ')}" fill="${colour}" fill-opacity="0.12" stroke="none"/>`);
    }
    const path: string[] = [`M${x(0)},${y(1)}`];
    let prev = 1;
    for (const r of g.table) {
      path.push(`H${x(r.time)}`);
      if (r.surv !== prev) path.push(`V${y(r.surv)}`);
      prev = r.surv;
    }
    parts.push(`<path d="${path.join('')}" fill="none" stroke="${colour}" stroke-width="1.6"/>`);
    for (const r of g.table) {
      if (r.n_censor > 0) parts.push(`<line x1="${x(r.time)}" y1="${y(r.surv) - 4}" x2="${x(r.time)}" y2="${y(r.surv) + 4}" stroke="${colour}"/>`);
    }
    const ly = margin.top + 10 + k * 18;
    parts.push(`<line x1="${margin.left + plotW + 16}" y1="${ly}" x2="${margin.left + plotW + 36}" y2="${ly}" stroke="${colour}" stroke-width="2"/>`);
    parts.push(`<text x="${margin.left + plotW + 42}" y="${ly + 4}">${escapeXml(g.group)} (n=${g.n})</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
