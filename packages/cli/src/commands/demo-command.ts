import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { deriveAndWriteLines } from '@parcours/cohort';
import { AppError } from '@parcours/core';
import { ingestFhir } from '@parcours/ingest';
import { Pseudonymizer } from '@parcours/pseudo';
import { checkProtocol, executeStudy, readStudyProtocol, writeBundle } from '@parcours/study';
import { countRows, initWarehouse, parseWarehouseUrl } from '@parcours/store';
import { REFERRAL_CENTRE_CASE_MIX, generatePopulation, writePopulationFiles } from '@parcours/synth';
import type { CliContext } from '../context.js';
import { formatStudySummary, studySummary, type StudySummary } from '../output/study-summary.js';
import { formatCount, toJson } from '../output/text-table.js';
import { protocolCohorts } from './study-command.js';

export const DEMO_WAREHOUSE_URL = 'duckdb:./data/demo.duckdb';

/** The repository's shipped studies (packages/cli/dist/commands → studies/). */
const SHIPPED_STUDIES = fileURLToPath(new URL('../../../../studies/', import.meta.url));

interface DemoFlags {
  readonly patients: string;
  readonly seed: string;
  readonly out: string;
}

/**
 * `parcours demo` (what `npm start` runs): synthesize a hospital's FHIR export, ingest it with pseudonymization,
 * derive lines of therapy, run the shipped studies and write their bundles and reports.
 */
export function demoCommand(context: () => CliContext): Command {
  return new Command('demo')
    .description('the main job end to end on synthetic data: a hospital FHIR export → pseudonymized warehouse → lines of therapy → the shipped studies, with their reports')
    .option('--patients <n>', 'number of synthetic patients', '8000')
    .option('--seed <n>', 'random seed (same seed, same hospital)', '2026')
    .option('--out <dir>', 'folder of the result bundles (one sub-folder per study)', 'results/demo')
    .action(async (flags: DemoFlags) => {
      const ctx = context();
      const patients = positiveInteger(flags.patients, '--patients');
      const seed = positiveInteger(flags.seed, '--seed');
      // The demo owns its default file and rebuilds it; a warehouse named with --warehouse must be empty instead.
      const explicit = ctx.warehouseGiven;
      const url = explicit ? ctx.warehouseUrl : DEMO_WAREHOUSE_URL;
      const location = parseWarehouseUrl(url);
      if (!explicit && location.engine === 'duckdb' && location.path !== ':memory:') {
        for (const f of [location.path, `${location.path}.wal`]) if (existsSync(f)) rmSync(f);
      }
      const started = performance.now();
      const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(1)} s`;
      const say = (line: string): void => {
        if (!ctx.json) ctx.stdout.write(`${line}\n`);
      };
      await using warehouse = await ctx.open({ url, create: true });
      await initWarehouse(warehouse, { sourceName: 'Parcours demo (synthetic)', holder: 'nobody: synthetic data' });
      if ((await countRows(warehouse, 'person')) > 0) {
        throw new AppError('conflict', 'the demo writes into an empty warehouse only, and this one has patients', { details: { hint: 'omit --warehouse to use the demo file data/demo.duckdb' } });
      }

      const exportDir = mkdtempSync(path.join(tmpdir(), 'parcours-demo-fhir-'));
      try {
        // A referral centre's case mix, so that the shipped studies have patients to report at a demo's size.
        const population = generatePopulation({ patients, seed, ...REFERRAL_CENTRE_CASE_MIX });
        const written = await writePopulationFiles(population, { format: 'fhir', out: exportDir });
        say(`1. Synthetic hospital: ${formatCount(patients)} patients exported as FHIR R4 (${formatCount(written.notes)} clinical notes with names, NIR and addresses) — ${elapsed()}`);
        // A fresh key each run: the demo keeps no way back from pseudonyms to the synthetic identities.
        const pseudonymizer = Pseudonymizer.fromKey(randomBytes(32));
        const load = await ingestFhir(warehouse, [exportDir], { pseudonymizer, dateShiftMaxDays: 15, birthDatePrecision: 'year' });
        say(`2. Ingested through the FHIR path with pseudonymization (keyed pseudonyms, dates shifted ±15 days, birth year only, notes de-identified): ${formatCount(load.loaded)} resources, ${formatCount(load.rowsWritten.person ?? 0)} patients — ${elapsed()}`);
      } finally {
        rmSync(exportDir, { recursive: true, force: true });
      }
      const lines = await deriveAndWriteLines(warehouse);
      say(`3. Lines of therapy: ${formatCount(lines.lines)} lines for ${formatCount(lines.personsWithLines)} patients — ${elapsed()}`);

      const summaries: StudySummary[] = [];
      for (const file of shippedStudies()) {
        const library = protocolCohorts(file);
        const checked = await checkProtocol(await readStudyProtocol(file), library);
        const bundle = await executeStudy(warehouse, checked, { library });
        const dir = path.join(flags.out, checked.source.protocol.id);
        await writeBundle(dir, bundle);
        summaries.push(studySummary(bundle, dir));
      }
      if (ctx.json) {
        ctx.stdout.write(`${toJson({ patients, seconds: (performance.now() - started) / 1000, studies: summaries })}\n`);
        return;
      }
      say(`4. Studies run, only aggregate disclosure-controlled results written — ${elapsed()}\n`);
      for (const s of summaries) ctx.stdout.write(`${formatStudySummary(s)}\n`);
      ctx.stdout.write(`Open the reports in a browser: ${summaries.map((s) => s.report).join(', ')}\n`);
    });
}

function shippedStudies(): string[] {
  if (!existsSync(SHIPPED_STUDIES)) throw new AppError('not_found', 'the shipped studies are not beside this installation', { details: { file: SHIPPED_STUDIES } });
  return readdirSync(SHIPPED_STUDIES)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => path.join(SHIPPED_STUDIES, f));
}

function positiveInteger(text: string, option: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 10_000_000) {
    throw new AppError('invalid_argument', `${option} must be a whole number between 1 and 10,000,000`, { details: { field: option } });
  }
  return Number(text);
}
