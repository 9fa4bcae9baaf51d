import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { AppError, tableSpec } from '@parcours/core';
import { compileQuery, type CompiledQuery } from '../sql/compile-query.js';
import { DUCKDB_DIALECT, quoteIdentifier } from '../sql/dialect.js';
import type { SqlNode } from '../sql/nodes.js';
import { Mutex } from '../mutex.js';
import type { AppendOptions, Row, StreamOptions, Warehouse, WarehouseSession } from '../warehouse.js';
import { APPEND_FEED_FUNCTION, AppendFeed, AppendFeeds } from './duckdb-append-feed.js';
import { fromDuckDbValue } from './duckdb-values.js';

export interface DuckDbWarehouseOptions {
  /** File path, or ':memory:' for a throw-away warehouse. */
  readonly path: string;
  /** Create the file if it does not exist (otherwise a missing file is a `not_found` error). */
  readonly create?: boolean;
  /** Encrypt the file at rest (AES-GCM, DuckDB ≥ 1.4) with this key. */
  readonly encryptionKey?: Uint8Array;
  /**
   * DuckDB writes encrypted files with OpenSSL from its httpfs extension. Without it, DuckDB's built-in mbedtls
   * code can only read them, unless this is set (DuckDB calls that mode unsafe; see docs/security.md).
   */
  readonly allowBuiltInCrypto?: boolean;
}

const CATALOG = 'warehouse';

/**
 * The embedded default warehouse: one DuckDB file, one connection, statements serialized by a lock.
 *
 * @example
 * await using wh = await DuckDbWarehouse.open({ path: './data/parcours.duckdb', create: true });
 * await wh.query(sql`select count(*) as n from ${sql.id('person')}`); // [{ n: 0n }]
 */
export class DuckDbWarehouse implements Warehouse {
  readonly engine = 'duckdb' as const;
  readonly dialect = DUCKDB_DIALECT;
  readonly displayUrl: string;
  readonly namespace = 'main';
  private readonly lock = new Mutex();
  private readonly session: DuckDbSession;
  private closed = false;
  private readonly instance: DuckDBInstance;
  private readonly connection: DuckDBConnection;
  private readonly filePath: string;

  private constructor(instance: DuckDBInstance, connection: DuckDBConnection, filePath: string) {
    this.instance = instance;
    this.connection = connection;
    this.filePath = filePath;
    this.displayUrl = `duckdb:${filePath}`;
    this.session = new DuckDbSession(connection);
  }

