import { createHash } from 'node:crypto';
import { select, star, table, tableRowCounts, type Warehouse } from '@parcours/store';
import { type StudyProvenance } from '../results/study-results.js';

/**
 * Tables a study run writes to (OMOP's results tables): left out of the snapshot's identity, so that running a
 * study does not change the identity of the warehouse it ran on.
 */
const RESULT_TABLES = new Set(['cohort', 'cohort_definition']);

const CDM_SOURCE_FIELDS = ['cdm_source_name', 'cdm_source_abbreviation', 'cdm_holder', 'source_release_date', 'cdm_release_date', 'cdm_version', 'vocabulary_version'] as const;

/**
 * The identity of the warehouse a study ran on: its engine, cdm_source, and a digest of every table's row count.
 * Two warehouses with the same digest hold the same number of rows everywhere (a cheap, order-free fingerprint: a
 * content hash of a 600,000-patient warehouse would cost more than the study).
 */
export async function warehouseSnapshot(warehouse: Warehouse): Promise<StudyProvenance['warehouse']> {
  const existing = new Set(await warehouse.listTables());
  const lines = (await tableRowCounts(warehouse, new Set([...existing].filter((t) => !RESULT_TABLES.has(t))))).map((t) => `${t.table}=${t.rows}`).sort();
  let cdmSource: Record<string, string | null> | null = null;
  if (existing.has('cdm_source')) {
    const row = (await warehouse.query(select([star()], table('cdm_source'), undefined, { limit: 1 })))[0];
    if (row !== undefined) cdmSource = Object.fromEntries(CDM_SOURCE_FIELDS.map((f) => [f, row[f] === null || row[f] === undefined ? null : String(row[f])]));
  }
  return { engine: warehouse.engine, cdmSource, snapshotSha256: createHash('sha256').update(lines.join('\n')).digest('hex') };
}
