import { BIGINT, DuckDBTableFunction, type DuckDBConnection, type DuckDBDataChunk, type DuckDBType } from '@duckdb/node-api';
import { asError } from '@parcours/core';
import type { AppendValue } from '../warehouse.js';
import { CHUNK_ROWS, DuckDbChunkEncoder, type EncodedChunk } from './duckdb-chunk-writer.js';

/** The table function through which appended rows reach DuckDB: `select * from parcours_append_feed(<feed id>)`. */
export const APPEND_FEED_FUNCTION = 'parcours_append_feed';

type Row = readonly AppendValue[];

/**
 * Chunks queued that make a statement worth DuckDB's threads: two row groups (122,880 rows each), one per thread on
 * two cores. A smaller statement runs on one thread, insertion order kept: many small parallel INSERTs in one
 * transaction made DuckDB hold ~3 MB more per statement until the commit (measured: 600 appends of 10,000 rows,
 * 1.9 GiB against 0.27 GiB).
 */
const PARALLEL_CHUNKS = 120;
/** Chunks encoded ahead of DuckDB at most (bounds memory: ~0.3 MB each for a measurement row). */
const MAX_QUEUED_CHUNKS = 256;
/** A producer that adds nothing for this long is waiting on its own source: what is queued starts without it. */
const STALL_MS = 100;

/** How the next statement reads the queue. */
export type StatementMode = 'parallel' | 'serial';

/**
 * The rows of one append, encoded by JavaScript into a bounded queue of chunks that DuckDB reads through the
 * `parcours_append_feed` table function (`INSERT … SELECT * FROM parcours_append_feed(id)`).
 *
 * Why not DuckDB's appender: it does its work (buffering, compressing row groups) inside the JavaScript call, on
 * the one JavaScript thread. Read by an INSERT, the rows are written by DuckDB's own threads in parallel while
 * JavaScript encodes the next ones, and each call into JavaScript is one memory copy per column.
 *
 * A table function cannot wait: a call that finds the queue empty ends the statement, and the caller starts another
 * once rows are queued again. A fast producer feeds one long parallel statement; a small append, or a source that
 * stalls, gets statements on one thread (see PARALLEL_CHUNKS).
 */
export class AppendFeed {
  readonly columns: readonly string[];
  readonly types: readonly DuckDBType[];
  private readonly encoder: DuckDbChunkEncoder;
  private readonly queue: EncodedChunk[] = [];
  private readonly carry: Row[] = [];
  private encoded = 0;
  private produced = false;
  /** A statement is reading (until a call finds the queue empty), and how. */
  private reading = false;
  private mode: StatementMode = 'serial';
  /** Rows handed to DuckDB by the current statement. */
  private served = 0;
  private waiters: (() => void)[] = [];
  /** The error that stopped the append (a bad value, the caller's generator), thrown instead of DuckDB's message. */
  failure: Error | undefined = undefined;

  constructor(columns: readonly string[], types: readonly DuckDBType[], maxLengths: ReadonlyMap<string, number>) {
    this.columns = columns;
    this.types = types;
    this.encoder = new DuckDbChunkEncoder(columns, types, maxLengths);
  }

  /**
   * Encode every row into the queue, waiting while it is full. Accepts both forms `append` takes: rows one by
   * one, or batches from an async generator; a batch is encoded in place, only rows short of a chunk wait.
   */
  async produce(rows: Iterable<Row> | AsyncIterable<readonly Row[]>, signal: AbortSignal | undefined): Promise<void> {
    try {
      if (Symbol.asyncIterator in rows) {
        for await (const batch of rows) {
          signal?.throwIfAborted();
          await this.take(batch);
        }
      } else {
        for (const row of rows) {
          this.carry.push(row);
          if (this.carry.length === CHUNK_ROWS) await this.flushCarry();
        }
      }
      signal?.throwIfAborted();
      if (this.carry.length > 0) await this.flushCarry();
    } catch (error) {
      this.failure ??= asError(error);
      throw error;
    } finally {
      this.produced = true;
      this.notify();
    }
  }

  private async take(batch: readonly Row[]): Promise<void> {
    const carry = this.carry;
    let i = 0;
    if (carry.length > 0) {
      while (carry.length < CHUNK_ROWS && i < batch.length) carry.push(batch[i++]!);
      if (carry.length < CHUNK_ROWS) return;
      await this.flushCarry();
    }
    for (; i + CHUNK_ROWS <= batch.length; i += CHUNK_ROWS) await this.push(batch, i, CHUNK_ROWS);
    for (; i < batch.length; i++) carry.push(batch[i]!);
  }

