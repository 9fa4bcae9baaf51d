// Bulk append of OMOP measurement rows into each engine (DuckDB: encoded chunks read by INSERT … SELECT; PostgreSQL COPY), and a grouped
// aggregate over them. Targets (issue 2): ≥ 1 M rows/s into DuckDB, ≥ 150 k rows/s into PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initWarehouse, openWarehouse, sql } from '../packages/store/dist/index.js';

const ROWS = Number(process.env.BENCH_APPEND_ROWS ?? 10_000_000);
const BATCH = 10_000;
const PERSONS = 100_000;

/** Synthetic measurement rows in batches: person, concept, date, value, unit vary; the rest is as a lab feed. */
async function* measurementBatches(total) {
  for (let start = 0; start < total; start += BATCH) {
    const size = Math.min(BATCH, total - start);
    const batch = new Array(size);
    for (let i = 0; i < size; i++) {
      const id = start + i + 1;
      batch[i] = [id, (id % PERSONS) + 1, 3_000_000 + (id % 50), 14_000 + (id % 5_000), null, null, 32817, null, (id % 2_000) / 10, null, 8713, 0, 20, null, null, null, 'LAB', 0, 'g/dL', null, null, null, null];
    }
    yield batch;
  }
}

async function measure(url, log) {
  const wh = await openWarehouse(url, { create: true });
  try {
    return await measureOn(wh, log);
  } finally {
    await wh.close();
  }
}

async function measureOn(wh, log) {
  await initWarehouse(wh, { vocabulary: false });
  const t0 = performance.now();
  const appended = await wh.append('measurement', measurementBatches(ROWS));
  // Timed until the rows are durable in their final, compressed form: a DuckDB checkpoint is part of the load.
  const size = await wh.sizeInBytes();
  const appendSeconds = (performance.now() - t0) / 1000;
  log(`${wh.engine}: ${appended} rows in ${appendSeconds.toFixed(1)} s`);
  const t1 = performance.now();
  const groups = await wh.query(sql`
    select measurement_concept_id, count(*) as n, avg(value_as_number) as mean_value, count(distinct person_id) as persons
    from ${sql.id('measurement')} group by measurement_concept_id order by measurement_concept_id`);
  const aggregateSeconds = (performance.now() - t1) / 1000;
  const counted = groups.reduce((s, g) => s + Number(g.n), 0);
  if (counted !== ROWS) throw new Error(`count mismatch: ${counted} != ${ROWS}`);
  let ceilingSeconds;
  if (wh.engine === 'duckdb') {
    // The engine's own write path for the same rows, with no JavaScript involved: copy them, already inside DuckDB,
    // into an empty table as the append does (every thread, insertion order not kept) and checkpoint.
    await wh.execute(sql`create table measurement_copy as select * from ${sql.id('measurement')} limit 0`);
    await wh.execute(sql`set session preserve_insertion_order = false`);
    const t2 = performance.now();
    await wh.execute(sql`insert into measurement_copy select * from ${sql.id('measurement')}`);
    await wh.sizeInBytes();
    ceilingSeconds = (performance.now() - t2) / 1000;
    await wh.execute(sql`reset session preserve_insertion_order`);
    await wh.execute(sql`drop table measurement_copy`);
  }
  return { engine: wh.engine, appended, appendSeconds, aggregateSeconds, groups: groups.length, size, ceilingSeconds };
}

export async function run({ log }) {
  const rows = [];
  const dir = mkdtempSync(path.join(tmpdir(), 'parcours-bench-'));
  const targets = [['duckdb', `duckdb:${path.join(dir, 'bench.duckdb')}`, 1_000_000]];
  const pg = process.env.PARCOURS_TEST_PG ?? process.env.PARCOURS_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `parcours_bench_${process.pid}`;
  targets.push(['postgres', `${pg}${pg.includes('?') ? '&' : '?'}schema=${schema}`, 150_000]);
  try {
    for (const [name, url, target] of targets) {
      let r;
      try {
        r = await measure(url, log);
      } catch (error) {
        log(`${name} skipped: ${error.message}`);
        rows.push([name, ROWS.toLocaleString('en'), 'skipped', '', '', '', '']);
        continue;
      }
      const rate = r.appended / r.appendSeconds;
      rows.push([
        name,
        r.appended.toLocaleString('en'),
        r.appendSeconds.toFixed(2),
        Math.round(rate).toLocaleString('en'),
        `≥ ${target.toLocaleString('en')}: ${rate >= target ? 'met' : 'NOT met'}`,
        `${r.aggregateSeconds.toFixed(2)} (${r.groups} groups)`,
        `${(r.size / 2 ** 20).toFixed(0)} MiB`,
      ]);
      if (r.ceilingSeconds !== undefined) {
        const ceiling = r.appended / r.ceilingSeconds;
        rows.push([`${name} engine alone (INSERT … SELECT)`, r.appended.toLocaleString('en'), r.ceilingSeconds.toFixed(2), Math.round(ceiling).toLocaleString('en'), 'reference', '', '']);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    try {
      const admin = await openWarehouse(pg);
      await admin.execute(sql`drop schema if exists ${sql.id(schema)} cascade`).finally(() => admin.close());
    } catch {
      // PostgreSQL absent: nothing to clean.
    }
  }
  return {
    title: `Warehouse bulk append: ${ROWS.toLocaleString('en')} OMOP measurement rows`,
    header: ['engine', 'rows', 'append (s)', 'rows/s', 'target', 'grouped aggregate (s)', 'storage'],
    rows,
    notes: [
      'Rows are generated in the benchmark process in batches of 10,000 (23 columns each) and appended through `Warehouse.append` (DuckDB: rows encoded into chunks by JavaScript and read by `INSERT … SELECT` from a table function, on all of DuckDB\'s threads; PostgreSQL: COPY FROM STDIN, text format): generation time is included.',
      'Grouped aggregate: count, mean value and distinct persons per measurement_concept_id (50 groups) over all rows.',
      'Append time runs until the rows are durable in their final form (for DuckDB, including the checkpoint that compresses them).',
      '"engine alone": DuckDB copying the same rows from one of its own tables into an empty one (all threads, insertion order not kept, as the append), then checkpointing — no JavaScript. It is the ceiling for any feed of 23-column OMOP measurement rows into a DuckDB file on this machine.',
      'Before 2026-11-29 the DuckDB path fed DuckDB\'s appender from JavaScript, which did all its work on the one JavaScript thread: 674 k rows/s (10 M rows, earlier machine), 444 k rows/s (2 M rows on the machine of this table).',
      `Set BENCH_APPEND_ROWS to change the row count (default 10,000,000).`,
    ],
  };
}
