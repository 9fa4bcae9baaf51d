import { Command } from 'commander';
import { describeWarehouse } from '@parcours/store';
import type { CliContext } from '../context.js';
import { formatInfo } from '../output/format-info.js';
import { toJson } from '../output/text-table.js';

export function infoCommand(context: () => CliContext): Command {
  return new Command('info')
    .description('show the warehouse: tables with row counts, cdm_source, vocabulary versions, engine and size')
    .action(async () => {
      const ctx = context();
      await using warehouse = await ctx.open();
      const info = await describeWarehouse(warehouse);
      ctx.stdout.write(`${ctx.json ? toJson(info) : formatInfo(info)}\n`);
    });
}