  static async open(options: DuckDbWarehouseOptions): Promise<DuckDbWarehouse> {
    const file = options.path;
    const inMemory = file === ':memory:';
    if (!inMemory) {
      if (!existsSync(file)) {
        if (!options.create) {
          throw new AppError('not_found', `no warehouse at ${file}`, { details: { hint: 'create it with `parcours init`, or pass --warehouse' } });
        }
        mkdirSync(path.dirname(file), { recursive: true });
      } else if (statSync(file).isDirectory()) {
        throw new AppError('invalid_argument', `${file} is a directory, not a DuckDB file`, { details: { file } });
      }
    }
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(':memory:');
    } catch (cause) {
      throw new AppError('internal', 'DuckDB could not start', { cause });
    }
    const connection = await instance.connect();
    try {
      await attach(connection, file, options);
    } catch (error) {
      connection.closeSync();
      instance.closeSync();
      throw error;
    }
    return new DuckDbWarehouse(instance, connection, file);
  }

  query<R extends Row = Row>(statement: SqlNode | CompiledQuery): Promise<R[]> {
    return this.lock.run(() => this.session.query<R>(statement));
  }

  execute(statement: SqlNode | CompiledQuery): Promise<number> {
    return this.lock.run(() => this.session.execute(statement));
  }

  /** An append on its own is atomic: it runs in a transaction, so a bad row leaves none of the batch behind. */
  append(table: string, rows: Parameters<WarehouseSession['append']>[1], options?: AppendOptions): Promise<number> {
    return this.transaction((tx) => tx.append(table, rows, options));
  }

  async *stream<R extends Row = Row>(statement: SqlNode | CompiledQuery, options?: StreamOptions): AsyncIterable<R[]> {
    const release = await this.lock.acquire();
    try {
      yield* this.session.stream<R>(statement, options);
    } finally {
      release();
    }
  }

  transaction<T>(work: (tx: WarehouseSession) => Promise<T>): Promise<T> {
    return this.lock.run(async () => {
      await this.connection.run('BEGIN TRANSACTION');
      try {
        const result = await work(this.session);
        await this.connection.run('COMMIT');
        return result;
      } catch (error) {
        await this.connection.run('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  async listTables(): Promise<string[]> {
    const rows = await this.query<{ table_name: string }>({
      sql: `select table_name from information_schema.tables where table_catalog = '${CATALOG}' and table_schema = 'main' order by table_name`,
      parameters: [],
    });
    return rows.map((r) => r.table_name.toLowerCase());
  }

  async sizeInBytes(): Promise<number> {
    if (this.filePath === ':memory:') return 0;
    await this.lock.run(() => this.connection.run('CHECKPOINT'));
    let size = 0;
    for (const f of [this.filePath, `${this.filePath}.wal`]) if (existsSync(f)) size += statSync(f).size;
    return size;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.lock.run(async () => {
      this.connection.closeSync();
      this.instance.closeSync();
    });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/**
 * Attach the file as catalog `warehouse` and make it the default. The path cannot be a bound parameter in ATTACH,
 * so it is written as a quoted string literal (quotes doubled); the key travels as a session variable, bound, and
 * is cleared right after.
 */
async function attach(connection: DuckDBConnection, file: string, options: DuckDbWarehouseOptions): Promise<void> {
  const literal = `'${file.replaceAll("'", "''")}'`;
  if (options.encryptionKey === undefined) {
    try {
      await connection.run(`ATTACH ${literal} AS ${CATALOG}`);
    } catch (cause) {
      const text = cause instanceof Error ? cause.message : '';
      if (/encrypted/i.test(text)) {
        throw new AppError('forbidden', 'this warehouse is encrypted and no key was given', {
          cause,
          details: { hint: 'set PARCOURS_KEY_WAREHOUSE or PARCOURS_KEY_WAREHOUSE_FILE' },
        });
      }
      if (/lock/i.test(text)) {
        throw new AppError('conflict', `the warehouse ${file} is open in another process`, { cause, details: { hint: 'close the other parcours process, or use PostgreSQL for concurrent users' } });
      }
      throw new AppError('invalid_input', `DuckDB cannot open ${file} as a warehouse`, { cause });
    }
  } else {
    try {
      await connection.run('LOAD httpfs');
    } catch {
      if (options.allowBuiltInCrypto) await connection.run("SET force_mbedtls_unsafe = 'true'");
      // Without httpfs DuckDB can still read an encrypted file; writing fails below with a clear message.
    }
    await connection.run('SET VARIABLE parcours_warehouse_key = $1', [Buffer.from(options.encryptionKey).toString('hex')]);
    try {
      await connection.run(`ATTACH ${literal} AS ${CATALOG} (ENCRYPTION_KEY getvariable('parcours_warehouse_key'))`);
    } catch (cause) {
      const text = cause instanceof Error ? cause.message : '';
      if (/wrong encryption key/i.test(text)) throw new AppError('forbidden', 'wrong key for this encrypted warehouse', { cause: undefined });
      if (/crypto|mbedtls|httpfs/i.test(text)) {
        throw new AppError('unsupported', 'this DuckDB cannot write encrypted files without its httpfs extension', {
          details: { hint: 'install httpfs (INSTALL httpfs) or set PARCOURS_DUCKDB_ALLOW_BUILTIN_CRYPTO=1 (see docs/security.md)' },
        });
      }
      throw new AppError('invalid_input', 'DuckDB cannot open this file as an encrypted warehouse', { details: { file } });
    } finally {
      await connection.run('RESET VARIABLE parcours_warehouse_key');
    }
  }
  await connection.run(`USE ${CATALOG}`);
}

/** Statements on one connection, without locking: the warehouse holds the lock around each call. */
class DuckDbSession implements WarehouseSession {
  readonly engine = 'duckdb' as const;
  readonly dialect = DUCKDB_DIALECT;
  private readonly connection: DuckDBConnection;
  private readonly feeds = new AppendFeeds();

  constructor(connection: DuckDBConnection) {
    this.connection = connection;
    // Registered now, outside any transaction: a registration made inside one is undone by its rollback.
    this.feeds.register(connection);
  }

  async query<R extends Row = Row>(statement: SqlNode | CompiledQuery): Promise<R[]> {
    const { sql, parameters } = compile(statement);
    const reader = await this.connection.runAndReadAll(sql, toDuckDbParameters(parameters)).catch(rethrowSafe);
    const names = reader.deduplicatedColumnNames();
    return reader.getRows().map((values) => rowObject<R>(names, values));
  }

  async execute(statement: SqlNode | CompiledQuery): Promise<number> {
    const { sql, parameters } = compile(statement);
    const result = await this.connection.run(sql, toDuckDbParameters(parameters)).catch(rethrowSafe);
    return result.rowsChanged;
  }

  async append(table: string, rows: Parameters<WarehouseSession['append']>[1], options: AppendOptions = {}): Promise<number> {
    const target = `${CATALOG}.main.${quoteIdentifier(table)}`;
    // The table's columns and types, from an empty read (information_schema takes several times as long).
    const shape = await this.connection.run(`SELECT * FROM ${target} LIMIT 0`).catch((cause: unknown) => {
      throw new AppError('not_found', `no table ${table} in the warehouse`, { cause, details: { field: 'table' } });
    });
    const tableColumns = shape.columnNames();
    const tableTypes = shape.columnTypes();
    const columns = options.columns ?? tableColumns;
    const types = columns.map((column) => {
      const i = tableColumns.indexOf(column);
      if (i < 0) throw new AppError('invalid_argument', `table ${table} has no column ${column}`, { details: { column } });
      return tableTypes[i]!;
    });
    const list = columns.map(quoteIdentifier).join(', ');
    const feed = new AppendFeed(columns, types, maxLengths(table));
    const id = this.feeds.open(feed);
    // The feed id is a number this process made, never a user value.
    const insert = `INSERT INTO ${target} (${list}) SELECT * FROM ${APPEND_FEED_FUNCTION}(${id})`;
    const producing = feed.produce(rows, options.signal);
    producing.catch(() => undefined);
    let count = 0;
    let parallel = false;
    try {
      for (let mode = await feed.nextStatement(); mode !== undefined; mode = await feed.nextStatement()) {
        // Rows need no order in a table: without it, DuckDB's threads write chunks in parallel.
        if ((mode === 'parallel') !== parallel) {
          await this.connection.run(mode === 'parallel' ? 'SET SESSION preserve_insertion_order = false' : 'RESET SESSION preserve_insertion_order');
          parallel = mode === 'parallel';
        }
        feed.beginStatement(mode);
        const result = await this.connection.run(insert).catch((error: unknown) => {
          if (feed.failure !== undefined) throw feed.failure;
          return rethrowSafe(error);
        });
        const served = feed.endStatement();
        if (result.rowsChanged !== served) throw new AppError('internal', `DuckDB stored ${result.rowsChanged} of ${served} rows sent to ${table}`);
        count += served;
        options.onProgress?.(count);
      }
      await producing;
    } finally {
      feed.abandon(new AppError('internal', 'the append stopped'));
      this.feeds.close(id);
      // Cleanup never hides the error that brought us here.
      await producing.catch(() => undefined);
      if (parallel) await this.connection.run('RESET SESSION preserve_insertion_order').catch(() => undefined);
    }
    return count;
  }

  async *stream<R extends Row = Row>(statement: SqlNode | CompiledQuery, options: StreamOptions = {}): AsyncIterable<R[]> {
    const { sql, parameters } = compile(statement);
    const result = await this.connection.stream(sql, toDuckDbParameters(parameters)).catch(rethrowSafe);
    const names = result.deduplicatedColumnNames();
    const batchSize = options.batchSize ?? 10_000;
    let batch: R[] = [];
    for (;;) {
      options.signal?.throwIfAborted();
      const chunk = await result.fetchChunk();
      if (chunk === null || chunk.rowCount === 0) break;
      // Column-major reading is ~5× faster than getRows() on wide scans (millions of rows for lines of therapy).
      const columns = chunk.getColumns();
      for (let r = 0; r < chunk.rowCount; r++) {
        const row: Row = {};
        for (let c = 0; c < names.length; c++) row[names[c]!] = fromDuckDbValue(columns[c]![r] ?? null);
        batch.push(row as R);
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
    }
    if (batch.length > 0) yield batch;
  }
}

/** VARCHAR(n) lengths of a warehouse table, from its specification. */
function maxLengths(table: string): Map<string, number> {
  const lengths = new Map<string, number>();
  for (const column of tableSpec(table)?.columns ?? []) if (column.type === 'varchar' && column.length !== undefined) lengths.set(column.name, column.length);
  return lengths;
}

/**
 * DuckDB's messages can quote the value that failed ("Could not convert string 'X' to INT32"): keep only their kind,
 * as a safe message, and the original error as `cause`.
 */
function rethrowSafe(error: unknown): never {
  if (error instanceof AppError) throw error;
  const text = error instanceof Error ? error.message : '';
  const kind = /^([A-Za-z ]+) Error:/.exec(text)?.[1] ?? '';
  switch (kind) {
    case 'Conversion':
    case 'Invalid Input':
    case 'Out of Range':
      throw new AppError('invalid_input', `DuckDB rejected a value (${kind.toLowerCase()} error)`, { cause: error });
    case 'Constraint':
      throw new AppError('invalid_input', 'a value violates a constraint of the warehouse', { cause: error });
    case 'Catalog':
      throw new AppError('not_found', 'a table or column of the query does not exist (is the warehouse initialised?)', { cause: error });
    case 'Interrupt':
      throw new AppError('conflict', 'the query was interrupted', { cause: error });
    default:
      throw new AppError('internal', `DuckDB ${kind === '' ? 'error' : `${kind.toLowerCase()} error`}`, { cause: error });
  }
}

function compile(statement: SqlNode | CompiledQuery): CompiledQuery {
  return 'sql' in statement && 'parameters' in statement ? statement : compileQuery(statement, DUCKDB_DIALECT);
}

function toDuckDbParameters(parameters: readonly unknown[]): DuckDBValue[] | undefined {
  return parameters.length === 0 ? undefined : (parameters as DuckDBValue[]);
}

function rowObject<R extends Row>(names: readonly string[], values: readonly DuckDBValue[]): R {
  const row: Row = {};
  for (let i = 0; i < names.length; i++) row[names[i]!] = fromDuckDbValue(values[i] ?? null);
  return row as R;
}
