import path from 'node:path';
import { Command, Option } from 'commander';
import { AppError } from '@parcours/core';
import { ingestFhir, ingestOmop, reidentificationRisk, type IngestOptions, type LoadProgress, type LoadReport, type ReidentificationRisk } from '@parcours/ingest';
import { OppositionList, Pseudonymizer, type BirthDatePrecision } from '@parcours/pseudo';
import { EnvironmentKeyStore, LATEST_MIGRATION, migrate, schemaVersion, type Warehouse } from '@parcours/store';
import type { CliContext } from '../context.js';
import { progressBar } from '../output/progress-bar.js';
import { formatCount, textTable, toJson } from '../output/text-table.js';

interface IngestFlags {
  readonly keyFile?: string;
  readonly dateShift?: string;
  readonly birthDate: BirthDatePrecision;
  readonly opposition?: string;
  readonly surrogates?: boolean;
  readonly maxRecordMb?: string;
}

/** `parcours ingest fhir PATH…` and `parcours ingest omop DIR`: pseudonymized, atomic loads with a reconciled report. */
export function ingestCommand(context: () => CliContext): Command {
  const ingest = new Command('ingest').description('load hospital data into the warehouse, pseudonymized at the border (identifiers never enter)');
  withIngestOptions(
    ingest
      .command('fhir')
      .description('FHIR R4 / mCODE: Bulk Data NDJSON files and Bundles (JSON), files or folders')
      .argument('<paths...>', 'NDJSON (.ndjson) or Bundle (.json) files, or folders holding them'),
  ).action(async (paths: string[], flags: IngestFlags) => {
    await runIngest(context(), flags, (warehouse, options) => ingestFhir(warehouse, paths.map((p) => path.resolve(p)), options));
  });
  withIngestOptions(
    ingest
      .command('omop')
      .description('a folder of OMOP CDM 5.3/5.4 tables as CSV (comma or tab separated), vocabulary included, e.g. OHDSI Eunomia')
      .argument('<dir>', 'folder of PERSON.csv, CONDITION_OCCURRENCE.csv, CONCEPT.csv…'),
  ).action(async (dir: string, flags: IngestFlags) => {
    await runIngest(context(), flags, (warehouse, options) => ingestOmop(warehouse, path.resolve(dir), options));
  });
  return ingest;
}

function withIngestOptions(command: Command): Command {
  return command
    .option('--key-file <file>', 'pseudonymization key (hex or base64:…); default: PARCOURS_KEY_PSEUDONYM or PARCOURS_KEY_PSEUDONYM_FILE')
    .option('--date-shift <days>', "shift each patient's dates by a keyed random offset of up to ±DAYS (intervals preserved)")
    .addOption(new Option('--birth-date <precision>', 'birth date kept in the warehouse').choices(['year', 'year-month', 'day']).default('year'))
    .option('--opposition <file>', 'patients who objected (one IPP or NIR per line): excluded, and removed if already loaded')
    .option('--surrogates', 'replace identifiers in notes by consistent fake values instead of [TYPE] placeholders')
    .option('--max-record-mb <n>', 'largest record accepted (an NDJSON line, a Bundle, a CSV record), in MiB', '16');
}

