import type { WarehouseTableName } from '@parcours/core';
import type { SqlDialect } from './sql/dialect.js';
import type { CompiledQuery } from './sql/compile-query.js';
import type { SqlNode, SqlValue } from './sql/nodes.js';

/**
 * A value read from the warehouse, the same on every engine:
 * INTEGER/DOUBLE → number, BIGINT → bigint (never silently narrowed), DATE → 'YYYY-MM-DD',
 * TIMESTAMP → 'YYYY-MM-DDTHH:MM:SS[.ffffff]' (UTC, no zone), VARCHAR → string, BOOLEAN → boolean, NULL → null.
 */
export type WarehouseValue = string | number | bigint | boolean | null;
export type Row = Record<string, WarehouseValue>;

/**
 * A value to append: numbers, bigints and strings as above; a date may also be a day number (days since
 * 1970-01-01), which is what hot loops produce.
 */
export type AppendValue = string | number | bigint | boolean | null | undefined;

export type EngineName = 'duckdb' | 'postgres';

export interface AppendOptions {
  /** Columns present in each row, in order; defaults to every column of the table in specification order. */
  readonly columns?: readonly string[];
  readonly signal?: AbortSignal;
  /** Called after each batch with the number of rows appended so far. */
  readonly onProgress?: (rowsAppended: number) => void;
}

export interface StreamOptions {
  /** Rows per batch (default 10,000). */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
}

/** Queryable: what a transaction and a warehouse both offer. */
export interface WarehouseSession {
  readonly engine: EngineName;
  readonly dialect: SqlDialect;
  /** Run a statement built as a syntax tree (or compiled by us) and return its rows. */
  query<R extends Row = Row>(statement: SqlNode | CompiledQuery): Promise<R[]>;
  /** Run a statement for its effect; returns the number of rows changed where the engine reports it. */
  execute(statement: SqlNode | CompiledQuery): Promise<number>;
  /**
   * Bulk-append rows to a table (DuckDB: INSERT from a table function, in parallel; PostgreSQL: COPY). Rows are
   * arrays in `columns` order; batches may come from an async generator so that memory stays bounded. What the
   * rows' generator throws is passed on as it is. The order of rows in the table is not kept.
   */
  append(table: string, rows: Iterable<readonly AppendValue[]> | AsyncIterable<readonly (readonly AppendValue[])[]>, options?: AppendOptions): Promise<number>;
  /** Read a large result in batches, with bounded memory. */
  stream<R extends Row = Row>(statement: SqlNode | CompiledQuery, options?: StreamOptions): AsyncIterable<R[]>;
}

export interface TableCount {
  readonly table: string;
  readonly rows: bigint;
}

/**
 * The warehouse port: one OMOP CDM v5.4 database on some engine. Adapters: DuckDbWarehouse (embedded default),
 * PostgresWarehouse (servers). Obtain one with `openWarehouse(url)`; close it with `close()` or `await using`.
 */
export interface Warehouse extends WarehouseSession, AsyncDisposable {
  /** The URL it was opened with, with any password removed: safe to print. */
  readonly displayUrl: string;
  /** Schema (PostgreSQL) or catalog (DuckDB) that holds the tables. */
  readonly namespace: string;
  /** Run `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: WarehouseSession) => Promise<T>): Promise<T>;
  /** Names of the tables that exist, lower case. */
  listTables(): Promise<string[]>;
  /** Storage size in bytes (file size for DuckDB, relation sizes for PostgreSQL). */
  sizeInBytes(): Promise<number>;
  close(): Promise<void>;
}

export type { SqlValue, WarehouseTableName };
