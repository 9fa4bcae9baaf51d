import { Command, Option } from 'commander';
import { SOFTWARE_VERSION } from '@parcours/store';
import { analyzeCommand } from './analyze/analyze-survival-command.js';
import { cohortCommands } from './commands/cohort-command.js';
import { studyCommand } from './commands/study-command.js';
import { deidCommand } from './commands/deid-command.js';
import { demoCommand } from './commands/demo-command.js';
import { infoCommand } from './commands/info-command.js';
import { ingestCommand } from './commands/ingest-command.js';
import { initCommand } from './commands/init-command.js';
import { synthCommand } from './commands/synth-command.js';
import { vocabCommand } from './commands/vocab-command.js';
import { createContext, type CliContext, type GlobalOptions } from './context.js';

export interface ProgramIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * The `parcours` command tree. Commands are thin: they parse, call a package, and print (text, or JSON with
 * `--json`). The context (warehouse URL, key store, output streams) is built once from the global options.
 */
export function createProgram(io: ProgramIo = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Command {
  const program = new Command('parcours');
  let context: CliContext | undefined;
  const getContext = (): CliContext => {
    context ??= createContext(program.opts<GlobalOptions>(), io.env, io);
    return context;
  };
  program
    .description('Parcours: oncology real-world evidence on an OMOP CDM v5.4 warehouse (DuckDB or PostgreSQL)')
    .version(SOFTWARE_VERSION, '-V, --version')
    .addOption(new Option('-w, --warehouse <url>', 'warehouse URL: duckdb:PATH or postgres://USER@HOST:PORT/DB[?schema=NAME] (default: duckdb:./data/parcours.duckdb)').env('PARCOURS_WAREHOUSE'))
    .option('--json', 'print data as JSON (for scripts)')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride();
  for (const command of [initCommand(getContext), infoCommand(getContext), vocabCommand(getContext), ingestCommand(getContext), deidCommand(getContext), demoCommand(getContext), synthCommand(getContext), ...cohortCommands(getContext), studyCommand(getContext), analyzeCommand({ stdout: io.stdout })]) {
    program.addCommand(command);
  }
  // Sub-commands inherit the output routing and exit behaviour, so that errors are handled in one place (main).
  const configure = (command: Command) => {
    command.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) }).showHelpAfterError('(run with --help for usage)');
    command.commands.forEach(configure);
  };
  program.commands.forEach(configure);
  return program;
}
