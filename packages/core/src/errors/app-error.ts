/**
 * One error vocabulary for every package.
 *
 * An `AppError` carries a string-literal `code` that callers switch on, a `message` that is safe to show to any
 * user (it never contains a patient value, a secret or a bound SQL parameter), optional `details` that locate the
 * problem (a file and line, a JSON path, a column name — never the offending value) and the original `cause`.
 *
 * @example
 * throw new AppError('invalid_input', 'time must be a non-negative number', {
 *   details: { file: 'data.csv', line: 12, field: 'time' },
 * });
 */
export const ERROR_CODES = {
  /** The user asked for something malformed (bad option, bad URL, bad definition). Exit code 1. */
  invalid_argument: { exitCode: 1, httpStatus: 400 },
  /** A file or record the user supplied does not validate. Exit code 1. */
  invalid_input: { exitCode: 1, httpStatus: 422 },
  /** A file, table, warehouse or entity that was named does not exist. Exit code 1. */
  not_found: { exitCode: 1, httpStatus: 404 },
  /** A database or service refused the connection or the credentials. Exit code 1. */
  connection_failed: { exitCode: 1, httpStatus: 503 },
  /** The request is valid but the state does not allow it (already initialised, newer schema...). Exit code 1. */
  conflict: { exitCode: 1, httpStatus: 409 },
  /** Authentication or authorization failed. Exit code 1. */
  forbidden: { exitCode: 1, httpStatus: 403 },
  /** A capability is missing on this machine or engine (e.g. strong encryption without the httpfs extension). */
  unsupported: { exitCode: 1, httpStatus: 501 },
  /** A numerical method failed on valid input (no convergence, singular matrix, no events). Exit code 1. */
  computation_failed: { exitCode: 1, httpStatus: 422 },
  /** A bug or an unexpected engine failure. Exit code 2. */
  internal: { exitCode: 2, httpStatus: 500 },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Where a problem is: any subset of these, never the offending value itself. */
export interface ErrorDetails {
  readonly file?: string;
  readonly line?: number;
  readonly column?: string;
  readonly field?: string;
  /** JSON path or definition path, e.g. `$.inclusion[2].window.start`. */
  readonly path?: string;
  /** What the user can do about it, in one short sentence. */
  readonly hint?: string;
  readonly [key: string]: string | number | boolean | undefined;
}

export interface AppErrorOptions {
  readonly details?: ErrorDetails;
  readonly cause?: unknown;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }

  /** Exit code for the command line: 1 for the user's errors, 2 for ours. */
  get exitCode(): 1 | 2 {
    return ERROR_CODES[this.code].exitCode;
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code].httpStatus;
  }

  /** One line for a terminal or a log: message, then location, then hint. */
  toOneLine(): string {
    const { file, line, column, field, path, hint } = this.details;
    const where = [file === undefined ? undefined : line === undefined ? file : `${file}:${line}`, column && `column ${column}`, field && `field ${field}`, path && `at ${path}`]
      .filter(Boolean)
      .join(', ');
    return [this.message, where && `(${where})`, hint && `— ${hint}`].filter(Boolean).join(' ');
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/**
 * What was thrown, as an Error: JavaScript can throw anything, and a generator handed to Parcours may. A value that
 * is not an Error becomes an internal AppError carrying it as its cause (never in its message).
 */
export function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new AppError('internal', 'a value that is not an Error was thrown', { cause: thrown });
}
