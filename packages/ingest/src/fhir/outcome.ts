import type { SkipReason } from '../load/load-report.js';

/** What became of a record a mapper was given: loaded, excluded (opposition), or skipped for a reason. */
export type Outcome = 'loaded' | 'excluded' | SkipReason;
