/**
 * The warehouse schema as typed data. Each engine renders it to its own DDL (see @parcours/store), so the schema is
 * written once and OHDSI's names and types are kept exactly.
 */

/**
 * OMOP CDM logical column types, as the specification names them (`varchar(MAX)` is `text` here).
 * Rendering: integer → INTEGER, bigint → BIGINT, float → DOUBLE (DuckDB) / DOUBLE PRECISION (PostgreSQL),
 * date → DATE, datetime → TIMESTAMP, varchar(n) → VARCHAR(n), text → TEXT / VARCHAR.
 */
export const COLUMN_TYPES = ['integer', 'bigint', 'float', 'date', 'datetime', 'varchar', 'text'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  /** Maximum length for `varchar` columns. */
  readonly length?: number;
  /** OMOP "isRequired": rendered as NOT NULL. */
  readonly required: boolean;
  readonly primaryKey?: boolean;
  readonly references?: { readonly table: string; readonly column: string };
}

/** clinical/vocabulary/results follow OMOP's own grouping; extension marks tables from OHDSI extensions. */
export type TableGroup = 'clinical' | 'vocabulary' | 'results' | 'extension';

export interface TableSpec {
  readonly name: string;
  readonly group: TableGroup;
  readonly columns: readonly ColumnSpec[];
}
