import { Command } from 'commander';
import { describeWarehouse, initWarehouse } from '@parcours/store';
import type { CliContext } from '../context.js';
import { formatInfo } from '../output/format-info.js';
import { toJson } from '../output/text-table.js';

export function initCommand(context: () => CliContext): Command {
  return new Command('init')
    .description('create (or upgrade) the warehouse: every OMOP CDM v5.4 table, the imaging extension, cdm_source and the bundled oncology vocabulary')
    .option('--source-name <name>', 'cdm_source.cdm_source_name', 'Parcours warehouse')
    .option('--holder <name>', 'cdm_source.cdm_holder: the institution holding the data', 'unspecified')
    .option('--no-vocabulary', 'do not load the bundled vocabulary (e.g. before `parcours vocab load`)')
    .action(async (options: { sourceName: string; holder: string; vocabulary: boolean }) => {
      const ctx = context();
      await using warehouse = await ctx.open({ create: true });
      const report = await initWarehouse(warehouse, { sourceName: options.sourceName, holder: options.holder, vocabulary: options.vocabulary });
      if (ctx.json) {
        ctx.stdout.write(`${toJson({ ...report, info: await describeWarehouse(warehouse) })}\n`);
        return;
      }
      const applied = report.migrations.applied.map((m) => `${m.id} ${m.name}`).join(', ');
      ctx.stdout.write(`${applied === '' ? 'Warehouse already up to date' : `Applied migrations: ${applied}`}\n`);
      if (report.vocabularyConcepts !== null) ctx.stdout.write(`Loaded the bundled oncology vocabulary: ${report.vocabularyConcepts} concepts\n`);
      ctx.stdout.write(`\n${formatInfo(await describeWarehouse(warehouse))}\n`);
    });
}
