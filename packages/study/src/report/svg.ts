/**
 * The few drawing helpers the report's figures share: escaping, coordinates, scales, and text measured without a
 * browser. Every figure is a string of inline SVG, so anything taken from the data goes through `escapeHtml`.
 */

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text safe inside HTML or SVG element content and inside double- or single-quoted attribute values.
 * @example escapeHtml('<b> & "x"') // → '&lt;b&gt; &amp; &quot;x&quot;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/**
 * A coordinate as SVG text: 4 decimals at most (a ten-thousandth of a pixel, so a test can map it back to the
 * data), no exponent, no "-0".
 * @example num(12.345678) // → '12.3457'
 */
export function num(x: number): string {
  const rounded = Math.round(x * 1e4) / 1e4;
  return String(rounded === 0 ? 0 : rounded);
}

/** Attributes from a record, values escaped; `undefined` and `null` values are left out. */
export function attrs(values: Readonly<Record<string, string | number | null | undefined>>): string {
  return Object.entries(values)
    .filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== null)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? num(v) : escapeHtml(v)}"`)
    .join('');
}

/** `<tag attrs>content</tag>`, or self-closed without content. `content` is markup: escape text before. */
export function element(tag: string, values: Readonly<Record<string, string | number | null | undefined>>, content?: string): string {
  return content === undefined ? `<${tag}${attrs(values)}/>` : `<${tag}${attrs(values)}>${content}</${tag}>`;
}

/**
 * A report figure: the standalone `<svg>` root every figure shares (namespace, `figure KIND` class, size, viewBox,
 * role img), then the figure's own `data-*` attributes, which tests read the plot's scale back from.
 */
export function figure(kind: string, width: number, height: number, data: Readonly<Record<string, string | number>>, content: string): string {
  return element('svg', { xmlns: 'http://www.w3.org/2000/svg', class: `figure ${kind}`, width, height, viewBox: `0 0 ${width} ${num(height)}`, role: 'img', ...data }, content);
}

/** An SVG `<text>` whose content is escaped. */
export function text(values: Readonly<Record<string, string | number | null | undefined>>, content: string): string {
  return element('text', values, escapeHtml(content));
}

export type Scale = (value: number) => number;

/**
 * @example linearScale([0, 1], [300, 0])(0.25) // → 225
 */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = (r1 - r0) / (d1 - d0);
  return (value) => r0 + (value - d0) * k;
}

/**
 * A logarithmic scale (hazard ratios: equal distances for equal ratios, so 0.5 and 2 sit symmetric about 1).
 * @example logScale([0.25, 4], [0, 200])(1) // → 100
 */
export function logScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const linear = linearScale([Math.log(domain[0]), Math.log(domain[1])], range);
  return (value) => linear(Math.log(value));
}

/**
 * Colour-blind-safe palette (Okabe & Ito, 2008), dark enough on white and told apart in greyscale by lightness;
 * yellow is left out, it vanishes on paper.
 */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'] as const;

export function colourAt(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}

/**
 * Approximate width of a line of sans-serif text, in pixels. There is no browser to measure with when the report is
 * written, so layout reserves room from the average glyph width of Helvetica/Arial (about 0.55 em), rounded up so
 * that labels do not collide.
 */
export function textWidth(content: string, fontSize: number, bold = false): number {
  return [...content].length * fontSize * (bold ? 0.62 : 0.58);
}

/**
 * Text cut with an ellipsis to fit `maxWidth` pixels (the full text goes in a `<title>` tooltip by the caller).
 * @example fitText('Immunotherapy with chemotherapy', 80, 12) // → 'Immunother…'
 */
export function fitText(content: string, maxWidth: number, fontSize: number): string {
  const chars = [...content];
  const fits = Math.max(1, Math.floor(maxWidth / (fontSize * 0.58)));
  return chars.length <= fits ? content : `${chars.slice(0, fits - 1).join('').trimEnd()}…`;
}

/**
 * Greedy word wrap to lines of at most `maxChars` characters (a longer word gets a line of its own).
 * @example wrapText('Adults with advanced ROS1 NSCLC', 16) // → ['Adults with', 'advanced ROS1', 'NSCLC']
 */
export function wrapText(content: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of content.split(/\s+/).filter((w) => w !== '')) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= maxChars) line = `${line} ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
