import type { TableSpec } from './table-spec.js';

/**
 * Parcours' own ingestion bookkeeping, beside the OMOP tables in the same warehouse so that it commits (or rolls
 * back) with the data it describes. None of these tables holds a direct identifier or a record's content:
 * - `parcours_load`: one row per load, with its reconciled counts and report;
 * - `parcours_load_file`: each file a committed load read, by content digest: the same file is never loaded twice;
 * - `parcours_quarantine`: each rejected record, located (file, line or entry, JSON path) with the reason and the
 *   record's digest; the record itself stays in the source, where it can be corrected and loaded again;
 * - `parcours_person_key`: keyed pseudonyms (HMAC) of the source's patient identifiers → person_id, which keep a
 *   patient's person_id stable across loads and let an opposition list remove them. Not reversible without the key.
 */
export const INGEST_TABLES = [
  {
    name: 'parcours_load',
    group: 'extension',
    columns: [
      { name: 'load_id', type: 'integer', required: true, primaryKey: true },
      { name: 'load_kind', type: 'varchar', length: 20, required: true },
      { name: 'started_at', type: 'datetime', required: true },
      { name: 'finished_at', type: 'datetime', required: true },
      { name: 'software_version', type: 'varchar', length: 50, required: true },
      { name: 'records_read', type: 'bigint', required: true },
      { name: 'records_loaded', type: 'bigint', required: true },
      { name: 'records_quarantined', type: 'bigint', required: true },
      { name: 'records_excluded', type: 'bigint', required: true },
      { name: 'records_skipped', type: 'bigint', required: true },
      { name: 'persons_removed', type: 'integer', required: true },
      { name: 'report_json', type: 'text', required: true },
    ],
  },
  {
    name: 'parcours_load_file',
    group: 'extension',
    columns: [
      { name: 'load_id', type: 'integer', required: true },
      { name: 'file_name', type: 'varchar', length: 255, required: true },
      { name: 'file_sha256', type: 'varchar', length: 64, required: true },
      { name: 'file_bytes', type: 'bigint', required: true },
      { name: 'records_read', type: 'bigint', required: true },
    ],
  },
  {
    name: 'parcours_quarantine',
    group: 'extension',
    columns: [
      { name: 'load_id', type: 'integer', required: true },
      { name: 'file_name', type: 'varchar', length: 255, required: true },
      { name: 'line_number', type: 'bigint', required: false },
      { name: 'entry_index', type: 'integer', required: false },
      { name: 'resource_type', type: 'varchar', length: 64, required: false },
      { name: 'json_path', type: 'varchar', length: 255, required: false },
      { name: 'reason_code', type: 'varchar', length: 50, required: true },
      { name: 'reason', type: 'varchar', length: 500, required: true },
      { name: 'record_sha256', type: 'varchar', length: 64, required: false },
    ],
  },
  {
    name: 'parcours_person_key',
    group: 'extension',
    columns: [
      { name: 'person_id', type: 'integer', required: true },
      { name: 'key_kind', type: 'varchar', length: 16, required: true },
      { name: 'pseudonym', type: 'varchar', length: 64, required: true },
    ],
  },
] as const satisfies readonly TableSpec[];
