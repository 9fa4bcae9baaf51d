/**
 * The cell-suppression engine on hand-made tables whose right answer is known, and the independent auditor on
 * hand-made releases that leak.
 */
import { describe, expect, it } from 'vitest';
import { disclosureLeaks } from '../src/disclosure/audit-release.js';
import { type AdditiveRelation, type CellDecision, type DisclosureCell, suppressCells } from '../src/disclosure/suppress-cells.js';
import { isAppError } from '@parcours/core';

const K = 10;

function run(cells: readonly DisclosureCell[], relations: readonly AdditiveRelation[], k = K) {
  const decisions = suppressCells(cells, relations, k);
  return { decisions, leaks: disclosureLeaks(cells, relations, decisions, k), status: (id: string) => label(decisions.get(id)) };
}

function label(d: CellDecision | undefined): string | number {
  if (d === undefined) return 'missing';
  return d.status === 'released' ? d.value : d.status === 'internal' ? 'internal' : d.reason;
}

const released = (value: number): CellDecision => ({ status: 'released', value });
const small: CellDecision = { status: 'suppressed', reason: 'small' };
const complementary: CellDecision = { status: 'suppressed', reason: 'complementary' };

/** A two-way table with both margins and the grand total; cells named r{i}c{j}, margins r{i}, c{j}, all. */
function twoWay(table: readonly (readonly number[])[]): { cells: DisclosureCell[]; relations: AdditiveRelation[] } {
  const cells: DisclosureCell[] = [];
  const relations: AdditiveRelation[] = [];
  const cols = table[0]!.length;
  table.forEach((row, i) => {
    row.forEach((v, j) => cells.push({ id: `r${i}c${j}`, value: v }));
    cells.push({ id: `r${i}`, value: row.reduce((a, b) => a + b, 0) });
    relations.push({ id: `row ${i}`, total: `r${i}`, parts: row.map((_, j) => `r${i}c${j}`) });
  });
  for (let j = 0; j < cols; j++) {
    cells.push({ id: `c${j}`, value: table.reduce((s, row) => s + row[j]!, 0) });
    relations.push({ id: `column ${j}`, total: `c${j}`, parts: table.map((_, i) => `r${i}c${j}`) });
  }
  const all = table.flat().reduce((a, b) => a + b, 0);
  cells.push({ id: 'all', value: all });
  relations.push({ id: 'rows', total: 'all', parts: table.map((_, i) => `r${i}`) });
  relations.push({ id: 'columns', total: 'all', parts: Array.from({ length: cols }, (_, j) => `c${j}`) });
  return { cells, relations };
}

/**
 * Table 1 as `releaseStudy` plans it: an overall column and one column per arm; per covariate block and column,
 * n = non-missing + missing and non-missing = Σ levels; per level, missing count, non-missing count and n, the
 * overall column = Σ arms. Cells are named `n:overall`, `n:T`, `year:2013–2017:T`, `year:missing:overall`…
 */
function tableOne(arms: readonly string[], blocks: Record<string, Record<string, readonly number[]>>): { cells: DisclosureCell[]; relations: AdditiveRelation[] } {
  const cells: DisclosureCell[] = [];
  const relations: AdditiveRelation[] = [];
  const columns = ['overall', ...arms];
  /** One cell per column, the overall one the sum of the arms'. */
  const across = (name: string, perArm: readonly number[]): string[] => {
    const ids = columns.map((c) => `${name}:${c}`);
    const values = [perArm.reduce((a, b) => a + b, 0), ...perArm];
    ids.forEach((id, i) => cells.push({ id, value: values[i]! }));
    relations.push({ id: name, total: ids[0]!, parts: ids.slice(1) });
    return ids;
  };
  let n: string[] | null = null;
  for (const [block, levels] of Object.entries(blocks)) {
    const levelIds = Object.entries(levels).map(([level, perArm]) => across(`${block}:${level}`, perArm));
    const perArm = (j: number): number => Object.values(levels).reduce((s, counts) => s + counts[j]!, 0);
    const nonMissing = across(`${block}:non-missing`, arms.map((_, j) => perArm(j)));
    const missing = across(`${block}:missing`, arms.map(() => 0));
    if (n === null) n = across('n', arms.map((_, j) => perArm(j)));
    columns.forEach((_, c) => {
      relations.push({ id: `${block}:${columns[c]}`, total: n![c]!, parts: [nonMissing[c]!, missing[c]!] });
      relations.push({ id: `${block}:${columns[c]}:levels`, total: nonMissing[c]!, parts: levelIds.map((ids) => ids[c]!) });
    });
  }
  return { cells, relations };
}

