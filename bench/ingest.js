// Ingestion (issue 5): FHIR R4 Bulk Data NDJSON end to end (parse, validate, pseudonymize, map, write) into DuckDB
// and PostgreSQL — target ≥ 25,000 resources/s on the 2-core machine with bounded memory — and the OHDSI Eunomia
// OMOP CSV instance on both engines.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runParcours } from './machine.js';
import { openWarehouse, sql } from '@parcours/store';

const here = path.dirname(fileURLToPath(import.meta.url));
const SIZES = (process.env.BENCH_INGEST_PATIENTS ?? '2000,10000').split(',').map(Number);
const PG = process.env.PARCOURS_BENCH_PG ?? process.env.PARCOURS_TEST_PG;
const EUNOMIA = path.resolve(here, '../../shared/data/eunomia-synthea27nj');


const mib = (bytes) => `${Math.round(bytes / 2 ** 20)} MiB`;
const n = (x) => Math.round(x).toLocaleString('en');

/** A fresh PostgreSQL schema for one run, dropped afterwards. */
async function pgWarehouse() {
  const schema = `parcours_bench_${randomBytes(4).toString('hex')}`;
  const url = new URL(PG);
  url.searchParams.set('schema', schema);
  return {
    url: url.href,
    async drop() {
      const admin = await openWarehouse(PG, {});
      try {
        await admin.execute(sql`drop schema if exists ${sql.id(schema)} cascade`);
      } finally {
        await admin.close();
      }
    },
  };
}

export async function run({ log }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'parcours-ingest-bench-'));
  const keyFile = path.join(dir, 'pseudonym.key');
  writeFileSync(keyFile, randomBytes(32).toString('hex'));
  const rows = [];
  try {
    for (const patients of SIZES) {
      const fhir = path.join(dir, `fhir-${patients}`);
      log(`synthesizing ${patients} patients as FHIR NDJSON`);
      await runParcours(['synth', '--patients', String(patients), '--seed', '7', '--format', 'fhir', '--out', fhir, '--json']);
      const targets = [['DuckDB', { url: `duckdb:${path.join(dir, `fhir-${patients}.duckdb`)}`, drop: async () => {} }]];
      if (PG && patients === SIZES[0]) targets.push(['PostgreSQL', await pgWarehouse()]);
      for (const [engine, target] of targets) {
        try {
          await runParcours(['init', '--warehouse', target.url]);
          log(`ingest fhir: ${patients} patients into ${engine}`);
          const r = await runParcours(['ingest', 'fhir', fhir, '--warehouse', target.url, '--key-file', keyFile, '--date-shift', '180', '--json']);
          const { report } = JSON.parse(r.stdout);
          const rate = report.read / report.seconds;
          rows.push([
            `FHIR NDJSON → ${engine}, ${n(patients)} patients`,
            n(report.read),
            `${report.seconds.toFixed(1)} (${r.seconds.toFixed(1)})`,
            `${n(rate)} resources/s (${n(report.read / r.seconds)})`,
            mib(r.peak),
            `${n(report.loaded)} loaded, ${n(report.quarantined)} quarantined, ${n(report.skipped)} skipped; reconciled: ${report.reconciled}`,
            engine === 'DuckDB' ? `≥ 25,000/s: ${rate >= 25_000 ? 'met' : 'NOT met'}` : 'reported',
          ]);
        } finally {
          await target.drop();
        }
      }
      rmSync(fhir, { recursive: true, force: true });
    }
    const eunomiaTargets = [['DuckDB', { url: `duckdb:${path.join(dir, 'eunomia.duckdb')}`, drop: async () => {} }]];
    if (PG) eunomiaTargets.push(['PostgreSQL', await pgWarehouse()]);
    for (const [engine, target] of eunomiaTargets) {
      try {
        await runParcours(['init', '--warehouse', target.url]);
        log(`ingest omop: Eunomia into ${engine}`);
        const r = await runParcours(['ingest', 'omop', EUNOMIA, '--warehouse', target.url, '--key-file', keyFile, '--json']);
        const { report } = JSON.parse(r.stdout);
        rows.push([
          `Eunomia OMOP CSV → ${engine}`,
          n(report.read),
          `${report.seconds.toFixed(1)} (${r.seconds.toFixed(1)})`,
          `${n(report.read / report.seconds)} rows/s (${n(report.read / r.seconds)})`,
          mib(r.peak),
          `${n(report.loaded)} loaded, ${n(report.quarantined)} quarantined, ${n(report.skipped)} skipped; reconciled: ${report.reconciled}`,
          'reported',
        ]);
      } finally {
        await target.drop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    title: 'Ingestion: FHIR R4 / mCODE and OMOP CDM CSV, pseudonymized',
    header: ['run', 'records read', 'seconds: load (whole command)', 'rate: load (whole command)', 'peak memory', 'outcome', 'target'],
    rows,
    notes: [
      'Each run is `parcours ingest` in its own process. "Load" is the load report`s own time: digesting the files (SHA-256, for the ledger), parsing, validating, pseudonymizing (HMAC-SHA-256 keys, ±180-day date shift, note de-identification in worker threads), mapping to OMOP, bulk-appending and committing — the end-to-end ingestion the target is about. In brackets, the whole command from start to exit, which adds process start-up, opening the warehouse and the k-anonymity report. Peak memory is the process high-water mark (VmHWM).',
      'The FHIR input is the synthetic hospital`s identified Bulk Data export (`parcours synth --format fhir`), one NDJSON file per resource type. Two sizes show how memory grows with the input.',
      'BENCH_INGEST_PATIENTS sets the sizes (default 2000,10000); PostgreSQL runs when PARCOURS_BENCH_PG or PARCOURS_TEST_PG is set.',
    ],
  };
}