  private async flushCarry(): Promise<void> {
    await this.push(this.carry, 0, this.carry.length);
    this.carry.length = 0;
  }

  private async push(rows: readonly Row[], from: number, n: number): Promise<void> {
    while (this.queue.length >= MAX_QUEUED_CHUNKS && this.failure === undefined) await this.changed();
    if (this.failure !== undefined) throw this.failure;
    this.queue.push(this.encoder.encode(rows, from, n, this.encoded + 1));
    this.encoded += n;
    this.notify();
  }

  /**
   * How the next statement should run, once there is reason to start one: enough rows queued for DuckDB's threads
   * ('parallel'), or fewer but nothing more coming soon — the rows are all encoded, or the producer has stalled
   * ('serial'). Undefined when nothing is left; throws what stopped the producer.
   */
  async nextStatement(): Promise<StatementMode | undefined> {
    let stalled = false;
    for (;;) {
      if (this.failure !== undefined) throw this.failure;
      const queued = this.queue.length;
      if (queued >= PARALLEL_CHUNKS) return 'parallel';
      if (queued > 0 && (this.produced || stalled)) return 'serial';
      if (this.produced) return undefined;
      stalled = !(await this.changed(queued > 0 ? STALL_MS : undefined));
    }
  }

  beginStatement(mode: StatementMode): void {
    this.reading = true;
    this.mode = mode;
    this.served = 0;
  }

  /** Rows the statement was given. */
  endStatement(): number {
    this.reading = false;
    return this.served;
  }

  /** Stop: the producer ends at its next chunk, the statement at its next call. */
  abandon(reason: unknown): void {
    this.failure ??= asError(reason);
    this.notify();
  }

  /** The table function's body: the next queued chunk, or an empty chunk that ends the statement. */
  fillChunk(output: DuckDBDataChunk): void {
    // A statement on one thread gives way once enough is queued for a parallel one (a stalled source resumed).
    const yieldToParallel = this.mode === 'serial' && this.queue.length >= PARALLEL_CHUNKS;
    const chunk = this.reading && this.failure === undefined && !yieldToParallel ? this.queue.shift() : undefined;
    if (chunk === undefined) {
      // Once one call has ended the statement, later calls (other threads) end it too.
      this.reading = false;
      output.rowCount = 0;
      return;
    }
    try {
      chunk.copyInto(output);
    } finally {
      // DuckDB has its own copy now: the buffers serve again.
      this.encoder.release(chunk);
    }
    this.served += chunk.rows;
    this.notify();
  }

  /** Resolves true at the next change, or false after `timeoutMs` without one. */
  private changed(timeoutMs?: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private notify(): void {
    if (this.waiters.length === 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/** The feeds of one connection's appends in progress, by the id their INSERT statement names. */
export class AppendFeeds {
  private readonly feeds = new Map<number, AppendFeed>();
  private lastId = 0;

  /** Register the table function on this connection (once, outside a transaction). */
  register(connection: DuckDBConnection): void {
    connection.registerTableFunction(
      DuckDBTableFunction.create({
        name: APPEND_FEED_FUNCTION,
        parameterTypes: [BIGINT],
        bindFunction: (bind) => {
          const feed = this.feeds.get(Number(bind.getParameter(0)));
          if (feed === undefined) {
            bind.setError('no append in progress with this id');
            return;
          }
          feed.columns.forEach((column, i) => bind.addResultColumn(column, feed.types[i]!));
          bind.setBindData(feed);
        },
        // DuckDB caps this at its `threads` setting: every core takes chunks.
        initFunction: (init) => init.setMaxThreads(1024),
        mainFunction: (info, output) => {
          const feed = info.bindData as AppendFeed;
          try {
            feed.fillChunk(output);
          } catch (error) {
            output.rowCount = 0;
            info.setError('the append was stopped by an error in Parcours');
            feed.abandon(error);
          }
        },
      }),
    );
  }

  open(feed: AppendFeed): number {
    const id = ++this.lastId;
    this.feeds.set(id, feed);
    return id;
  }

  close(id: number): void {
    this.feeds.delete(id);
  }
}
