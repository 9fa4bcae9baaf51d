// Cohorts and lines of therapy (issue 6) on a synthetic cancer-centre warehouse: every treated patient's lines
// derived into OMOP episodes (target ≤ 60 s at 660,000 patients) and the ROS1 cohort with its attrition (≤ 2 s).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runParcours, syntheticWarehouse } from './machine.js';
import { cohortFolder, readCohortDefinition, runCohort } from '../packages/cohort/dist/index.js';
import { openWarehouse } from '../packages/store/dist/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const cohorts = path.join(here, '../cohorts');
const PATIENTS = Number(process.env.BENCH_COHORT_PATIENTS ?? 660_000);
/** An existing synthetic DuckDB warehouse to use instead of generating one (its lines are replaced). */
const GIVEN = process.env.BENCH_COHORT_WAREHOUSE;


const gib = (bytes) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;
const count = (n) => n.toLocaleString('en');

export async function run({ log }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'parcours-cohort-bench-'));
  const rows = [];
  const notes = [];
  try {
    const made = await syntheticWarehouse({ given: GIVEN, dir, patients: PATIENTS, seed: 1, log });
    const warehouse = made.url;
    const patients = made.patients;
    notes.push(made.note);

    log('lines: parcours lines --derive');
    const lines = await runParcours(['lines', '--derive', '--json', '--warehouse', warehouse]);
    const derived = JSON.parse(lines.stdout).derived;
    rows.push([
      `lines of therapy, every treated patient (parcours lines --derive, ${count(patients)} patients)`,
      lines.seconds.toFixed(1),
      `${count(derived.treatedPersons)} treated patients, ${count(derived.exposures)} exposures → ${count(derived.lines)} lines for ${count(derived.personsWithLines)} patients, ${count(derived.episodeEvents)} episode events; read ${derived.seconds.read.toFixed(1)} s, derive ${derived.seconds.derive.toFixed(1)} s, write ${derived.seconds.write.toFixed(1)} s; peak ${gib(lines.peak)}`,
      patients >= 660_000 ? `≤ 60 s: ${lines.seconds <= 60 ? 'met' : 'NOT met'}` : '—',
    ]);

    const wh = await openWarehouse(warehouse);
    try {
      const library = cohortFolder(cohorts);
      const source = await readCohortDefinition(path.join(cohorts, 'ros1-nsclc-advanced.yaml'));
      const times = [];
      let result;
      for (let k = 0; k < 3; k++) {
        log(`cohort: ros1-nsclc-advanced, run ${k + 1}`);
        const started = performance.now();
        result = await runCohort(wh, source, { library });
        times.push((performance.now() - started) / 1000);
      }
      const best = Math.min(...times);
      rows.push([
        `ROS1 cohort with attrition and 7 arms (runCohort, in process; first run, then best of the next two)`,
        `${times[0].toFixed(2)}; ${best.toFixed(2)}`,
        `${count(result.count)} patients; attrition ${result.attrition.map((a) => count(a.remaining)).join(' → ')}; arms ${result.arms.map((a) => `${a.id} ${a.count}`).join(', ')}`,
        patients >= 660_000 ? `≤ 2 s: ${times[0] <= 2 ? 'met' : best <= 2 ? 'met warm' : 'NOT met'}` : '—',
      ]);
      for (const id of ['brca-ovarian-advanced', 'her2-breast-metastatic']) {
        log(`cohort: ${id}`);
        const started = performance.now();
        const r = await runCohort(wh, await readCohortDefinition(path.join(cohorts, `${id}.yaml`)), { library });
        rows.push([`${id} (runCohort)`, ((performance.now() - started) / 1000).toFixed(2), `${count(r.count)} patients; arms ${r.arms.map((a) => `${a.id} ${a.count}`).join(', ')}`, 'reported']);
      }
    } finally {
      await wh.close();
    }
    log('cohort: parcours cohort run (whole command)');
    const command = await runParcours(['cohort', 'run', path.join(cohorts, 'ros1-nsclc-advanced.yaml'), '--json', '--warehouse', warehouse]);
    rows.push(['parcours cohort run ros1-nsclc-advanced.yaml --json (whole command, with Node start-up)', command.seconds.toFixed(2), `${count(JSON.parse(command.stdout).count)} patients`, 'reported']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    title: 'Cohorts and lines of therapy',
    header: ['run', 'seconds', 'result', 'target'],
    rows,
    notes: [
      ...notes,
      'Lines: the whole `parcours lines --derive` command in its own process (vocabulary read, anchors and exposures streamed from DuckDB, derivation, one transaction replacing the derived episodes); peak memory is the process high-water mark (VmHWM).',
      'Cohort: `runCohort` on the open warehouse: vocabulary checks and concept-set resolution, then each CTE of the compiled chain as a temporary table, attrition, cohort rows for the cohort and its arms, in one transaction.',
      'BENCH_COHORT_PATIENTS changes the size (default 660,000); BENCH_COHORT_WAREHOUSE=path.duckdb uses an existing synthetic warehouse instead of generating one.',
    ],
  };
}
