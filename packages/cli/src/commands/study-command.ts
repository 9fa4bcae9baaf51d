import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { cohortFolder, type CohortLibrary } from '@parcours/cohort';
import { checkProtocol, executeStudy, readStudyProtocol, writeBundle } from '@parcours/study';
import type { CliContext } from '../context.js';
import { toJson } from '../output/text-table.js';
import { formatStudySummary, studySummary } from '../output/study-summary.js';

interface StudyRunFlags {
  readonly out?: string;
  readonly cohorts?: string;
}

/**
 * Where a protocol's cohorts are: `--cohorts DIR`, else a `cohorts` folder beside the protocol's folder (the
 * repository's layout: studies/ and cohorts/), else the protocol's own folder.
 */
export function protocolCohorts(protocolFile: string, given?: string): CohortLibrary {
  if (given !== undefined) return cohortFolder(given);
  const sibling = path.join(path.dirname(path.resolve(protocolFile)), '..', 'cohorts');
  return cohortFolder(existsSync(sibling) ? sibling : path.dirname(protocolFile));
}

/**
 * `parcours study run|check PROTOCOL.yaml` (docs/studies.md).
 * @example parcours study run studies/ros1-nsclc.yaml --out results/ros1-nsclc
 */
export function studyCommand(context: () => CliContext): Command {
  const study = new Command('study').description('study protocols (docs/studies.md): run them into disclosure-controlled result bundles with a report');
  study
    .command('run')
    .description('run a study protocol on the warehouse and write its result bundle (aggregate results only: JSON, CSV, report.html)')
    .argument('<protocol>', 'a study protocol file (.yaml, .yml or .json)')
    .option('--out <dir>', 'folder of the result bundle, replaced as a whole (default results/<study id>)')
    .option('--cohorts <dir>', "folder of the cohort definitions (default: cohorts/ beside the protocol's folder)")
    .action(async (file: string, flags: StudyRunFlags) => {
      const ctx = context();
      const library = protocolCohorts(file, flags.cohorts);
      const checked = await checkProtocol(await readStudyProtocol(file), library);
      await using warehouse = await ctx.open();
      const bundle = await executeStudy(warehouse, checked, { library });
      const out = flags.out ?? path.join('results', checked.source.protocol.id);
      const files = await writeBundle(out, bundle);
      const summary = studySummary(bundle, out);
      ctx.stdout.write(ctx.json ? `${toJson({ ...summary, files })}\n` : formatStudySummary(summary));
    });
  study
    .command('check')
    .description('validate a study protocol and the cohort it names, without running it')
    .argument('<protocol>', 'a study protocol file (.yaml, .yml or .json)')
    .option('--cohorts <dir>', "folder of the cohort definitions (default: cohorts/ beside the protocol's folder)")
    .action(async (file: string, flags: StudyRunFlags) => {
      const ctx = context();
      const checked = await checkProtocol(await readStudyProtocol(file), protocolCohorts(file, flags.cohorts));
      const p = checked.source.protocol;
      const summary = { id: p.id, valid: true, cohort: p.population.cohort, arms: p.arms.length, comparisons: p.comparisons.length, outcomes: p.outcomes, sensitivity: p.sensitivity?.length ?? 0, sha256: checked.source.sha256 };
      ctx.stdout.write(ctx.json ? `${toJson(summary)}\n` : `${p.id}: valid (cohort ${p.population.cohort}, ${summary.arms} arms, ${summary.comparisons} comparisons, ${p.outcomes.join(' and ')}, ${summary.sensitivity} sensitivity analyses)\n`);
    });
  return study;
}
