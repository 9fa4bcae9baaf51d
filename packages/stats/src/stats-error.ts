/**
 * The one error type of @parcours/stats: a numerical method that cannot give an answer on valid-looking input.
 *
 * The package has no internal imports, so it cannot throw `AppError` from @parcours/core; callers map `StatsError`
 * codes onto their own vocabulary (`invalid_input` → `invalid_input`, the others → `computation_failed`).
 * Messages never contain data values, only names and counts.
 *
 * @example
 * throw new StatsError('no_events', 'the Cox model needs at least one event', { details: { field: 'event' } });
 */
export const STATS_ERROR_CODES = ['no_events', 'not_converged', 'singular', 'invalid_input'] as const;

export type StatsErrorCode = (typeof STATS_ERROR_CODES)[number];

export interface StatsErrorDetails {
  /** Name of the covariate, term or argument concerned. */
  readonly field?: string;
  /** Zero-based row index in the input arrays (a location, never a value). */
  readonly row?: number;
  readonly [key: string]: string | number | boolean | undefined;
}

/** Mirrors `AppErrorOptions` of @parcours/core so that callers can pass details straight through. */
export interface StatsErrorOptions {
  readonly details?: StatsErrorDetails;
  readonly cause?: unknown;
}

export class StatsError extends Error {
  override readonly name = 'StatsError';
  readonly code: StatsErrorCode;
  readonly details: StatsErrorDetails;

  constructor(code: StatsErrorCode, message: string, options: StatsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }
}

export function isStatsError(value: unknown): value is StatsError {
  return value instanceof StatsError;
}
