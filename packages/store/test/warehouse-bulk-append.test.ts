import { AppError, dayNumberToIsoDate, isoDateToDayNumber } from '@parcours/core';
import { col, dateDiffDays, initWarehouse, param, select, sql, table, type AppendValue, type Warehouse } from '@parcours/store';
import { describe, expect, it } from 'vitest';
import { mulberry32 as prng } from '../../stats/test/prng.js';
import { ENGINES, reportSkips } from './engines.js';

reportSkips();

/**
 * Source values around the 12-byte line where DuckDB stops keeping a string inside its slot: ASCII and multi-byte
 * text on both sides of it, the empty string, and longer texts repeated (the encoder keeps the last one).
 */
const TEXTS = [
  '',
  'LAB',
  'g/dL',
  'x'.repeat(12),
  'x'.repeat(13),
  'é'.repeat(6), // 12 UTF-8 bytes: still inline
  'é'.repeat(7), // 14 bytes: on the heap, although 7 characters
  '漢字テスト', // 15 bytes
  '🧬', // a surrogate pair, 4 bytes
  'Hemoglobin [Mass/volume] in Blood',
  'tab\there "quoted" back\\slash',
  'x'.repeat(50),
];

const MEASUREMENT_COLUMNS = [
  'measurement_id', 'person_id', 'measurement_concept_id', 'measurement_date', 'measurement_datetime', 'measurement_time',
  'measurement_type_concept_id', 'value_as_number', 'unit_concept_id', 'range_low', 'measurement_source_value', 'unit_source_value',
];

/** A measurement row with nulls, dates in both accepted forms and texts from TEXTS, drawn from `random`. */
function randomRow(id: number, random: () => number): AppendValue[] {
  const maybe = <T>(value: T): T | null => (random() < 0.2 ? null : value);
  const day = isoDateToDayNumber('2000-01-01') + Math.floor(random() * 9000);
  const text = () => TEXTS[Math.floor(random() * TEXTS.length)]!;
  return [
    id,
    1 + Math.floor(random() * 500),
    3_000_000 + Math.floor(random() * 50),
    random() < 0.5 ? day : dayNumberToIsoDate(day),
    maybe(`${dayNumberToIsoDate(day)} ${String(Math.floor(random() * 24)).padStart(2, '0')}:30:15`),
    maybe(random() < 0.5 ? '08:30' : '23:59:59'),
    32817,
    maybe(Math.round((random() - 0.3) * 1e6) / 1000),
    maybe(Math.floor(random() * 10_000)),
    maybe(-random()),
    maybe(text()),
    maybe(text()),
  ];
}

