import { describe, expect, it } from 'vitest';
import { countPhrase, formatCount, formatHr, formatInteger, formatMonths, formatP, formatPercent, pClause } from '../src/report/format-numbers.js';
import { hazardRatioAxis } from '../src/report/forest-plot.js';
import { smdAxis } from '../src/report/love-plot.js';
import { formatLandmark, formatMedian } from '../src/report/survival-summary-table.js';
import { escapeHtml, fitText, linearScale, logScale, num, wrapText } from '../src/report/svg.js';

describe('escaping', () => {
  it('escapes the five characters that matter in HTML and SVG, text and attributes', () => {
    expect(escapeHtml(`<script>alert(1)</script> & "quotes" 'single'`)).toBe('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;single&#39;');
  });

  it('escapes an ampersand once, even when it already looks like an entity', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });
});

describe('numbers', () => {
  it('prints counts with thousands separators, whatever the locale', () => {
    expect([0, 7, 999, 1000, 12345, 1234567].map(formatInteger)).toEqual(['0', '7', '999', '1,000', '12,345', '1,234,567']);
  });

  it('prints hidden counts with the run’s own threshold, never as a number', () => {
    expect(formatCount({ suppressed: 'small' }, 10)).toBe('<10');
    expect(formatCount({ suppressed: 'small' }, 5)).toBe('<5');
    expect(formatCount({ suppressed: 'complementary' }, 10)).toBe('—');
    expect(formatCount(0, 10)).toBe('0');
    expect(countPhrase({ suppressed: 'small' }, 10)).toBe('n <10');
    expect(countPhrase({ suppressed: 'complementary' }, 10)).toBe('n = —');
    expect(countPhrase(1284, 10)).toBe('n = 1,284');
  });

  it('prints hazard ratios to 2 decimals and p-values to 3, or "<0.001"', () => {
    expect(formatHr(0.4567)).toBe('0.46');
    expect(formatHr(1)).toBe('1.00');
    expect(formatP(0.0031)).toBe('0.003');
    expect(formatP(0.001)).toBe('0.001');
    expect(formatP(0.000999)).toBe('<0.001');
    expect(formatP(0.5)).toBe('0.500');
    expect(formatP(Number.NaN)).toBe('NA');
    expect(pClause(2e-9)).toBe('p <0.001');
    expect(pClause(0.034)).toBe('p = 0.034');
  });

  it('prints months and percentages to 1 decimal, months from days of 365.25 / 12', () => {
    expect(formatMonths(365.25)).toBe('12.0');
    expect(formatMonths(30.4375 * 14.25)).toBe('14.3');
    expect(formatPercent(0.6523)).toBe('65.2');
    expect(formatPercent(-0.0001)).toBe('0.0');
  });

  it('prints medians with "NR" where the curve, or a limit, is not reached', () => {
    expect(formatMedian({ days: 426, lowerDays: 335, upperDays: null })).toBe('14.0 (11.0–NR)');
    expect(formatMedian({ days: null, lowerDays: null, upperDays: null })).toBe('NR (NR–NR)');
    expect(formatLandmark({ months: 12, survival: 0.652, lower: 0.581, upper: 0.723 })).toBe('65.2 (58.1–72.3)');
    expect(formatLandmark({ months: 24, survival: null, lower: null, upper: null })).toBe('NE');
  });
});

describe('scales and text', () => {
  it('maps linearly, in either direction', () => {
    expect(linearScale([0, 1], [300, 0])(0.25)).toBe(225);
    expect(linearScale([0, 60], [100, 700])(30)).toBe(400);
  });

  it('puts equal ratios at equal distances on a log scale', () => {
    const x = logScale([0.25, 4], [0, 200]);
    expect(x(1)).toBeCloseTo(100, 12);
    expect(x(0.5)).toBeCloseTo(200 - x(2), 12);
  });

  it('writes coordinates to a ten-thousandth of a pixel, with no "-0" and no exponent', () => {
    expect(num(12.345678)).toBe('12.3457');
    expect(num(-0.00001)).toBe('0');
    expect(num(1e-7)).toBe('0');
    expect(num(700)).toBe('700');
  });

  it('wraps and cuts text by its width', () => {
    expect(wrapText('Adults with advanced ROS1 NSCLC', 16)).toEqual(['Adults with', 'advanced ROS1', 'NSCLC']);
    expect(fitText('Immunotherapy with chemotherapy', 80, 12)).toBe('Immunother…');
    expect(fitText('Short', 80, 12)).toBe('Short');
  });
});

describe('axes', () => {
  it('gives hazard ratios a round log axis with 1 inside', () => {
    expect(hazardRatioAxis([{ hr: 0.6, lower: 0.35, upper: 1.4, p: 0.2 }])).toEqual({ min: 0.2, max: 2, ticks: [0.2, 0.5, 1, 2] });
    expect(hazardRatioAxis([{ hr: 3, lower: 1.5, upper: 7, p: 0.01 }])).toEqual({ min: 0.5, max: 10, ticks: [0.5, 1, 2, 5, 10] });
    expect(hazardRatioAxis([])).toEqual({ min: 0.5, max: 2, ticks: [0.5, 1, 2] });
  });

  it('stops the hazard-ratio axis at 0.01–100, labelling only powers of ten when it is that wide', () => {
    expect(hazardRatioAxis([{ hr: 1, lower: 1e-5, upper: 1e5, p: 1 }])).toEqual({ min: 0.01, max: 100, ticks: [0.01, 0.1, 1, 10, 100] });
  });

  it('gives |SMD| an axis in tenths that leaves the 0.1 threshold inside', () => {
    expect(smdAxis([0.03, -0.37])).toEqual({ max: 0.4, step: 0.1 });
    expect(smdAxis([0.01])).toEqual({ max: 0.2, step: 0.1 });
    expect(smdAxis([0.3, 0.7])).toEqual({ max: 0.8, step: 0.2 });
  });
});
