// Synthetic populations (issue 4): `parcours synth` straight into DuckDB at cancer-centre scale (target ≤ 5 minutes,
// ≤ 6 GiB peak memory for 660,000 patients), and the FHIR NDJSON output speed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runParcours } from './machine.js';

const PATIENTS = Number(process.env.BENCH_SYNTH_PATIENTS ?? 660_000);
const FHIR_PATIENTS = Number(process.env.BENCH_SYNTH_FHIR_PATIENTS ?? 20_000);


const gib = (bytes) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;
const total = (counts) => Object.values(counts).reduce((s, n) => s + n, 0);

export async function run({ log }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'parcours-synth-bench-'));
  const rows = [];
  try {
    log(`synth: ${PATIENTS} patients into DuckDB`);
    const warehouse = `duckdb:${path.join(dir, 'synth.duckdb')}`;
    await runParcours(['init', '--warehouse', warehouse]);
    const w = await runParcours(['synth', '--patients', String(PATIENTS), '--seed', '1', '--to', warehouse, '--json']);
    const wr = JSON.parse(w.stdout);
    const wRows = total(wr.counts ?? {});
    rows.push([
      `--to DuckDB (${PATIENTS.toLocaleString('en')} patients)`,
      w.seconds.toFixed(1),
      `${Math.round(PATIENTS / w.seconds).toLocaleString('en')} patients/s; ${Math.round(wRows / w.seconds).toLocaleString('en')} rows/s (${wRows.toLocaleString('en')} rows)`,
      gib(w.peak),
      PATIENTS >= 660_000 ? `≤ 300 s and ≤ 6 GiB: ${w.seconds <= 300 && w.peak <= 6 * 2 ** 30 ? 'met' : 'NOT met'}` : '—',
    ]);
    log(`synth: ${FHIR_PATIENTS} patients as FHIR NDJSON`);
    const f = await runParcours(['synth', '--patients', String(FHIR_PATIENTS), '--seed', '1', '--format', 'fhir', '--out', path.join(dir, 'fhir'), '--json']);
    const fr = JSON.parse(f.stdout);
    const resources = total(fr.counts ?? {});
    rows.push([
      `--format fhir (${FHIR_PATIENTS.toLocaleString('en')} patients)`,
      f.seconds.toFixed(1),
      `${Math.round(resources / f.seconds).toLocaleString('en')} resources/s (${resources.toLocaleString('en')} resources)`,
      gib(f.peak),
      'reported',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    title: 'Synthetic populations: parcours synth',
    header: ['run', 'seconds (whole command)', 'rate', 'peak memory', 'target'],
    rows,
    notes: [
      'Each run is the `parcours synth` command in its own process, timed from start to exit (generation, mapping, writing, commit); peak memory is the process high-water mark (VmHWM).',
      'BENCH_SYNTH_PATIENTS and BENCH_SYNTH_FHIR_PATIENTS change the sizes (defaults 660,000 and 20,000).',
    ],
  };
}
