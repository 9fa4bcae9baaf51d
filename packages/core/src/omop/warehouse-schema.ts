import { CDM_V54_TABLES } from './cdm-v54-tables.js';
import { INGEST_TABLES } from './ingest-tables.js';
import { MEDICAL_IMAGING_TABLES } from './medical-imaging-tables.js';
import type { ColumnSpec, TableSpec } from './table-spec.js';

/**
 * Every table of the Parcours warehouse: OMOP CDM v5.4 (clinical, vocabulary, results), the imaging extension, and
 * Parcours' ingestion bookkeeping.
 */
export const WAREHOUSE_TABLES: readonly TableSpec[] = [...CDM_V54_TABLES, ...MEDICAL_IMAGING_TABLES, ...INGEST_TABLES];

/** Names of the warehouse tables, as a union type, so a typo in a table name fails to compile. */
export type WarehouseTableName = (typeof CDM_V54_TABLES)[number]['name'] | (typeof MEDICAL_IMAGING_TABLES)[number]['name'] | (typeof INGEST_TABLES)[number]['name'];

const byName = new Map(WAREHOUSE_TABLES.map((t) => [t.name, t]));

/**
 * The specification of one warehouse table, or undefined.
 *
 * @example tableSpec('death')?.columns.map((c) => c.name) // ['person_id', 'death_date', ...]
 */
export function tableSpec(name: string): TableSpec | undefined {
  return byName.get(name.toLowerCase());
}

export function isWarehouseTableName(name: string): name is WarehouseTableName {
  return byName.has(name.toLowerCase());
}

export function columnSpec(table: string, column: string): ColumnSpec | undefined {
  return tableSpec(table)?.columns.find((c) => c.name === column.toLowerCase());
}

/** The OMOP CDM version this warehouse implements, as written to cdm_source.cdm_version. */
export const CDM_VERSION = '5.4';
