import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { AppError, asError } from '@parcours/core';
import { compileQuery, type CompiledQuery } from '../sql/compile-query.js';
import { POSTGRES_DIALECT, quoteIdentifier } from '../sql/dialect.js';
import type { SqlNode } from '../sql/nodes.js';
import type { AppendOptions, Row, StreamOptions, Warehouse, WarehouseSession, WarehouseValue } from '../warehouse.js';
import { CopyTextEncoder } from './copy-encoder.js';
import type { CopyColumnKind } from './copy-text.js';

export interface PostgresWarehouseOptions {
  readonly connectionString: string;
  /** Schema holding the warehouse tables; created by `init`. */
  readonly schema: string;
  /** Safe form of the URL (password masked), for messages. */
  readonly displayUrl: string;
  /** Create the schema if it does not exist. */
  readonly create?: boolean;
  readonly maxConnections?: number;
}

// Read values the way every engine reports them (see WarehouseValue): no JS Date (time-zone shifts), BIGINT as
// bigint, NUMERIC as its exact text.
const TYPE_OIDS = { int8: 20, numeric: 1700, date: 1082, timestamp: 1114, timestamptz: 1184 } as const;
const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    switch (oid) {
      case TYPE_OIDS.int8: return (text: string) => BigInt(text);
      case TYPE_OIDS.numeric: return (text: string) => text;
      case TYPE_OIDS.date: return (text: string) => text;
      case TYPE_OIDS.timestamp: return (text: string) => text.replace(' ', 'T');
      case TYPE_OIDS.timestamptz: return (text: string) => text.replace(' ', 'T');
      default: return pg.types.getTypeParser(oid, format as 'text') as (text: string) => unknown;
    }
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * The server warehouse on PostgreSQL: a connection pool, tables in one schema (`search_path` set per connection),
 * bulk loads through COPY.
 *
 * @example
 * await using wh = await PostgresWarehouse.open({ connectionString: 'postgres://postgres@127.0.0.1/test', schema: 'cdm', displayUrl: '...' });
 */
export class PostgresWarehouse implements Warehouse {
  readonly engine = 'postgres' as const;
  readonly dialect = POSTGRES_DIALECT;
  readonly displayUrl: string;
  readonly namespace: string;
  private readonly pool: pg.Pool;
  private closed = false;

  private constructor(pool: pg.Pool, options: PostgresWarehouseOptions) {
    this.pool = pool;
    this.displayUrl = options.displayUrl;
    this.namespace = options.schema;
  }