/**
 * A Kaplan–Meier curve's counts as `releaseStudy` plans them (no one tied at a grid time): at risk at day 0 is the
 * arm's n (the same cell), at risk(j − 1) = at risk(j) + events(j) + censored(j), those at risk at the last time
 * = events after + censored after (internal), and the curve's events = Σ events(j) + events after.
 */
function addCurve(t: { cells: DisclosureCell[]; relations: AdditiveRelation[] }, key: string, n: string, rows: readonly (readonly [number, number, number])[], events: number): void {
  const atRisk = rows.map((_, j) => (j === 0 ? n : `${key}:${j}:at risk`));
  rows.forEach(([a, e, c], j) => {
    if (j > 0) t.cells.push({ id: atRisk[j]!, value: a });
    t.cells.push({ id: `${key}:${j}:events`, value: e }, { id: `${key}:${j}:censored`, value: c });
    if (j > 0) t.relations.push({ id: `${key}:${j}`, total: atRisk[j - 1]!, parts: [atRisk[j]!, `${key}:${j}:events`, `${key}:${j}:censored`] });
  });
  const eventsAfter = events - rows.reduce((s, [, e]) => s + e, 0);
  const last = rows.at(-1)![0];
  t.cells.push(
    { id: `${key}:events`, value: events },
    { id: `${key}:events after`, value: eventsAfter, kind: 'internal' },
    { id: `${key}:censored after`, value: last - eventsAfter, kind: 'internal' },
  );
  t.relations.push({ id: `${key}:after`, total: atRisk.at(-1)!, parts: [`${key}:events after`, `${key}:censored after`] });
  t.relations.push({ id: `${key}:events`, total: `${key}:events`, parts: [...rows.map((_, j) => `${key}:${j}:events`), `${key}:events after`] });
}

