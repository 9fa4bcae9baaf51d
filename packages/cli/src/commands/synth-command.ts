import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { AppError } from '@parcours/core';
import { initWarehouse } from '@parcours/store';
import { generatePopulation, POPULATION_FORMATS, writePopulationFiles, writeToWarehouse, type PopulationFormat, type PopulationProgress, type PopulationSource, type PopulationWriteReport, type SynthOptions } from '@parcours/synth';
import type { CliContext } from '../context.js';
import { formatCount, textTable, toJson } from '../output/text-table.js';

interface SynthFlags {
  readonly patients?: string;
  readonly sites: string;
  readonly seed: string;
  readonly firstYear?: string;
  readonly lastYear?: string;
  readonly format?: string;
  readonly out?: string;
  readonly to?: string;
}

/** What the command needs from the population model (the generator, or a test fixture). */
export type PopulationFactory = (options: SynthOptions) => PopulationSource;

/**
 * `parcours synth`: generate a synthetic oncology population and write it as FHIR NDJSON or OMOP CSV files
 * (`--format fhir|omop --out DIR`, identified, as a hospital exports it) or straight into a warehouse (`--to URL`,
 * without direct identifiers). Same `--seed`, same output.
 *
 * @example parcours synth --patients 10000 --sites 3 --seed 7 --format fhir --out out/fhir
 * @example parcours synth --patients 660000 --to duckdb:./data/synth.duckdb
 */
export function synthCommand(context: () => CliContext): Command {
  return createSynthCommand(context, generatePopulation);
}

/** The command over any population factory (tests pass small hand-made populations). */
export function createSynthCommand(context: () => CliContext, generate: PopulationFactory): Command {
  return new Command('synth')
    .description('generate a synthetic oncology population (one or many hospitals) as FHIR NDJSON or OMOP CSV files, or straight into a warehouse')
    .option('--patients <n>', 'number of patients over all sites (required)')
    .option('--sites <k>', 'number of hospitals, each written separately', '1')
    .option('--seed <s>', 'random seed: same seed, same output byte for byte', '1')
    .option('--first-year <yyyy>', 'first year of diagnoses (default 2001)')
    .option('--last-year <yyyy>', 'last year of diagnoses (default 2025)')
    .option('--format <format>', `file format with --out: ${POPULATION_FORMATS.join(' or ')}`)
    .option('--out <dir>', 'write files into this new or empty folder (one sub-folder per site, truth.json, notes-spans.jsonl)')
    .option('--to <url>', 'write into this warehouse instead (duckdb:PATH or postgres://...), created if needed; it must have no patients')
    .action(async (flags: SynthFlags) => {
      const ctx = context();
      const options = synthOptions(flags);
      const target = outputTarget(flags);
      const population = generate(options);
      const bar = progressBar(ctx, options.patients);
      const onProgress = (p: PopulationProgress): void => bar?.update(p.patients);
      let report: PopulationWriteReport;
      let where: string;
      try {
        if (target.kind === 'files') {
          report = await writePopulationFiles(population, { format: target.format, out: target.out, onProgress });
          where = target.out;
        } else {
          await using warehouse = await ctx.open({ url: target.url, create: true });
          await initWarehouse(warehouse, { sourceName: 'Parcours synthetic population', holder: 'nobody: synthetic data' });
          report = await writeToWarehouse(warehouse, population, { onProgress });
          where = warehouse.displayUrl;
        }
      } finally {
        bar?.stop();
      }
      const rate = report.seconds > 0 ? report.patients / report.seconds : 0;
      if (ctx.json) {
        ctx.stdout.write(`${toJson({ ...report, seed: options.seed, sites: options.sites, target: target.kind === 'files' ? { format: target.format, out: where } : { warehouse: where }, patientsPerSecond: Math.round(rate) })}\n`);
        return;
      }
      const unit = target.kind === 'files' && target.format === 'fhir' ? 'resources' : 'rows';
      ctx.stdout.write(
        `${formatCount(report.patients)} synthetic patients (${options.sites} site${options.sites === 1 ? '' : 's'}, seed ${options.seed}) written to ${where} in ${report.seconds.toFixed(1)} s (${formatCount(rate)} patients/s)\n\n`,
      );
      const entries = Object.entries(report.counts).filter(([, n]) => n > 0);
      const total = entries.reduce((s, [, n]) => s + n, 0);
      ctx.stdout.write(`${textTable([target.kind === 'files' && target.format === 'fhir' ? 'resource type' : 'table', unit], [...entries.map(([t, n]) => [t, formatCount(n)]), ['total', formatCount(total)]])}\n`);
      if (target.kind === 'warehouse') ctx.stdout.write('\nNo direct identifiers and no note text were written to the warehouse (notes wait for pseudonymization).\n');
    });
}