  static async open(options: PostgresWarehouseOptions): Promise<PostgresWarehouse> {
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 4,
      connectionTimeoutMillis: 10_000,
      types: typeParsers,
      // search_path is set for every new connection, so unqualified OMOP table names resolve to the schema.
      options: `-c search_path=${options.schema}`,
    });
    pool.on('error', () => undefined); // idle-client errors surface on the next query instead of crashing
    const warehouse = new PostgresWarehouse(pool, options);
    try {
      const client = await pool.connect();
      try {
        const rows = await client.query<{ exists: boolean }>('select exists (select 1 from pg_namespace where nspname = $1) as exists', [options.schema]);
        if (!rows.rows[0]?.exists) {
          if (!options.create) {
            throw new AppError('not_found', `no warehouse schema "${options.schema}" in this database`, {
              details: { hint: 'create it with `parcours init`' },
            });
          }
          await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(options.schema)}`);
        }
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw toAppError(error, options.displayUrl);
    }
    return warehouse;
  }

  private async withClient<T>(work: (session: PostgresSession) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw toAppError(error, this.displayUrl);
    }
    try {
      return await work(new PostgresSession(client, this.namespace));
    } finally {
      client.release();
    }
  }

  query<R extends Row = Row>(statement: SqlNode | CompiledQuery): Promise<R[]> {
    return this.withClient((s) => s.query<R>(statement));
  }

  execute(statement: SqlNode | CompiledQuery): Promise<number> {
    return this.withClient((s) => s.execute(statement));
  }

  append(table: string, rows: Parameters<WarehouseSession['append']>[1], options?: AppendOptions): Promise<number> {
    return this.withClient((s) => s.append(table, rows, options));
  }

  async *stream<R extends Row = Row>(statement: SqlNode | CompiledQuery, options?: StreamOptions): AsyncIterable<R[]> {
    const client = await this.pool.connect().catch((error: unknown) => {
      throw toAppError(error, this.displayUrl);
    });
    try {
      await client.query('BEGIN READ ONLY');
      try {
        yield* new PostgresSession(client, this.namespace).stream<R>(statement, options);
      } finally {
        await client.query('COMMIT').catch(() => undefined);
      }
    } finally {
      client.release();
    }
  }

  transaction<T>(work: (tx: WarehouseSession) => Promise<T>): Promise<T> {
    return this.withClient(async (session) => {
      await session.raw('BEGIN');
      try {
        const result = await work(session);
        await session.raw('COMMIT');
        return result;
      } catch (error) {
        await session.raw('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  async listTables(): Promise<string[]> {
    const rows = await this.query<{ table_name: string }>({
      sql: "select table_name from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE' order by table_name",
      parameters: [this.namespace],
    });
    return rows.map((r) => r.table_name.toLowerCase());
  }

  async sizeInBytes(): Promise<number> {
    const rows = await this.query<{ bytes: string | null }>({
      sql: 'select sum(pg_total_relation_size(c.oid))::text as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relkind = \'r\'',
      parameters: [this.namespace],
    });
    return Number(rows[0]?.bytes ?? 0);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

class PostgresSession implements WarehouseSession {
  readonly engine = 'postgres' as const;
  readonly dialect = POSTGRES_DIALECT;
  private readonly client: pg.PoolClient;
  private readonly schema: string;

  constructor(client: pg.PoolClient, schema: string) {
    this.client = client;
    this.schema = schema;
  }

  async raw(sql: string): Promise<void> {
    await this.client.query(sql);
  }

  async query<R extends Row = Row>(statement: SqlNode | CompiledQuery): Promise<R[]> {
    const { sql, parameters } = compile(statement);
    const result = await this.client.query(sql, parameters.map(toPgParameter)).catch(rethrowSafe);
    return result.rows as R[];
  }

  async execute(statement: SqlNode | CompiledQuery): Promise<number> {
    const { sql, parameters } = compile(statement);
    const result = await this.client.query(sql, parameters.map(toPgParameter)).catch(rethrowSafe);
    return result.rowCount ?? 0;
  }

  async append(table: string, rows: Parameters<WarehouseSession['append']>[1], options: AppendOptions = {}): Promise<number> {
    const info = await this.client.query<{ column_name: string; data_type: string }>(
      'select column_name, data_type from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position',
      [this.schema, table],
    );
    if (info.rows.length === 0) throw new AppError('not_found', `no table ${table} in the warehouse`, { details: { field: 'table' } });
    const types = new Map(info.rows.map((r) => [r.column_name, r.data_type]));
    const columns = options.columns ?? info.rows.map((r) => r.column_name);
    const kinds: CopyColumnKind[] = columns.map((c) => {
      const type = types.get(c);
      if (type === undefined) throw new AppError('invalid_argument', `table ${table} has no column ${c}`, { details: { column: c } });
      return type === 'date' ? 'date' : type.startsWith('timestamp') ? 'timestamp' : 'other';
    });
    let count = 0;
    const encoder = new CopyTextEncoder(kinds);
    // What the caller's rows throw (their generator, the abort signal) is passed on as it is, not as a COPY failure.
    let sourceError: Error | undefined;
    async function* encode(): AsyncGenerator<Buffer> {
      try {
        if (Symbol.asyncIterator in rows) {
          for await (const batch of rows) {
            options.signal?.throwIfAborted();
            for (const row of batch) encoder.writeRow(row);
            count += batch.length;
            yield* encoder.take();
            options.onProgress?.(count);
          }
        } else {
          for (const row of rows) {
            encoder.writeRow(row);
            if ((++count & 0x3fff) === 0) {
              options.signal?.throwIfAborted();
              yield* encoder.take();
              options.onProgress?.(count);
            }
          }
        }
        yield* encoder.take(true);
        options.onProgress?.(count);
      } catch (error) {
        sourceError = asError(error);
        throw error;
      }
    }
    const copySql = `COPY ${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(', ')}) FROM STDIN`;
    try {
      await pipeline(Readable.from(encode()), this.client.query(copyFrom(copySql)));
    } catch (error) {
      if (sourceError !== undefined) throw sourceError;
      rethrowSafe(error);
    }
    return count;
  }

  /** Cursor-based reading: FETCH batches inside the caller's transaction, so memory stays bounded. */
  async *stream<R extends Row = Row>(statement: SqlNode | CompiledQuery, options: StreamOptions = {}): AsyncIterable<R[]> {
    const { sql, parameters } = compile(statement);
    const cursor = quoteIdentifier(`parcours_cursor_${Math.random().toString(36).slice(2)}`);
    await this.client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}`, parameters.map(toPgParameter)).catch(rethrowSafe);
    const batchSize = Math.max(1, Math.trunc(options.batchSize ?? 10_000));
    try {
      for (;;) {
        options.signal?.throwIfAborted();
        const result = await this.client.query(`FETCH ${batchSize} FROM ${cursor}`);
        if (result.rows.length === 0) break;
        yield result.rows as R[];
      }
    } finally {
      await this.client.query(`CLOSE ${cursor}`).catch(() => undefined);
    }
  }
}

