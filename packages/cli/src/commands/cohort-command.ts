import path from 'node:path';
import { Command } from 'commander';
import { AppError } from '@parcours/core';
import {
  cohortFolder,
  compileCohort,
  countLines,
  deriveAndWriteLines,
  checkVocabulary,
  readCohortDefinition,
  readPatientLines,
  resolveCohort,
  runCohort,
  summarizeLines,
  type CohortRunResult,
  type DeriveLinesReport,
} from '@parcours/cohort';
import type { CliContext } from '../context.js';
import { formatCount, textTable, toJson } from '../output/text-table.js';

/**
 * The cohort commands: `parcours cohort run|check DEF.yaml` and `parcours lines`. Registered together (a list), so
 * the program adds them with one entry.
 *
 * @example parcours cohort run cohorts/ros1-nsclc-advanced.yaml --json
 * @example parcours lines --patient 1234
 */
export function cohortCommands(context: () => CliContext): Command[] {
  return [cohortCommand(context), linesCommand(context)];
}

function cohortCommand(context: () => CliContext): Command {
  const cohort = new Command('cohort').description('cohort definitions (docs/cohorts.md): run them into the warehouse, check them');
  cohort
    .command('run')
    .description('run a cohort definition: write its members (and arms) to the cohort table and print its size and attrition')
    .argument('<definition>', 'a cohort definition file (.yaml, .yml or .json); cohorts it combines are found in the same folder')
    .action(async (file: string) => {
      const ctx = context();
      const source = await readCohortDefinition(file);
      await using warehouse = await ctx.open();
      const result = await runCohort(warehouse, source, { library: cohortFolder(path.dirname(file)) });
      ctx.stdout.write(ctx.json ? `${toJson({ count: result.count, attrition: result.attrition.map((a) => ({ rule: a.rule, remaining: a.remaining })), cohortDefinitionId: result.cohortDefinitionId, arms: result.arms })}\n` : formatRun(source.definition.name, result));
    });
  cohort
    .command('check')
    .description("validate a cohort definition, and its codes against the warehouse's vocabulary, without running it")
    .argument('<definition>', 'a cohort definition file (.yaml, .yml or .json)')
    .action(async (file: string) => {
      const ctx = context();
      const source = await readCohortDefinition(file);
      const compiled = compileCohort(await resolveCohort(source, cohortFolder(path.dirname(file))));
      await using warehouse = await ctx.open();
      await checkVocabulary(warehouse, compiled);
      const summary = { id: source.definition.id, valid: true, rules: compiled.rules.length, arms: compiled.arms.length, codesChecked: compiled.checks.length };
      ctx.stdout.write(ctx.json ? `${toJson(summary)}\n` : `${source.definition.id}: valid (${summary.rules} rules, ${summary.arms} arms, ${summary.codesChecked} vocabulary checks passed)\n`);
    });
  return cohort;
}

function formatRun(name: string, result: CohortRunResult): string {
  const lines = [`${name}: ${formatCount(result.count)} patients (cohort_definition_id ${result.cohortDefinitionId})`, '', textTable(['rule', 'remaining'], result.attrition.map((a) => [a.rule, formatCount(a.remaining)]))];
  if (result.arms.length > 0) lines.push('', textTable(['arm', 'patients', 'cohort_definition_id'], result.arms.map((a) => [a.name, formatCount(a.count), String(a.cohortDefinitionId)])));
  return `${lines.join('\n')}\n`;
}

interface LinesFlags {
  readonly patient?: string;
  readonly derive?: boolean;
}

function linesCommand(context: () => CliContext): Command {
  return new Command('lines')
    .description('lines of therapy: derived from the drug exposures into OMOP episodes when the warehouse has none (or with --derive), then printed')
    .option('--patient <id>', "one patient's lines (person_id)")
    .option('--derive', 'derive the lines again, replacing those derived before')
    .action(async (flags: LinesFlags) => {
      const ctx = context();
      const personId = flags.patient === undefined ? undefined : patientId(flags.patient);
      await using warehouse = await ctx.open();
      let derived: DeriveLinesReport | undefined;
      if (flags.derive === true || (await countLines(warehouse)) === 0) derived = await deriveAndWriteLines(warehouse);
      if (personId !== undefined) {
        const lines = await readPatientLines(warehouse, personId);
        if (ctx.json) {
          ctx.stdout.write(`${toJson({ ...(derived === undefined ? {} : { derived }), patient: personId, lines })}\n`);
          return;
        }
        if (derived !== undefined) ctx.stdout.write(formatDerived(derived));
        ctx.stdout.write(
          lines.length === 0
            ? `patient ${personId}: no line of therapy\n`
            : `${textTable(['line', 'regimen', 'start', 'end'], lines.map((l) => [String(l.lineNumber), l.regimen, l.start, l.end ?? '']))}\n`,
        );
        return;
      }
      const summary = await summarizeLines(warehouse);
      if (ctx.json) {
        ctx.stdout.write(`${toJson({ ...(derived === undefined ? {} : { derived }), ...summary })}\n`);
        return;
      }
      if (derived !== undefined) ctx.stdout.write(formatDerived(derived));
      ctx.stdout.write(`${textTable(['line', 'patients'], summary.byLine.map((l) => [String(l.lineNumber), formatCount(l.patients)]))}\n\n`);
      ctx.stdout.write(`${textTable(['first-line regimen', 'patients'], summary.firstLineRegimens.map((r) => [r.regimen, formatCount(r.patients)]))}\n`);
    });
}

function formatDerived(r: DeriveLinesReport): string {
  return `derived ${formatCount(r.lines)} lines of therapy for ${formatCount(r.personsWithLines)} of ${formatCount(r.treatedPersons)} treated patients (${formatCount(r.exposures)} exposures) in ${r.seconds.total.toFixed(1)} s\n\n`;
}

function patientId(text: string): number {
  if (!/^\d{1,10}$/.test(text) || Number(text) > 2_147_483_647) throw new AppError('invalid_argument', '--patient must be a person_id (a whole number)', { details: { field: '--patient' } });
  return Number(text);
}