/** What the warehouse should give back for a row: dates as ISO text, timestamps with a T. */
function expected(row: readonly AppendValue[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  MEASUREMENT_COLUMNS.forEach((c, i) => {
    const v = row[i] ?? null;
    out[c] = c === 'measurement_date' && typeof v === 'number' ? dayNumberToIsoDate(v) : c === 'measurement_datetime' && typeof v === 'string' ? v.replace(' ', 'T') : v;
  });
  return out;
}

/** Rows in batches of uneven sizes (never a multiple of DuckDB's 2,048-row chunk). */
async function* unevenBatches(rows: readonly (readonly AppendValue[])[], sizes: readonly number[]): AsyncGenerator<(readonly AppendValue[])[]> {
  let at = 0;
  for (let i = 0; at < rows.length; i++) {
    const size = sizes[i % sizes.length]!;
    yield rows.slice(at, at + size);
    at += size;
  }
}

async function measurementCount(wh: Warehouse): Promise<bigint> {
  const [row] = await wh.query<{ n: bigint }>(sql`select count(*) as n from ${sql.id('measurement')}`);
  return row!.n;
}

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`bulk append on ${engine.name}`, () => {
    it('stores every value of 20,011 random rows exactly, across chunks, batches and null patterns', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false });
      const random = prng(7);
      const rows = Array.from({ length: 20_011 }, (_, i) => randomRow(i + 1, random));
      const progress: number[] = [];
      const n = await wh.append('measurement', unevenBatches(rows, [777, 5_000, 1, 2_048, 3_333]), { columns: MEASUREMENT_COLUMNS, onProgress: (k) => progress.push(k) });
      expect(n).toBe(rows.length);
      expect(progress.at(-1)).toBe(rows.length);
      expect(progress.every((k, i) => i === 0 || k >= progress[i - 1]!)).toBe(true);
      const back = await wh.query(select(MEASUREMENT_COLUMNS.map((c) => col(c)), table('measurement'), undefined, { orderBy: [{ expression: col('measurement_id') }] }));
      expect(back.length).toBe(rows.length);
      for (let i = 0; i < rows.length; i++) expect(back[i], `row ${i + 1}`).toEqual(expected(rows[i]!));
    });

    it('loses nothing of a large append (on DuckDB: one statement on all threads)', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false });
      const random = prng(17);
      const total = 400_000;
      const expectedSums = { values: 0, nullValues: 0, units: new Map<string, number>(), days: 0 };
      async function* rows() {
        for (let start = 0; start < total; start += 10_000) {
          const batch = Array.from({ length: 10_000 }, (_, i) => randomRow(start + i + 1, random));
          for (const row of batch) {
            if (row[7] === null) expectedSums.nullValues++;
            else expectedSums.values += row[7] as number;
            const unit = row[11] as string | null;
            if (unit !== null) expectedSums.units.set(unit, (expectedSums.units.get(unit) ?? 0) + 1);
            expectedSums.days += typeof row[3] === 'number' ? row[3] : isoDateToDayNumber(row[3] as string);
          }
          yield batch;
        }
      }
      expect(await wh.append('measurement', rows(), { columns: MEASUREMENT_COLUMNS })).toBe(total);
      const [sums] = await wh.query<{ n: bigint; ids: bigint | number | string; values: number; null_values: bigint }>(
        sql`select count(*) as n, sum(measurement_id) as ids, sum(value_as_number) as ${sql.id('values')}, count(*) - count(value_as_number) as null_values from ${sql.id('measurement')}`,
      );
      expect(sums!.n).toBe(BigInt(total));
      expect(Number(sums!.ids)).toBe((total * (total + 1)) / 2);
      expect(sums!.values).toBeCloseTo(expectedSums.values, 3);
      expect(Number(sums!.null_values)).toBe(expectedSums.nullValues);
      const units = await wh.query<{ unit: string; n: bigint }>(
        sql`select unit_source_value as unit, count(*) as n from ${sql.id('measurement')} where unit_source_value is not null group by unit_source_value`,
      );
      expect(new Map(units.map((u) => [u.unit, Number(u.n)]))).toEqual(expectedSums.units);
      const [days] = await wh.query<{ days: number | bigint | string }>(
        sql`select sum(${dateDiffDays(param('1970-01-01', 'date'), col('measurement_date'))}) as days from ${sql.id('measurement')}`,
      );
      expect(Number(days!.days)).toBe(expectedSums.days);
    });

    it('takes rows one by one from a plain iterable', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false });
      const random = prng(11);
      function* rows() {
        for (let id = 1; id <= 9_000; id++) yield randomRow(id, random);
      }
      expect(await wh.append('measurement', rows(), { columns: MEASUREMENT_COLUMNS })).toBe(9_000);
      const [sums] = await wh.query<{ n: bigint; ids: bigint | number }>(sql`select count(*) as n, sum(measurement_id) as ids from ${sql.id('measurement')}`);
      expect(sums!.n).toBe(9_000n);
      expect(Number(sums!.ids)).toBe((9_000 * 9_001) / 2);
    });

    it('keeps every row of a source that leaves the warehouse waiting', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false });
      const random = prng(3);
      const progress: number[] = [];
      let progressed: () => void = () => undefined;
      const firstProgress = new Promise<void>((resolve) => (progressed = resolve));
      async function* stalling() {
        for (let b = 0; b < 10; b++) {
          // After seven batches the source waits until the warehouse reports progress, i.e. until it has taken
          // everything given so far and is left waiting for more (on DuckDB: a statement ended with the queue dry).
          if (b === 7) await firstProgress;
          yield Array.from({ length: 20_480 }, (_, i) => randomRow(b * 20_480 + i + 1, random));
        }
      }
      const onProgress = (k: number) => {
        progress.push(k);
        progressed();
      };
      expect(await wh.append('measurement', stalling(), { columns: MEASUREMENT_COLUMNS, onProgress })).toBe(204_800);
      expect(progress.length).toBeGreaterThan(1);
      expect(progress.at(-1)).toBe(204_800);
      const [sums] = await wh.query<{ n: bigint; ids: bigint | number }>(sql`select count(*) as n, sum(measurement_id) as ids from ${sql.id('measurement')}`);
      expect(sums!.n).toBe(204_800n);
      expect(Number(sums!.ids)).toBe((204_800 * 204_801) / 2);
    });

    it('keeps every row of a source that pauses, then streams fast (on DuckDB: one thread, then all)', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false });
      const random = prng(21);
      async function* pausing() {
        for (let b = 0; b < 20; b++) {
          // A pause longer than the warehouse waits for a quiet source: what is queued starts on its own.
          if (b === 4) await new Promise((resolve) => setTimeout(resolve, 250));
          yield Array.from({ length: 20_480 }, (_, i) => randomRow(b * 20_480 + i + 1, random));
        }
      }
      expect(await wh.append('measurement', pausing(), { columns: MEASUREMENT_COLUMNS })).toBe(409_600);
      const [sums] = await wh.query<{ n: bigint; ids: bigint | number }>(sql`select count(*) as n, sum(measurement_id) as ids from ${sql.id('measurement')}`);
      expect(sums!.n).toBe(409_600n);
      expect(Number(sums!.ids)).toBe((409_600 * 409_601) / 2);
    });

    it('refuses a bad value far into the append and keeps none of its rows', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false });
      const random = prng(5);
      const rows = Array.from({ length: 12_000 }, (_, i) => randomRow(i + 1, random));
      rows[9_876]![7] = 'seven';
      const error = await wh.append('measurement', unevenBatches(rows, [4_000]), { columns: MEASUREMENT_COLUMNS }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('invalid_input');
      expect((error as AppError).message).not.toContain('seven');
      if (engine.name === 'duckdb') expect((error as AppError).details).toMatchObject({ column: 'value_as_number', row: 9_877 });
      expect(await measurementCount(wh)).toBe(0n);
      // The warehouse is usable afterwards.
      expect(await wh.append('measurement', rows.slice(0, 10), { columns: MEASUREMENT_COLUMNS })).toBe(10);
    });

    it('passes on the error of a failing source, closes it and keeps nothing', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false });
      const random = prng(9);
      const broken = new Error('the source file is truncated');
      let closed = false;
      async function* failing() {
        try {
          for (let b = 0; b < 3; b++) yield Array.from({ length: 3_000 }, (_, i) => randomRow(b * 3_000 + i + 1, random));
          throw broken;
        } finally {
          closed = true;
        }
      }
      await expect(wh.append('measurement', failing(), { columns: MEASUREMENT_COLUMNS })).rejects.toBe(broken);
      expect(closed).toBe(true);
      expect(await measurementCount(wh)).toBe(0n);
    });

    it('stops when its signal is aborted and keeps nothing', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false });
      const random = prng(13);
      const controller = new AbortController();
      async function* endless() {
        for (let b = 0; ; b++) {
          if (b === 5) controller.abort();
          yield Array.from({ length: 2_500 }, (_, i) => randomRow(b * 2_500 + i + 1, random));
        }
      }
      await expect(wh.append('measurement', endless(), { columns: MEASUREMENT_COLUMNS, signal: controller.signal })).rejects.toThrow();
      expect(await measurementCount(wh)).toBe(0n);
    });

    it('appends to column types outside the OMOP set (SMALLINT, REAL, BOOLEAN) and refuses what does not fit', async () => {
      await using wh = await engine.open();
      await wh.execute(sql`create table ${sql.id('odd_types')} (s smallint, r real, b boolean)`);
      expect(await wh.append('odd_types', [[1, 1.5, true], [null, null, null], [-32_768, -2.25, false]])).toBe(3);
      expect(await wh.query(sql`select s, r, b from ${sql.id('odd_types')} order by s nulls last`)).toEqual([
        { s: -32_768, r: -2.25, b: false },
        { s: 1, r: 1.5, b: true },
        { s: null, r: null, b: null },
      ]);
      await expect(wh.append('odd_types', [[40_000, 0, true]])).rejects.toMatchObject({ code: 'invalid_input' });
      await expect(wh.append('odd_types', [[1, 0, 'maybe']])).rejects.toMatchObject({ code: 'invalid_input' });
      const [n] = await wh.query<{ n: bigint }>(sql`select count(*) as n from ${sql.id('odd_types')}`);
      expect(n!.n).toBe(3n);
    });
  });
}
