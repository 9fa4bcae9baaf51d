export { AppError, ERROR_CODES, isAppError } from './errors/app-error.js';
export type { AppErrorOptions, ErrorCode, ErrorDetails } from './errors/app-error.js';
