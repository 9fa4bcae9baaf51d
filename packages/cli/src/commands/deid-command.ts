import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { AppError } from '@parcours/core';
import { deidentifyText, Pseudonymizer } from '@parcours/pseudo';
import { EnvironmentKeyStore } from '@parcours/store';
import type { CliContext } from '../context.js';
import { toJson } from '../output/text-table.js';

interface DeidFlags {
  readonly surrogates?: boolean;
  readonly keyFile?: string;
  readonly shiftDays?: string;
}

/** `parcours deid FILE`: de-identify one note on its own, to check what the ingestion does to notes. */
export function deidCommand(context: () => CliContext): Command {
  return new Command('deid')
    .description('de-identify a clinical note (French or English) and print it; --json adds the spans found')
    .argument('<file>', 'a UTF-8 text file')
    .option('--surrogates', 'consistent fake values instead of [TYPE] placeholders (needs a key)')
    .option('--key-file <file>', 'pseudonymization key for --surrogates; default: PARCOURS_KEY_PSEUDONYM[_FILE]')
    .option('--shift-days <n>', 'shift dates by exactly N days (negative allowed) instead of replacing them')
    .action(async (file: string, flags: DeidFlags) => {
      const ctx = context();
      let text: string;
      try {
        text = await readFile(path.resolve(file), 'utf8');
      } catch (cause) {
        throw new AppError('not_found', 'cannot read the note file', { cause, details: { file: path.basename(file) } });
      }
      const pseudonymizer =
        flags.surrogates !== true ? undefined : flags.keyFile !== undefined ? await Pseudonymizer.fromKeyFile(flags.keyFile) : await Pseudonymizer.fromKeyStore(new EnvironmentKeyStore(ctx.env));
      const shift = flags.shiftDays === undefined ? undefined : shiftDays(flags.shiftDays);
      const result = deidentifyText(text, undefined, {
        replacement: flags.surrogates === true ? 'surrogate' : 'placeholder',
        ...(shift === undefined ? {} : { dateShiftDays: shift }),
        ...(pseudonymizer === undefined ? {} : { pseudonymizer }),
      });
      ctx.stdout.write(ctx.json ? `${toJson({ text: result.text, spans: result.spans.map((s) => ({ start: s.start, end: s.end, type: s.type })) })}\n` : result.text);
    });
}

function shiftDays(text: string): number {
  if (!/^-?\d+$/.test(text) || Math.abs(Number(text)) > 3650) {
    throw new AppError('invalid_argument', '--shift-days must be a whole number of days between -3650 and 3650', { details: { field: '--shift-days' } });
  }
  return Number(text);
}
