// Public face of @parcours/cli: the `parcours` command, callable in-process (tests, embedding).
export { main, reportError } from './main.js';
export { createProgram, type ProgramIo } from './program.js';
export { createContext, type CliContext, type GlobalOptions } from './context.js';
