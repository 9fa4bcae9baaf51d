/**
 * Property: whatever the tables, the suppression engine releases no count from 1 to k − 1 and leaves none
 * recoverable, as judged by the independent auditor; and it hides only what it must label.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { disclosureLeaks } from '../src/disclosure/audit-release.js';
import { type AdditiveRelation, type CellDecision, type DisclosureCell, suppressCells } from '../src/disclosure/suppress-cells.js';

interface Tables {
  readonly cells: DisclosureCell[];
  readonly relations: AdditiveRelation[];
}

/** Many small counts and zeros, some large ones. */
const value = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 12 }) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 150 }) });

/** Builders that add one structure to a growing set of cells; each returns the id of its grand total. */
type Structure = (t: Tables, prefix: string) => string;

const add = (t: Tables, id: string, v: number, kind?: DisclosureCell['kind']): string => {
  t.cells.push(kind === undefined ? { id, value: v } : { id, value: v, kind });
  return id;
};
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

const oneWay: fc.Arbitrary<Structure> = fc.array(value, { minLength: 1, maxLength: 8 }).map((parts) => (t, p) => {
  const ids = parts.map((v, i) => add(t, `${p}part ${i}`, v));
  const total = add(t, `${p}total`, sum(parts));
  t.relations.push({ id: `${p}1-D`, total, parts: ids });
  return total;
});

/** A two-way table with both margins; optionally each column's n = non-missing (internal) + missing. */
const twoWay: fc.Arbitrary<Structure> = fc
  .record({
    rows: fc.integer({ min: 2, max: 5 }).chain((r) => fc.integer({ min: 2, max: 5 }).chain((c) => fc.array(fc.array(value, { minLength: c, maxLength: c }), { minLength: r, maxLength: r }))),
    missing: fc.option(fc.array(value, { minLength: 5, maxLength: 5 })),
  })
  .map(({ rows, missing }) => (t, p) => {
    const cols = rows[0]!.length;
    const cell = rows.map((row, i) => row.map((v, j) => add(t, `${p}r${i}c${j}`, v)));
    const rowTotals = rows.map((row, i) => add(t, `${p}r${i}`, sum(row)));
    rows.forEach((_, i) => t.relations.push({ id: `${p}row ${i}`, total: rowTotals[i]!, parts: cell[i]! }));
    const colTotals = Array.from({ length: cols }, (_, j) => add(t, `${p}c${j}`, sum(rows.map((r) => r[j]!))));
    colTotals.forEach((id, j) => t.relations.push({ id: `${p}column ${j}`, total: id, parts: cell.map((r) => r[j]!) }));
    const all = add(t, `${p}all`, sum(rows.flat()));
    t.relations.push({ id: `${p}rows`, total: all, parts: rowTotals }, { id: `${p}columns`, total: all, parts: colTotals });
    if (missing === null) return all;
    // The table counts the non-missing values; each column's n adds its missing ones.
    const ns = colTotals.map((nonMissing, j) => {
      const m = add(t, `${p}missing ${j}`, missing[j]!);
      const n = add(t, `${p}n ${j}`, sum(rows.map((r) => r[j]!)) + missing[j]!);
      t.relations.push({ id: `${p}n ${j}`, total: n, parts: [nonMissing, m] });
      return n;
    });
    const n = add(t, `${p}n`, sum(rows.flat()) + sum(missing.slice(0, cols)));
    t.relations.push({ id: `${p}n`, total: n, parts: ns });
    return n;
  });

/** The same two-way table, but the non-missing column counts are internal (never shown, as for a continuous row). */
const internalColumns: fc.Arbitrary<Structure> = fc
  .array(fc.tuple(value, value), { minLength: 2, maxLength: 5 })
  .map((columns) => (t, p) => {
    const ns = columns.map(([nonMissing, missing], j) => {
      const nm = add(t, `${p}non-missing ${j}`, nonMissing, 'internal');
      const m = add(t, `${p}missing ${j}`, missing);
      const n = add(t, `${p}n ${j}`, nonMissing + missing);
      t.relations.push({ id: `${p}column ${j}`, total: n, parts: [nm, m] });
      return { nm, m, n };
    });
    const total = (key: 'nm' | 'm' | 'n', id: string, v: number, kind?: 'internal'): string => {
      const cell = add(t, `${p}${id}`, v, kind);
      t.relations.push({ id: `${p}${id}`, total: cell, parts: ns.map((x) => x[key]) });
      return cell;
    };
    total('nm', 'non-missing', sum(columns.map((c) => c[0])), 'internal');
    total('m', 'missing', sum(columns.map((c) => c[1])));
    return total('n', 'n', sum(columns.flat()));
  });

