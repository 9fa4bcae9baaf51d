import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { AppError } from '@parcours/core';
import { countRows, describeWarehouse, initWarehouse, parseWarehouseUrl } from '@parcours/store';
import type { CliContext } from '../context.js';
import { generatePopulation, writeToWarehouse } from '@parcours/synth';
import { formatInfo } from '../output/format-info.js';
import { toJson } from '../output/text-table.js';

export const DEMO_WAREHOUSE_URL = 'duckdb:./data/demo.duckdb';

export function demoCommand(context: () => CliContext): Command {
  return new Command('demo')
    .description('build a small synthetic cancer-centre warehouse (DuckDB by default, re-created each run) and show it')
    .option('--patients <n>', 'number of synthetic patients', '2000')
    .option('--seed <n>', 'random seed (same seed, same warehouse)', '2026')
    .action(async (options: { patients: string; seed: string }) => {
      const ctx = context();
      const patients = positiveInteger(options.patients, '--patients');
      const seed = positiveInteger(options.seed, '--seed');
      // The demo owns its default file and rebuilds it; a warehouse named with --warehouse must be empty instead.
      const explicit = ctx.warehouseGiven;
      const url = explicit ? ctx.warehouseUrl : DEMO_WAREHOUSE_URL;
      const location = parseWarehouseUrl(url);
      if (!explicit && location.engine === 'duckdb' && location.path !== ':memory:') {
        for (const f of [location.path, `${location.path}.wal`]) if (existsSync(f)) rmSync(f);
      }
      const started = performance.now();
      await using warehouse = await ctx.open({ url, create: true });
      await initWarehouse(warehouse, { sourceName: 'Parcours demo (synthetic)', holder: 'nobody: synthetic data' });
      if ((await countRows(warehouse, 'person')) > 0) {
        throw new AppError('conflict', 'the demo writes into an empty warehouse only, and this one has patients', {
          details: { hint: 'omit --warehouse to use the demo file data/demo.duckdb' },
        });
      }
      // The synthetic generator (packages/synth) writes straight into the warehouse: no identifier, no note text.
      await writeToWarehouse(warehouse, generatePopulation({ patients, seed }));
      const info = await describeWarehouse(warehouse);
      if (ctx.json) {
        ctx.stdout.write(`${toJson(info)}\n`);
        return;
      }
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      ctx.stdout.write(`Demo warehouse ready in ${seconds} s: ${patients} synthetic cancer patients at ${location.engine === 'duckdb' ? path.relative(process.cwd(), String(location.path)) : url}\n\n`);
      ctx.stdout.write(`${formatInfo(info)}\n`);
    });
}

function positiveInteger(text: string, option: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 10_000_000) {
    throw new AppError('invalid_argument', `${option} must be a whole number between 1 and 10,000,000`, { details: { field: option } });
  }
  return Number(text);
}
