import path from 'node:path';
import { Command } from 'commander';
import { loadBundledVocabulary, loadVocabularyFiles, type VocabularyLoadProgress } from '@parcours/store';
import type { CliContext } from '../context.js';
import { progressBar } from '../output/progress-bar.js';
import { formatCount, textTable, toJson } from '../output/text-table.js';

export function vocabCommand(context: () => CliContext): Command {
  const vocab = new Command('vocab').description('manage the OMOP vocabulary tables');
  vocab
    .command('load')
    .description('replace the vocabulary with an OHDSI Athena download (CONCEPT.csv, CONCEPT_RELATIONSHIP.csv, CONCEPT_ANCESTOR.csv, VOCABULARY.csv, ...), streaming, in one transaction')
    .argument('<dir>', 'folder of the unzipped Athena download (tab-separated), or of an OMOP CDM CSV export')
    .action(async (dir: string) => {
      const ctx = context();
      await using warehouse = await ctx.open();
      const bar = progressBar(ctx, '{file} [{bar}] {percentage}% | {rows} rows | {eta_formatted}');
      let last: VocabularyLoadProgress | undefined;
      try {
        const report = await loadVocabularyFiles(warehouse, path.resolve(dir), {
          onProgress: (p) => {
            if (last?.file !== p.file) bar?.start(p.totalBytes, 0, { file: p.file.padEnd(28), rows: '0' });
            last = p;
            bar?.update(p.bytesRead, { file: p.file.padEnd(28), rows: formatCount(p.rows) });
          },
        });
        bar?.stop();
        if (ctx.json) ctx.stdout.write(`${toJson(report)}\n`);
        else ctx.stdout.write(`${textTable(['table', 'file', 'rows'], report.tables.map((t) => [t.table, t.file, formatCount(t.rows)]))}\n`);
      } finally {
        bar?.stop();
      }
    });
  vocab
    .command('reset')
    .description('replace the vocabulary with the oncology subset bundled with Parcours')
    .action(async () => {
      const ctx = context();
      await using warehouse = await ctx.open();
      const counts = await loadBundledVocabulary(warehouse);
      ctx.stdout.write(`${ctx.json ? toJson(counts) : textTable(['table', 'rows'], Object.entries(counts).map(([t, n]) => [t, formatCount(n)]))}\n`);
    });
  return vocab;
}