function compile(statement: SqlNode | CompiledQuery): CompiledQuery {
  return 'sql' in statement && 'parameters' in statement ? statement : compileQuery(statement, POSTGRES_DIALECT);
}

function toPgParameter(value: WarehouseValue): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/**
 * PostgreSQL errors can quote the offending value in `detail` (e.g. a unique violation); only the message and SQL
 * state are kept, and the original error stays in `cause` for debugging, never printed by the CLI.
 */
function rethrowSafe(error: unknown): never {
  if (error instanceof AppError) throw error;
  const pgError = error as { code?: string; message?: string };
  const state = pgError.code ?? '';
  if (state.startsWith('08') || state === '57P01' || state === '57P03') {
    throw new AppError('connection_failed', 'the PostgreSQL connection was lost', { cause: error });
  }
  if (state === '42P01') throw new AppError('not_found', 'a table of the query does not exist (is the warehouse initialised?)', { cause: error });
  if (state.startsWith('22') || state.startsWith('23')) {
    throw new AppError('invalid_input', `PostgreSQL rejected a value (SQLSTATE ${state})`, { cause: error });
  }
  throw new AppError('internal', `PostgreSQL error ${state}`.trim(), { cause: error });
}

function toAppError(error: unknown, displayUrl: string): AppError {
  if (error instanceof AppError) return error;
  const e = error as { code?: string; message?: string };
  const code = e.code ?? '';
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ETIMEDOUT' || code === 'ECONNRESET' || /timeout/i.test(e.message ?? '')) {
    return new AppError('connection_failed', `cannot connect to PostgreSQL at ${displayUrl}`, {
      cause: error,
      details: { hint: 'check that the server is running and the host and port are right' },
    });
  }
  if (code === '28P01' || code === '28000') return new AppError('forbidden', `PostgreSQL refused the credentials for ${displayUrl}`, { cause: error });
  if (code === '3D000') return new AppError('not_found', `the database in ${displayUrl} does not exist`, { cause: error });
  return new AppError('connection_failed', `cannot open the PostgreSQL warehouse at ${displayUrl}`, { cause: error });
}