async function runIngest(ctx: CliContext, flags: IngestFlags, load: (warehouse: Warehouse, options: IngestOptions) => Promise<LoadReport>): Promise<void> {
  // Everything the user gave is checked before the warehouse is touched.
  const dateShiftMaxDays = flags.dateShift === undefined ? undefined : wholeNumber(flags.dateShift, '--date-shift', 0, 3650);
  const maxRecordBytes = wholeNumber(flags.maxRecordMb ?? '16', '--max-record-mb', 1, 1024) * 1024 * 1024;
  const pseudonymizer = flags.keyFile !== undefined ? await Pseudonymizer.fromKeyFile(flags.keyFile) : await Pseudonymizer.fromKeyStore(new EnvironmentKeyStore(ctx.env));
  const opposition = flags.opposition === undefined ? undefined : await OppositionList.fromFile(flags.opposition);
  await using warehouse = await ctx.open();
  const version = await schemaVersion(warehouse);
  if (version === 0) throw new AppError('invalid_argument', 'this warehouse has no OMOP tables', { details: { hint: 'run `parcours init` first' } });
  if (version < LATEST_MIGRATION) await migrate(warehouse);
  const bar = progressBar(ctx, '{file} [{bar}] {percentage}% | {records} records | {eta_formatted}');
  let file: string | undefined;
  const onProgress = (p: LoadProgress): void => {
    if (p.file !== file) {
      file = p.file;
      bar?.start(Math.max(1, p.bytesTotal), 0, { file: p.file.slice(0, 28).padEnd(28), records: '0' });
    }
    bar?.update(p.bytesRead, { file: p.file.slice(0, 28).padEnd(28), records: formatCount(p.records) });
  };
  let report: LoadReport;
  try {
    report = await load(warehouse, {
      pseudonymizer,
      birthDatePrecision: flags.birthDate,
      ...(dateShiftMaxDays === undefined ? {} : { dateShiftMaxDays }),
      ...(opposition === undefined ? {} : { opposition }),
      surrogates: flags.surrogates === true,
      maxRecordBytes,
      onProgress,
    });
  } finally {
    bar?.stop();
  }
  const risk = await reidentificationRisk(warehouse);
  ctx.stdout.write(ctx.json ? `${toJson({ report, risk })}\n` : `${formatLoadReport(report, risk)}\n`);
}

function wholeNumber(text: string, option: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new AppError('invalid_argument', `${option} must be a whole number between ${min} and ${max}`, { details: { field: option } });
  }
  return Number(text);
}

/** The human form of a load report: the reconciliation first, then why records were not loaded, then the risk. */
export function formatLoadReport(report: LoadReport, risk: ReidentificationRisk): string {
  const lines: string[] = [];
  const already = report.files.filter((f) => f.status === 'already-loaded').length;
  lines.push(
    report.loadId === null
      ? `Nothing to load: ${already} file(s) already loaded by an earlier load.`
      : `Load #${report.loadId} (${report.kind}) committed in ${report.seconds.toFixed(1)} s: ${report.files.length - already} file(s) read${already > 0 ? `, ${already} already loaded` : ''}.`,
  );
  lines.push(
    textTable(
      ['records', 'count'],
      [
        ['read', formatCount(report.read)],
        ['loaded', formatCount(report.loaded)],
        ['quarantined', formatCount(report.quarantined)],
        ['excluded (opposition)', formatCount(report.excluded)],
        ['skipped', formatCount(report.skipped)],
      ],
    ),
  );
  lines.push(report.reconciled ? 'Counts reconcile: read = loaded + quarantined + excluded + skipped.' : 'COUNTS DO NOT RECONCILE.');
  const reasons = [
    ...Object.entries(report.quarantinedByCode).map(([k, n]) => [`quarantined: ${k}`, formatCount(n ?? 0)] as const),
    ...Object.entries(report.skippedByReason).map(([k, n]) => [`skipped: ${k}`, formatCount(n ?? 0)] as const),
  ];
  if (reasons.length > 0) lines.push('', textTable(['reason', 'records'], reasons));
  if (report.quarantined > 0) lines.push('Quarantined records are listed, with file, line and reason, in the table parcours_quarantine.');
  if (report.patientsExcluded > 0 || report.personsRemoved > 0) {
    lines.push(`Opposition: ${formatCount(report.patientsExcluded)} patient(s) excluded from this load, ${formatCount(report.personsRemoved)} removed from the warehouse.`);
  }
  const written = Object.entries(report.rowsWritten).filter(([t]) => !t.startsWith('parcours_'));
  if (written.length > 0) lines.push('', textTable(['table', 'rows written'], written.map(([t, n]) => [t, formatCount(n ?? 0)])));
  lines.push(
    '',
    `Re-identification risk (k-anonymity over ${risk.quasiIdentifiers.join(', ')}): ${formatCount(risk.persons)} persons in ${formatCount(risk.classes)} classes;` +
      ` ${formatCount(risk.personsInClassesBelow5)} in classes below k = 5, ${formatCount(risk.personsInClassesBelow10)} below k = 10.`,
  );
  return lines.join('\n');
}
