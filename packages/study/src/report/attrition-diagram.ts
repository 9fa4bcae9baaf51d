/**
 * The attrition flow diagram (CONSORT/STROBE style): one box per step down the page with the patients remaining,
 * and beside each arrow between two steps a box with the patients that step excluded.
 */
import type { AttritionStep, ReleasedCount } from '../results/study-results.js';
import { countPhrase } from './format-numbers.js';
import { element, figure, num, text, wrapText } from './svg.js';

const WIDTH = 760;
const MAIN = { x: 20, width: 360 } as const;
const SIDE = { x: 440, width: 280 } as const;
const LINE = 16;
const PAD = 10;
const MAIN_CHARS = 54;
const SIDE_HEIGHT = LINE + 2 * PAD;
const GAP = SIDE_HEIGHT + 24;

export type ReleasedAttritionStep = AttritionStep<ReleasedCount>;

interface BoxLine {
  readonly text: string;
  readonly cls: string;
  readonly count?: 'remaining';
}

function mainLines(step: ReleasedAttritionStep, minCellSize: number): BoxLine[] {
  return [
    ...wrapText(step.step, MAIN_CHARS - 4).map((t) => ({ text: t, cls: 'step-name' })),
    ...wrapText(step.description ?? '', MAIN_CHARS).map((t) => ({ text: t, cls: 'step-description' })),
    { text: countPhrase(step.remaining, minCellSize), cls: 'attrition-count', count: 'remaining' as const },
  ];
}

export function attritionDiagram(steps: readonly ReleasedAttritionStep[], minCellSize: number): string {
  const parts: string[] = [];
  let y = 10;
  steps.forEach((step, k) => {
    if (k > 0) {
      parts.push(exclusion(step, k, y, minCellSize));
      y += GAP;
    }
    const lines = mainLines(step, minCellSize);
    parts.push(mainBox(step, k, lines, y));
    y += lines.length * LINE + 2 * PAD;
  });
  const height = y + 10;
  return figure('attrition', WIDTH, height, {}, [element('title', {}, 'Attrition: patients remaining after each step, and excluded by it'), ...parts].join('\n'));
}

function mainBox(step: ReleasedAttritionStep, index: number, lines: readonly BoxLine[], y: number): string {
  const height = lines.length * LINE + 2 * PAD;
  const content = [
    element('rect', { class: 'box', x: MAIN.x, y, width: MAIN.width, height, rx: 3 }),
    ...lines.map((l, k) => text({ x: MAIN.x + MAIN.width / 2, y: y + PAD + (k + 1) * LINE - 4, 'text-anchor': 'middle', class: l.cls, 'data-count': l.count }, l.text)),
  ];
  return element('g', { class: 'attrition-step', 'data-index': index, 'data-step': step.step }, content.join(''));
}

/** The arrow down from the previous box, the arrow out to the exclusion box, and that box. */
function exclusion(step: ReleasedAttritionStep, index: number, y: number, minCellSize: number): string {
  const cx = MAIN.x + MAIN.width / 2;
  const midY = y + GAP / 2;
  const boxY = midY - SIDE_HEIGHT / 2;
  const excluded = step.excluded === null ? 'n/a' : countPhrase(step.excluded, minCellSize);
  const content = [
    element('line', { class: 'arrow-line', x1: cx, y1: y, x2: cx, y2: y + GAP - 1 }),
    element('path', { class: 'arrow', d: `M${num(cx - 4)},${num(y + GAP - 7)}L${num(cx)},${num(y + GAP - 1)}L${num(cx + 4)},${num(y + GAP - 7)}` }),
    element('line', { class: 'arrow-line', x1: cx, y1: midY, x2: SIDE.x - 1, y2: midY }),
    element('path', { class: 'arrow', d: `M${num(SIDE.x - 7)},${num(midY - 4)}L${num(SIDE.x - 1)},${num(midY)}L${num(SIDE.x - 7)},${num(midY + 4)}` }),
    element('rect', { class: 'box excluded', x: SIDE.x, y: boxY, width: SIDE.width, height: SIDE_HEIGHT, rx: 3 }),
    text({ x: SIDE.x + SIDE.width / 2, y: boxY + PAD + LINE - 4, 'text-anchor': 'middle', class: 'attrition-count', 'data-count': 'excluded' }, `Excluded: ${excluded}`),
  ];
  return element('g', { class: 'attrition-exclusion', 'data-index': index, 'data-step': step.step }, content.join(''));
}
