import { CommanderError } from 'commander';
import { isAppError } from '@parcours/core';
import { createProgram, type ProgramIo } from './program.js';

/**
 * Run the command line and return its exit code: 0 success, 1 the user's error (one line: cause and what to do),
 * 2 an internal error. No stack trace unless PARCOURS_DEBUG=1, and no error detail that could hold a data value.
 */
export async function main(argv: readonly string[], io: ProgramIo = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    return reportError(error, io);
  }
}

export function reportError(error: unknown, io: ProgramIo): number {
  const debug = io.env['PARCOURS_DEBUG'] === '1';
  if (error instanceof CommanderError) {
    // commander has already printed its message (unknown option, missing argument...) or the help text.
    return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 1;
  }
  if (isAppError(error)) {
    io.stderr.write(`parcours: ${error.exitCode === 2 ? 'internal error' : 'error'}: ${error.toOneLine()}\n`);
    if (debug) io.stderr.write(`${String(error.stack)}\n${error.cause instanceof Error ? String(error.cause.stack) : ''}\n`);
    return error.exitCode;
  }
  // An error we did not anticipate: its message may quote data (engine errors often do), so only its kind is shown.
  const kind = error instanceof Error ? error.name : typeof error;
  io.stderr.write(`parcours: internal error (${kind}); run again with PARCOURS_DEBUG=1 for details, and report it\n`);
  if (debug) io.stderr.write(`${error instanceof Error ? String(error.stack) : String(error)}\n`);
  return 2;
}