/** An attrition chain: remaining(i − 1) = remaining(i) + excluded(i). */
const chain: fc.Arbitrary<Structure> = fc
  .record({ last: value, excluded: fc.array(value, { minLength: 1, maxLength: 8 }) })
  .map(({ last, excluded }) => (t, p) => {
    const remaining = [last];
    for (const e of [...excluded].reverse()) remaining.unshift(remaining[0]! + e);
    const ids = remaining.map((v, i) => add(t, `${p}remaining ${i}`, v));
    excluded.forEach((e, i) => t.relations.push({ id: `${p}step ${i + 1}`, total: ids[i]!, parts: [ids[i + 1]!, add(t, `${p}excluded ${i + 1}`, e)] }));
    return ids[0]!;
  });

/** A risk table: at risk(j) = at risk(j + 1) + events + censored in between; events = Σ interval events + events after. */
const riskTable: fc.Arbitrary<Structure> = fc
  .record({ intervals: fc.array(fc.tuple(value, value), { minLength: 1, maxLength: 10 }), eventsAfter: value, censoredAfter: value })
  .map(({ intervals, eventsAfter, censoredAfter }) => (t, p) => {
    const atRisk = [eventsAfter + censoredAfter];
    for (const [e, c] of [...intervals].reverse()) atRisk.unshift(atRisk[0]! + e + c);
    const ids = atRisk.map((v, j) => add(t, `${p}at risk ${j}`, v));
    const events = intervals.map(([e, c], j) => {
      const eid = add(t, `${p}events ${j + 1}`, e);
      t.relations.push({ id: `${p}interval ${j + 1}`, total: ids[j]!, parts: [ids[j + 1]!, eid, add(t, `${p}censored ${j + 1}`, c)] });
      return eid;
    });
    const after = [add(t, `${p}events after`, eventsAfter, 'internal'), add(t, `${p}censored after`, censoredAfter, 'internal')];
    t.relations.push({ id: `${p}after`, total: ids.at(-1)!, parts: after });
    const total = add(t, `${p}events`, sum(intervals.map(([e]) => e)) + eventsAfter);
    t.relations.push({ id: `${p}events`, total, parts: [...events, after[0]!] });
    return ids[0]!;
  });

const structure = fc.oneof(oneWay, twoWay, internalColumns, chain, riskTable);

/** One to three structures; optionally their grand totals add up to one more cell (they share a population). */
const tables: fc.Arbitrary<Tables> = fc.record({ parts: fc.array(structure, { minLength: 1, maxLength: 3 }), joined: fc.boolean() }).map(({ parts, joined }) => {
  const t: Tables = { cells: [], relations: [] };
  const totals = parts.map((build, i) => build(t, `s${i}: `));
  if (joined && totals.length > 1) {
    const values = totals.map((id) => t.cells.find((c) => c.id === id)!.value);
    t.relations.push({ id: 'joined', total: add(t, 'joined', sum(values)), parts: totals });
  }
  return t;
});

