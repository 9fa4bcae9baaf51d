import type { DdlColumnType, SqlCastType } from './nodes.js';

/** What differs between the SQL engines Parcours runs on. The compiler asks; the dialect answers. */
export interface SqlDialect {
  readonly name: 'duckdb' | 'postgres';
  /** Placeholder for the n-th bound parameter (1-based). Both engines accept `$n`. */
  placeholder(index: number): string;
  columnType(type: DdlColumnType, length?: number): string;
  castType(type: SqlCastType): string;
  /**
   * Whole days from `start` to `end` as INTEGER, given both operands already compiled as DATE expressions.
   * PostgreSQL: `date - date` is INTEGER. DuckDB: it is BIGINT, so `date_diff('day', …)` is cast to INTEGER and both
   * engines return the same JavaScript number. Placeholders are numbered, so the operands may appear in any order.
   */
  dateDiffDays(start: string, end: string): string;
}

/** Double-quote an identifier, doubling embedded quotes (SQL standard; both engines). */
export function quoteIdentifier(name: string): string {
  if (name.length === 0 || name.includes('\u0000')) throw new TypeError('invalid SQL identifier');
  return `"${name.replaceAll('"', '""')}"`;
}

export const DUCKDB_DIALECT: SqlDialect = {
  name: 'duckdb',
  placeholder: (index) => `$${index}`,
  // DuckDB ignores VARCHAR lengths; DOUBLE for OMOP "float" (DuckDB's NUMERIC would be DECIMAL(18,3) and round values).
  columnType(type) {
    switch (type) {
      case 'integer': return 'INTEGER';
      case 'bigint': return 'BIGINT';
      case 'float': return 'DOUBLE';
      case 'date': return 'DATE';
      case 'datetime': return 'TIMESTAMP';
      case 'varchar': return 'VARCHAR';
      case 'text': return 'VARCHAR';
      case 'boolean': return 'BOOLEAN';
    }
  },
  castType(type) {
    switch (type) {
      case 'integer': return 'INTEGER';
      case 'bigint': return 'BIGINT';
      case 'double': return 'DOUBLE';
      case 'varchar': return 'VARCHAR';
      case 'date': return 'DATE';
      case 'timestamp': return 'TIMESTAMP';
    }
  },
  dateDiffDays: (start, end) => `cast(date_diff('day', ${start}, ${end}) as INTEGER)`,
};

export const POSTGRES_DIALECT: SqlDialect = {
  name: 'postgres',
  placeholder: (index) => `$${index}`,
  columnType(type, length) {
    switch (type) {
      case 'integer': return 'INTEGER';
      case 'bigint': return 'BIGINT';
      case 'float': return 'DOUBLE PRECISION';
      case 'date': return 'DATE';
      case 'datetime': return 'TIMESTAMP';
      case 'varchar': return length === undefined ? 'VARCHAR' : `VARCHAR(${Math.trunc(length)})`;
      case 'text': return 'TEXT';
      case 'boolean': return 'BOOLEAN';
    }
  },
  castType(type) {
    switch (type) {
      case 'integer': return 'INTEGER';
      case 'bigint': return 'BIGINT';
      case 'double': return 'DOUBLE PRECISION';
      case 'varchar': return 'VARCHAR';
      case 'date': return 'DATE';
      case 'timestamp': return 'TIMESTAMP';
    }
  },
  dateDiffDays: (start, end) => `(${end} - ${start})`,
};