describe('suppressCells', () => {
  it('releases 0 and counts of k or more, and hides 1 to k − 1 as small', () => {
    const cells = [0, 1, 9, 10, 250].map((value, i) => ({ id: `x${i}`, value }));
    const { status, leaks } = run(cells, []);
    expect(cells.map((c) => status(c.id))).toEqual([0, 'small', 'small', 10, 250]);
    expect(leaks).toEqual([]);
  });

  it('hides the smallest other part of a 1-D table beside a small one, never the total', () => {
    const cells = [
      { id: 'all', value: 70 },
      { id: 'a', value: 3 },
      { id: 'b', value: 30 },
      { id: 'c', value: 17 },
      { id: 'd', value: 20 },
    ];
    const { status, leaks } = run(cells, [{ id: 'abcd', total: 'all', parts: ['a', 'b', 'c', 'd'] }]);
    expect(['all', 'a', 'b', 'c', 'd'].map(status)).toEqual([70, 'small', 30, 'complementary', 20]);
    expect(leaks).toEqual([]);
  });

  it('hides four cells of a 2×2 table with one small cell, and keeps every margin', () => {
    const { cells, relations } = twoWay([
      [3, 20],
      [15, 30],
    ]);
    const { status, leaks } = run(cells, relations);
    expect(['r0c0', 'r0c1', 'r1c0', 'r1c1'].map(status)).toEqual(['small', 'complementary', 'complementary', 'complementary']);
    expect(['r0', 'r1', 'c0', 'c1', 'all'].map(status)).toEqual([23, 45, 18, 50, 68]);
    expect(leaks).toEqual([]);
  });

  it('protects a small cell of a larger two-way table with a rectangle of four cells', () => {
    const { cells, relations } = twoWay([
      [40, 22, 31],
      [25, 4, 60],
      [33, 50, 12],
    ]);
    const { decisions, leaks, status } = run(cells, relations);
    const hidden = [...decisions].filter(([, d]) => d.status !== 'released').map(([id]) => id);
    expect(status('r1c1')).toBe('small');
    expect(hidden).toHaveLength(4);
    expect(leaks).toEqual([]);
  });

  it('hides a second small cell whose sum with the first would be small', () => {
    // 30 = 2 + 3 + 25: hiding 2 and 3 leaves 30 − 25 = 5 in the open.
    const cells = [
      { id: 'all', value: 30 },
      { id: 'a', value: 2 },
      { id: 'b', value: 3 },
      { id: 'c', value: 25 },
    ];
    const { status, leaks } = run(cells, [{ id: 'abc', total: 'all', parts: ['a', 'b', 'c'] }]);
    expect(['all', 'a', 'b', 'c'].map(status)).toEqual([30, 'small', 'small', 'complementary']);
    expect(leaks).toEqual([]);
  });

  it('hides more when two cells labelled "<10" add up to 18 (both would be 9)', () => {
    const cells = [
      { id: 'all', value: 60 },
      { id: 'a', value: 9 },
      { id: 'b', value: 9 },
      { id: 'c', value: 42 },
    ];
    const { status, leaks } = run(cells, [{ id: 'abc', total: 'all', parts: ['a', 'b', 'c'] }]);
    expect(status('c')).toBe('complementary');
    expect(leaks).toEqual([]);
  });

  it('protects an attrition chain with an exclusion of 3', () => {
    // remaining: 500 → 497 → 450 → 450; excluded: 3, 47, 0.
    const cells = [
      { id: 'remaining 0', value: 500 },
      { id: 'remaining 1', value: 497 },
      { id: 'excluded 1', value: 3 },
      { id: 'remaining 2', value: 450 },
      { id: 'excluded 2', value: 47 },
      { id: 'remaining 3', value: 450 },
      { id: 'excluded 3', value: 0 },
    ];
    const relations = [1, 2, 3].map((i) => ({ id: `step ${i}`, total: `remaining ${i - 1}`, parts: [`remaining ${i}`, `excluded ${i}`] }));
    const { status, leaks } = run(cells, relations);
    expect(status('excluded 1')).toBe('small');
    expect(status('remaining 0')).toBe(500);
    expect(status('remaining 3')).toBe(450);
    expect(status('excluded 3')).toBe(0);
    expect(leaks).toEqual([]);
  });

  it('does not let two small exclusions in a row add up across a hidden step (500 → [497] → 492)', () => {
    const cells = [
      { id: 'remaining 0', value: 500 },
      { id: 'remaining 1', value: 497 },
      { id: 'excluded 1', value: 3 },
      { id: 'remaining 2', value: 492 },
      { id: 'excluded 2', value: 5 },
    ];
    const relations = [1, 2].map((i) => ({ id: `step ${i}`, total: `remaining ${i - 1}`, parts: [`remaining ${i}`, `excluded ${i}`] }));
    const { decisions, leaks } = run(cells, relations);
    expect(leaks).toEqual([]);
    // And the auditor does see the leak when only the middle step is hidden:
    const leaky = new Map(decisions);
    leaky.set('remaining 0', released(500));
    leaky.set('remaining 1', complementary);
    leaky.set('remaining 2', released(492));
    expect(disclosureLeaks(cells, relations, leaky, K)).toContainEqual({ where: 'step 1', why: 'recoverable-sum', count: 8 });
  });

  it('protects a risk table: at risk(j) = at risk(j+1) + events + censored, and Σ events = total', () => {
    const atRisk = [120, 96, 61, 30, 14, 6];
    const events = [0, 20, 30, 25, 12, 5];
    const censored = [0, 4, 5, 6, 4, 3];
    const cells: DisclosureCell[] = [{ id: 'events', value: events.reduce((a, b) => a + b, 0) + 2 }, { id: 'events after', value: 2, kind: 'internal' }];
    const relations: AdditiveRelation[] = [];
    atRisk.forEach((v, j) => {
      cells.push({ id: `atRisk ${j}`, value: v }, { id: `events ${j}`, value: events[j]! }, { id: `censored ${j}`, value: censored[j]! });
      if (j > 0) relations.push({ id: `interval ${j}`, total: `atRisk ${j - 1}`, parts: [`atRisk ${j}`, `events ${j}`, `censored ${j}`] });
    });
    cells.push({ id: 'censored after', value: 4, kind: 'internal' });
    relations.push({ id: 'after', total: 'atRisk 5', parts: ['events after', 'censored after'] });
    relations.push({ id: 'total events', total: 'events', parts: [...atRisk.map((_, j) => `events ${j}`), 'events after'] });
    const { status, leaks } = run(cells, relations);
    expect(status('atRisk 0')).toBe(120);
    expect(status('atRisk 5')).toBe('small');
    expect(status('censored 1')).toBe('small');
    expect(leaks).toEqual([]);
  });

  it('protects a small internal cell: non-missing = n − missing, with 5 non-missing', () => {
    const cells: DisclosureCell[] = [
      { id: 'n A', value: 50 },
      { id: 'missing A', value: 45 },
      { id: 'non-missing A', value: 5, kind: 'internal' },
      { id: 'n B', value: 60 },
      { id: 'missing B', value: 20 },
      { id: 'non-missing B', value: 40, kind: 'internal' },
      { id: 'n', value: 110 },
      { id: 'missing', value: 65 },
      { id: 'non-missing', value: 45, kind: 'internal' },
    ];
    const relations = [
      { id: 'A', total: 'n A', parts: ['non-missing A', 'missing A'] },
      { id: 'B', total: 'n B', parts: ['non-missing B', 'missing B'] },
      { id: 'all', total: 'n', parts: ['non-missing', 'missing'] },
      { id: 'n', total: 'n', parts: ['n A', 'n B'] },
      { id: 'missing', total: 'missing', parts: ['missing A', 'missing B'] },
      { id: 'non-missing', total: 'non-missing', parts: ['non-missing A', 'non-missing B'] },
    ];
    const { status, leaks } = run(cells, relations);
    expect(status('non-missing A')).toBe('internal');
    expect(status('missing A')).toBe('complementary');
    // n of each arm is worth more than a missing count: it stays.
    expect([status('n A'), status('n B'), status('n')]).toEqual([50, 60, 110]);
    expect(leaks).toEqual([]);
  });

  it('never hides a known cell and refuses one that is small', () => {
    const cells: DisclosureCell[] = [
      { id: 'total', value: 30, kind: 'known' },
      { id: 'a', value: 4 },
      { id: 'b', value: 26 },
    ];
    const { status, leaks } = run(cells, [{ id: 'ab', total: 'total', parts: ['a', 'b'] }]);
    expect([status('total'), status('a'), status('b')]).toEqual([30, 'small', 'complementary']);
    expect(leaks).toEqual([]);
    expect(() => suppressCells([{ id: 'x', value: 3, kind: 'known' }], [], K)).toThrow(/by other means/);
  });

  it('refuses relations that do not add up, or name a cell that does not exist, with a code and no value', () => {
    const cells = [
      { id: 'total', value: 31 },
      { id: 'a', value: 4 },
      { id: 'b', value: 26 },
    ];
    const error = (() => {
      try {
        suppressCells(cells, [{ id: 'ab', total: 'total', parts: ['a', 'b'] }], K);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(isAppError(error) && error.code === 'internal' && error.details.field === 'ab').toBe(true);
    expect(String((error as Error).message)).not.toMatch(/\d/);
    expect(() => suppressCells(cells, [{ id: 'ac', total: 'total', parts: ['a', 'c'] }], K)).toThrow(/unknown cell/);
  });

  it('keeps the arm sizes of Table 1 and hides a rectangle of arm cells (HER2: a zero and two equal cells in the block)', () => {
    // Year of index: T+P has no one before 2013, so the overall count there equals T's; s1 = 6 and s2 = 8 (T,
    // 2013 onwards) are small but add up to 14. Hiding them with x and y (T+P, same rows) keeps every margin.
    const { cells, relations } = tableOne(['TP', 'T'], {
      ecog: { '0': [19, 6], '1': [31, 16], '2': [6, 5], '3+': [3, 2] },
      year: { 'before 2013': [0, 15], '2013–2017': [16, 6], '2018 or later': [43, 8] },
    });
    const { decisions, status, leaks } = run(cells, relations);
    expect(leaks).toEqual([]);
    expect(['n:overall', 'n:TP', 'n:T'].map(status)).toEqual([88, 59, 29]);
    expect(['year:2013–2017:T', 'year:2018 or later:T'].map(status)).toEqual(['small', 'small']);
    const hiddenInYear = cells.filter((c) => c.id.startsWith('year:') && decisions.get(c.id)!.status !== 'released').map((c) => c.id);
    expect(hiddenInYear.sort()).toEqual(['year:2013–2017:T', 'year:2013–2017:TP', 'year:2018 or later:T', 'year:2018 or later:TP']);
  });

  it('keeps the arm sizes of Table 1 when the small cells of an arm add up to less than k (the demo HER2 study)', () => {
    // The 8,000-patient demo: T's small cells 5 + 3 = 8 make T's 21 before 2013 go too, hence the overall 21 (T+P
    // has a zero there) and one more count of that block. And T's rwOS risk table starts at T's n: protecting its
    // small events (5 then 2) by walking up that table used to hide both arm sizes.
    const table = tableOne(['TP', 'T'], {
      ecog: { '0': [19, 6], '1': [31, 16], '2': [6, 5], '3+': [3, 2] },
      stage: { I: [8, 4], II: [8, 8], III: [16, 5], IV: [27, 12] },
      brain: { no: [40, 21], yes: [19, 8] },
      year: { 'before 2013': [0, 21], '2013–2017': [17, 5], '2018 or later': [42, 3] },
    });
    addCurve(table, 'rwOS T', 'n:T', [[29, 0, 0], [24, 5, 0], [22, 2, 0], [19, 2, 1], [13, 6, 0]], 26);
    addCurve(table, 'rwOS TP', 'n:TP', [[59, 0, 0], [48, 4, 7], [44, 3, 1], [41, 2, 1], [34, 7, 0]], 38);
    const { cells, relations } = table;
    const { decisions, status, leaks } = run(cells, relations);
    expect(leaks).toEqual([]);
    expect(['n:overall', 'n:TP', 'n:T'].map(status)).toEqual([88, 59, 29]);
    // Nothing that totals a column is hidden: every column's non-missing and missing counts are out.
    const margins = cells.filter((c) => /:(non-missing|missing):/.test(c.id));
    expect(margins.filter((c) => decisions.get(c.id)!.status !== 'released').map((c) => c.id)).toEqual([]);
    expect(['rwOS T:events', 'rwOS TP:events'].map(status)).toEqual([26, 38]);
  });

  it('is deterministic', () => {
    const { cells, relations } = twoWay([
      [12, 3, 40, 7],
      [25, 4, 60, 11],
      [33, 50, 2, 19],
    ]);
    const first = [...suppressCells(cells, relations, K)];
    expect([...suppressCells(cells, relations, K)]).toEqual(first);
    expect(disclosureLeaks(cells, relations, new Map(first), K)).toEqual([]);
  });
});

describe('disclosureLeaks (the independent auditor)', () => {
  const oneRow = [
    { id: 'all', value: 40 },
    { id: 'a', value: 3 },
    { id: 'b', value: 17 },
    { id: 'c', value: 20 },
  ];
  const row = [{ id: 'abc', total: 'all', parts: ['a', 'b', 'c'] }];

  it('finds a released small count', () => {
    const decisions = new Map([['all', released(40)], ['a', released(3)], ['b', released(17)], ['c', released(20)]]);
    expect(disclosureLeaks(oneRow, row, decisions, K)).toEqual([{ where: 'a', why: 'released-small', count: 3 }]);
  });

  it('finds one suppressed cell in a row whose total is released', () => {
    const decisions = new Map([['all', released(40)], ['a', small], ['b', released(17)], ['c', released(20)]]);
    expect(disclosureLeaks(oneRow, row, decisions, K)).toEqual([{ where: 'a', why: 'recoverable', count: 3 }]);
  });

  it('finds a small cell recovered through a combination of relations (no single relation gives it away)', () => {
    // Two rectangles joined by one hidden cell: r1c2 is fixed by rows 0–1 minus columns 0–1.
    const { cells, relations } = twoWay([
      [20, 30, 11, 12],
      [40, 25, 5, 13],
      [14, 16, 30, 40],
      [15, 17, 50, 60],
    ]);
    const hidden = new Set(['r0c0', 'r0c1', 'r1c0', 'r1c1', 'r1c2', 'r2c2', 'r2c3', 'r3c2', 'r3c3']);
    const decisions = new Map(cells.map((c): [string, CellDecision] => [c.id, hidden.has(c.id) ? (c.value < K ? small : complementary) : released(c.value)]));
    expect(disclosureLeaks(cells, relations, decisions, K)).toContainEqual({ where: 'r1c2', why: 'recoverable', count: 5 });
  });

  it('finds two hidden cells whose sum is small', () => {
    const cells = [
      { id: 'all', value: 30 },
      { id: 'a', value: 2 },
      { id: 'b', value: 3 },
      { id: 'c', value: 25 },
    ];
    const decisions = new Map([['all', released(30)], ['a', small], ['b', small], ['c', released(25)]]);
    expect(disclosureLeaks(cells, [{ id: 'abc', total: 'all', parts: ['a', 'b', 'c'] }], decisions, K)).toContainEqual({
      where: 'abc',
      why: 'recoverable-sum',
      count: 5,
    });
  });

  it('finds cells that the "<10" labels make exact', () => {
    const cells = [
      { id: 'all', value: 60 },
      { id: 'a', value: 9 },
      { id: 'b', value: 9 },
      { id: 'c', value: 42 },
    ];
    const decisions = new Map([['all', released(60)], ['a', small], ['b', small], ['c', released(42)]]);
    expect(disclosureLeaks(cells, [{ id: 'abc', total: 'all', parts: ['a', 'b', 'c'] }], decisions, K)).toEqual([{ where: 'abc', why: 'recoverable-by-bounds' }]);
  });

  it('finds a small internal cell given away by n − missing', () => {
    const cells: DisclosureCell[] = [
      { id: 'n', value: 50 },
      { id: 'missing', value: 45 },
      { id: 'non-missing', value: 5, kind: 'internal' },
    ];
    const decisions = new Map<string, CellDecision>([['n', released(50)], ['missing', released(45)], ['non-missing', { status: 'internal' }]]);
    expect(disclosureLeaks(cells, [{ id: 'n', total: 'n', parts: ['non-missing', 'missing'] }], decisions, K)).toEqual([
      { where: 'non-missing', why: 'recoverable', count: 5 },
    ]);
  });

  it('finds released numbers that contradict the relations', () => {
    const decisions = new Map([['all', released(41)], ['a', small], ['b', released(17)], ['c', released(20)]]);
    expect(disclosureLeaks(oneRow, row, decisions, K)).toContainEqual({ where: 'a', why: 'inconsistent' });
  });

  it('finds nothing in a well-protected release', () => {
    const decisions = new Map([['all', released(40)], ['a', small], ['b', complementary], ['c', released(20)]]);
    expect(disclosureLeaks(oneRow, row, decisions, K)).toEqual([]);
  });
});