describe('suppressCells on random tables', () => {
  it('leaves no count from 1 to k − 1 visible or recoverable, and labels what it hides', () => {
    fc.assert(
      fc.property(tables, fc.constantFrom(5, 10, 11), ({ cells, relations }, k) => {
        const decisions = suppressCells(cells, relations, k);
        expect(disclosureLeaks(cells, relations, decisions, k)).toEqual([]);
        for (const cell of cells) {
          const d = decisions.get(cell.id)!;
          const isSmall = cell.value >= 1 && cell.value < k;
          if (cell.kind === 'internal') expect(d.status).toBe('internal');
          else if (d.status === 'released') expect(d.value === cell.value && !isSmall).toBe(true);
          else expect(d.status === 'suppressed' && (d.reason === 'small') === isSmall).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** A two-way table with its margins, and which cells are which. */
function marginedTable(rows: readonly (readonly number[])[]): Tables & { readonly interior: DisclosureCell[]; readonly margins: DisclosureCell[] } {
  const t: Tables = { cells: [], relations: [] };
  const cell = rows.map((row, i) => row.map((v, j) => add(t, `r${i}c${j}`, v)));
  const interior = [...t.cells];
  const rowTotals = rows.map((row, i) => add(t, `r${i}`, sum(row)));
  rows.forEach((_, i) => t.relations.push({ id: `row ${i}`, total: rowTotals[i]!, parts: cell[i]! }));
  const colTotals = rows[0]!.map((_, j) => add(t, `c${j}`, sum(rows.map((r) => r[j]!))));
  colTotals.forEach((id, j) => t.relations.push({ id: `column ${j}`, total: id, parts: cell.map((r) => r[j]!) }));
  const all = add(t, 'all', sum(rows.flat()));
  t.relations.push({ id: 'rows', total: all, parts: rowTotals }, { id: 'columns', total: all, parts: colTotals });
  return { ...t, interior, margins: t.cells.slice(interior.length) };
}

/**
 * Whether hiding the small cells and some of the non-zero others inside the table, every margin released, leaves
 * nothing to recover — asked of the auditor for every such set (at most 2^10 of them here).
 */
function interiorSolutionExists(t: ReturnType<typeof marginedTable>, k: number): boolean {
  const isSmall = (v: number): boolean => v >= 1 && v < k;
  const optional = t.interior.filter((c) => c.value >= k);
  for (let mask = 0; mask < 2 ** optional.length; mask++) {
    const hidden = new Set([...t.interior.filter((c) => isSmall(c.value)), ...optional.filter((_, i) => (mask & (2 ** i)) !== 0)].map((c) => c.id));
    const decisions = new Map<string, CellDecision>(
      t.cells.map((c) => [c.id, hidden.has(c.id) ? { status: 'suppressed', reason: isSmall(c.value) ? 'small' : 'complementary' } : { status: 'released', value: c.value }]),
    );
    if (disclosureLeaks(t.cells, t.relations, decisions, k).length === 0) return true;
  }
  return false;
}

describe('suppressCells keeps the margins of a two-way table when it can', () => {
  it('hides no margin when hiding non-zero cells inside the table is enough, and leaves nothing to recover', () => {
    let exercised = 0;
    const cellValue = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 10, max: 80 }));
    const rows = fc.integer({ min: 2, max: 3 }).chain((r) => fc.integer({ min: 2, max: 4 }).chain((c) => fc.array(fc.array(cellValue, { minLength: c, maxLength: c }), { minLength: r, maxLength: r })));
    fc.assert(
      fc.property(rows, fc.constantFrom(5, 10), (table, k) => {
        const t = marginedTable(table);
        // Margins under k are hidden as small themselves: keeping every margin is not possible then.
        fc.pre(t.margins.every((m) => m.value === 0 || m.value >= k));
        const decisions = suppressCells(t.cells, t.relations, k);
        expect(disclosureLeaks(t.cells, t.relations, decisions, k)).toEqual([]);
        if (!t.interior.some((c) => c.value >= 1 && c.value < k) || !interiorSolutionExists(t, k)) return;
        exercised++;
        expect(t.margins.filter((m) => decisions.get(m.id)!.status !== 'released').map((m) => m.id)).toEqual([]);
      }),
      { numRuns: 300 },
    );
    // Most runs have a small cell and a solution inside the table: the property is not vacuous.
    expect(exercised).toBeGreaterThan(100);
  });
});

describe('disclosureLeaks on naive releases', () => {
  it('finds the small part of a 1-D table hidden alone beside a released total', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 10, max: 100 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 9 }), (large, smallValue) => {
        const cells = [{ id: 'small', value: smallValue }, ...large.map((v, i) => ({ id: `p${i}`, value: v }))];
        const total = { id: 'total', value: smallValue + sum(large) };
        const relations = [{ id: 'row', total: 'total', parts: cells.map((c) => c.id) }];
        const decisions = suppressCells([total, ...cells], [], 10); // primary suppression only: no relations known
        expect(disclosureLeaks([total, ...cells], relations, decisions, 10)).toEqual([{ where: 'small', why: 'recoverable', count: smallValue }]);
      }),
    );
  });
});