function integer(text: string | undefined, option: string, min: number, max: number): number {
  if (text === undefined || !/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new AppError('invalid_argument', `${option} must be a whole number between ${formatCount(min)} and ${formatCount(max)}`, { details: { field: option } });
  }
  return Number(text);
}

function synthOptions(flags: SynthFlags): SynthOptions & { readonly sites: number; readonly seed: number } {
  if (flags.patients === undefined) throw new AppError('invalid_argument', '--patients is required', { details: { field: '--patients', hint: 'e.g. parcours synth --patients 1000 --format fhir --out out/fhir' } });
  const patients = integer(flags.patients, '--patients', 1, 10_000_000);
  const sites = integer(flags.sites, '--sites', 1, 50);
  if (sites > patients) throw new AppError('invalid_argument', '--sites must not exceed --patients', { details: { field: '--sites' } });
  const seed = integer(flags.seed, '--seed', 0, 4_294_967_295);
  const firstYear = flags.firstYear === undefined ? undefined : integer(flags.firstYear, '--first-year', 1970, 2100);
  const lastYear = flags.lastYear === undefined ? undefined : integer(flags.lastYear, '--last-year', 1970, 2100);
  if ((firstYear ?? 2001) > (lastYear ?? 2025)) throw new AppError('invalid_argument', '--first-year must not be after --last-year', { details: { field: '--first-year' } });
  return { patients, sites, seed, ...(firstYear === undefined ? {} : { firstYear }), ...(lastYear === undefined ? {} : { lastYear }) };
}

type OutputTarget = { readonly kind: 'files'; readonly format: PopulationFormat; readonly out: string } | { readonly kind: 'warehouse'; readonly url: string };

function outputTarget(flags: SynthFlags): OutputTarget {
  const hint = 'use --format fhir|omop --out DIR, or --to WAREHOUSE_URL';
  if (flags.to !== undefined) {
    if (flags.out !== undefined) throw new AppError('invalid_argument', '--to and --out cannot be used together', { details: { field: '--to', hint } });
    if (flags.format !== undefined) throw new AppError('invalid_argument', '--format applies to --out only (a warehouse is always OMOP)', { details: { field: '--format', hint } });
    if (flags.to.trim() === '') throw new AppError('invalid_argument', '--to needs a warehouse URL', { details: { field: '--to', hint } });
    return { kind: 'warehouse', url: flags.to };
  }
  if (flags.out === undefined || flags.out.trim() === '') throw new AppError('invalid_argument', 'say where to write: --out DIR or --to WAREHOUSE_URL', { details: { field: '--out', hint } });
  if (flags.format === undefined) throw new AppError('invalid_argument', '--format is required with --out', { details: { field: '--format', hint } });
  if (!(POPULATION_FORMATS as readonly string[]).includes(flags.format)) throw new AppError('invalid_argument', `--format must be ${POPULATION_FORMATS.join(' or ')}`, { details: { field: '--format' } });
  const out = path.resolve(flags.out);
  if (existsSync(out) && readdirSync(out).length > 0) {
    throw new AppError('conflict', '--out names a folder that is not empty', { details: { field: '--out', hint: 'choose a new or empty folder, so no stale site files are mixed in' } });
  }
  return { kind: 'files', format: flags.format as PopulationFormat, out };
}

/** A progress bar on stderr when it is a terminal; nothing otherwise (so pipes and logs stay clean). */
function progressBar(ctx: CliContext, total: number): cliProgress.SingleBar | undefined {
  const stream = ctx.stderr as NodeJS.WriteStream;
  if (!stream.isTTY || ctx.json) return undefined;
  const bar = new cliProgress.SingleBar(
    { stream, format: 'synth [{bar}] {percentage}% | {value}/{total} patients | {eta_formatted}', hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return bar;
}
