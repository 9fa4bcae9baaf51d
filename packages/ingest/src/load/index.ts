export type { IngestOptions } from './ingest-options.js';
export { digestFile, type FileDigest } from './file-digest.js';
export { IdAllocator, primaryKeyColumn } from './id-allocator.js';
export { LoadCounters, type LoadFileReport, type LoadKind, type LoadReport, type LoadWarning, type QuarantineCode, type QuarantineEntry, type RecordLocation, type SkipReason } from './load-report.js';
export { PersonRegistry, type PersonKey, type PersonKeyKind } from './person-registry.js';
export { RowBatcher } from './row-batcher.js';
export { removeOpposedPersons, runLoad, type LoadBody, type LoadContext, type LoadOptions, type LoadProgress } from './run-load.js';
