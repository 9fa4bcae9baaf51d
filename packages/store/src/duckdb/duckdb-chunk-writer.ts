import duckdb from '@duckdb/node-bindings';
import { DuckDBTypeId, type DuckDBDataChunk, type DuckDBType } from '@duckdb/node-api';
import { AppError } from '@parcours/core';
import type { AppendValue } from '../warehouse.js';
import { dateTextToDayNumber, parseTimestampMicros } from './duckdb-values.js';

/** DuckDB's vector size: a data chunk holds at most this many rows. */
export const CHUNK_ROWS = 2048;

type Rows = readonly (readonly AppendValue[])[];

/**
 * One column of a chunk being written: its values in a typed array laid out as DuckDB's vector memory (the C API's
 * documented layouts: int32, int64, double, uint8 booleans, 16-byte `duckdb_string_t`), copied into the vector in
 * one call. Per-value native calls were the cost of the library's own vector writers (VARCHAR above all).
 * Each type has its own `fill` loop, alike in shape, on purpose: one loop per type stays monomorphic in V8 and
 * writes its typed array directly, where a shared loop would call a converter per value.
 */
interface ColumnBuffer {
  /** Write column `c` of rows[from..from+n) into the buffer, clearing the validity bit of each null; returns the nulls. */
  fill(rows: Rows, c: number, from: number, n: number, valid: Uint32Array): number;
  /** Copy the first n values into the chunk's vector (after `fill`). */
  copyTo(chunk: DuckDBDataChunk, c: number, vector: duckdb.Vector, n: number): void;
}

/** A bad value at row `row` (0-based within the chunk), for the writer to locate in the whole append. */
class BadValue extends Error {
  readonly row: number;
  readonly reason: string;
  constructor(row: number, reason: string, cause?: unknown) {
    super(reason, { cause });
    this.row = row;
    this.reason = reason;
  }
}

function clearBit(valid: Uint32Array, r: number): void {
  valid[r >>> 5]! &= ~(1 << (r & 31));
}

/** A column whose values sit side by side at a fixed width: one copy of the typed array fills the vector. */
abstract class FixedWidthBuffer implements ColumnBuffer {
  abstract readonly items: Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer> | BigInt64Array<ArrayBuffer> | Uint8Array<ArrayBuffer>;
  abstract fill(rows: Rows, c: number, from: number, n: number, valid: Uint32Array): number;
  copyTo(_chunk: DuckDBDataChunk, _c: number, vector: duckdb.Vector, n: number): void {
    duckdb.copy_data_to_vector(vector, 0, this.items.buffer, this.items.byteOffset, n * this.items.BYTES_PER_ELEMENT);
  }
}

/** INTEGER: numbers that are 32-bit integers, bigints and digit strings within range. */
class Int32Buffer extends FixedWidthBuffer {
  readonly items = new Int32Array(CHUNK_ROWS);
  fill(rows: Rows, c: number, from: number, n: number, valid: Uint32Array): number {
    const items = this.items;
    let nulls = 0;
    for (let r = 0; r < n; r++) {
      const v = rows[from + r]![c];
      if (typeof v === 'number' && (v | 0) === v) items[r] = v;
      else if (v === null || v === undefined) {
        clearBit(valid, r);
        nulls++;
      } else items[r] = toInt32(v, r);
    }
    return nulls;
  }
}

function toInt32(v: AppendValue, r: number): number {
  const n = typeof v === 'bigint' ? Number(v) : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : typeof v === 'number' ? v : NaN;
  if (Number.isNaN(n)) throw new BadValue(r, 'not an integer');
  if (!Number.isInteger(n) || n < -2_147_483_648 || n > 2_147_483_647) throw new BadValue(r, 'not a 32-bit integer');
  return n;
}

/** DATE: day numbers (days since 1970-01-01) or ISO date strings (a time part is dropped). */
class DateBuffer extends FixedWidthBuffer {
  readonly items = new Int32Array(CHUNK_ROWS);
  // Feeds repeat dates (a patient's events, a day's lab results): the last parsed text is kept.
  private lastText = '';
  private lastDays = 0;
  fill(rows: Rows, c: number, from: number, n: number, valid: Uint32Array): number {
    const items = this.items;
    let nulls = 0;
    for (let r = 0; r < n; r++) {
      const v = rows[from + r]![c];
      if (typeof v === 'string') {
        if (v !== this.lastText) {
          this.lastDays = parseDate(v, r);
          this.lastText = v;
        }
        items[r] = this.lastDays;
      } else if (typeof v === 'number' && (v | 0) === v) items[r] = v;
      else if (v === null || v === undefined) {
        clearBit(valid, r);
        nulls++;
      } else throw new BadValue(r, 'not a date (YYYY-MM-DD or a day number)');
    }
    return nulls;
  }
}

function parseDate(text: string, r: number): number {
  try {
    return dateTextToDayNumber(text);
  } catch (cause) {
    throw new BadValue(r, 'not a date (YYYY-MM-DD)', cause);
  }
}

/** DOUBLE: numbers, bigints, numeric strings. */
class Float64Buffer extends FixedWidthBuffer {
  readonly items = new Float64Array(CHUNK_ROWS);
  fill(rows: Rows, c: number, from: number, n: number, valid: Uint32Array): number {
    const items = this.items;
    let nulls = 0;
    for (let r = 0; r < n; r++) {
      const v = rows[from + r]![c];
      if (typeof v === 'number') items[r] = v;
      else if (v === null || v === undefined) {
        clearBit(valid, r);
        nulls++;
      } else if (typeof v === 'bigint') items[r] = Number(v);
      else if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) items[r] = Number(v);
      else throw new BadValue(r, 'not a number');
    }
    return nulls;
  }
}

/** BIGINT: bigints within 64 bits, safe-integer numbers, digit strings. */
class BigInt64Buffer extends FixedWidthBuffer {
  readonly items = new BigInt64Array(CHUNK_ROWS);
  fill(rows: Rows, c: number, from: number, n: number, valid: Uint32Array): number {
    const items = this.items;
    let nulls = 0;
    for (let r = 0; r < n; r++) {
      const v = rows[from + r]![c];
      if (v === null || v === undefined) {
        clearBit(valid, r);
        nulls++;
        continue;
      }
      const b = typeof v === 'bigint' ? v : typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : typeof v === 'string' && /^-?\d+$/.test(v) ? BigInt(v) : undefined;
      if (b === undefined) throw new BadValue(r, 'not an integer');
      if (BigInt.asIntN(64, b) !== b) throw new BadValue(r, 'not a 64-bit integer');
      items[r] = b;
    }
    return nulls;
  }
}

/** TIMESTAMP (microseconds since the epoch): 'YYYY-MM-DD[ T]HH:MM[:SS[.ffffff]]' strings, or day numbers. */
class TimestampBuffer extends FixedWidthBuffer {
  readonly items = new BigInt64Array(CHUNK_ROWS);
  private lastText = '';
  private lastMicros = 0n;
  private readonly column: string;
  constructor(column: string) {
    super();
    this.column = column;
  }
  fill(rows: Rows, c: number, from: number, n: number, valid: Uint32Array): number {
    const items = this.items;
    let nulls = 0;
    for (let r = 0; r < n; r++) {
      const v = rows[from + r]![c];
      if (typeof v === 'string') {
        if (v !== this.lastText) {
          try {
            this.lastMicros = parseTimestampMicros(v, this.column);
          } catch (cause) {
            throw new BadValue(r, 'not a timestamp', cause);
          }
          this.lastText = v;
        }
        items[r] = this.lastMicros;
      } else if (v === null || v === undefined) {
        clearBit(valid, r);
        nulls++;
      } else if (typeof v === 'number' && Number.isInteger(v)) items[r] = BigInt(v) * 86_400_000_000n;
      else throw new BadValue(r, 'not a timestamp');
    }
    return nulls;
  }
}

/** BOOLEAN: booleans only (one byte each). */
class BooleanBuffer extends FixedWidthBuffer {
  readonly items = new Uint8Array(CHUNK_ROWS);
  fill(rows: Rows, c: number, from: number, n: number, valid: Uint32Array): number {
    const items = this.items;
    let nulls = 0;
    for (let r = 0; r < n; r++) {
      const v = rows[from + r]![c];
      if (typeof v === 'boolean') items[r] = v ? 1 : 0;
      else if (v === null || v === undefined) {
        clearBit(valid, r);
        nulls++;
      } else throw new BadValue(r, 'not a boolean');
    }
    return nulls;
  }
}

/** Bytes DuckDB keeps inside the 16-byte string slot instead of pointing to a heap (duckdb_string_t, "inlined"). */
const INLINE_BYTES = 12;
const encoder = new TextEncoder();

/**
 * VARCHAR: each slot is a `duckdb_string_t` (uint32 byte length, then 12 inline bytes, zero-padded). Strings of up
 * to 12 UTF-8 bytes — most OMOP source values, units and codes — are written into the slots here and copied with
 * the chunk; longer ones go to DuckDB's string heap one call each, after the copy. Other values are stored as their
 * String() text, as PostgreSQL's COPY does.
 */
class VarCharBuffer implements ColumnBuffer {
  private readonly bytes = new Uint8Array(CHUNK_ROWS * 16);
  private readonly words = new Uint32Array(this.bytes.buffer);
  private readonly scratch = new Uint8Array(INLINE_BYTES * 3);
  /** Slots whose string lives on the heap: (row, UTF-8 bytes) pairs for this chunk. */
  private readonly heapRows: number[] = [];
  private readonly heapBytes: Uint8Array[] = [];
  private lastHeapText = '';
  private lastHeapBytes = new Uint8Array(0);
  private readonly maxLength: number | undefined;
  constructor(maxLength: number | undefined) {
    this.maxLength = maxLength;
  }

  fill(rows: Rows, c: number, from: number, n: number, valid: Uint32Array): number {
    const { bytes, words, maxLength } = this;
    this.heapRows.length = 0;
    this.heapBytes.length = 0;
    let nulls = 0;
    for (let r = 0; r < n; r++) {
      const raw = rows[from + r]![c];
      const w = r * 4;
      words[w] = 0;
      words[w + 1] = 0;
      words[w + 2] = 0;
      words[w + 3] = 0;
      if (raw === null || raw === undefined) {
        clearBit(valid, r);
        nulls++;
        continue;
      }
      const v = typeof raw === 'string' ? raw : String(raw);
      const length = v.length;
      if (maxLength !== undefined && length > maxLength) throw new BadValue(r, `a value longer than ${maxLength} characters`);
      if (length <= INLINE_BYTES) {
        // ASCII is written byte for byte; anything else is encoded first and inlined if it still fits.
        const at = r * 16 + 4;
        let i = 0;
        for (; i < length; i++) {
          const code = v.charCodeAt(i);
          if (code > 0x7f) break;
          bytes[at + i] = code;
        }
        if (i === length) {
          words[w] = length;
          continue;
        }
        const { written } = encoder.encodeInto(v, this.scratch);
        if (written <= INLINE_BYTES) {
          bytes.set(this.scratch.subarray(0, written), at);
          bytes.fill(0, at + written, at + INLINE_BYTES);
          words[w] = written;
          continue;
        }
        bytes.fill(0, at, at + INLINE_BYTES);
      }
      if (v !== this.lastHeapText) {
        this.lastHeapBytes = encoder.encode(v);
        this.lastHeapText = v;
      }
      this.heapRows.push(r);
      this.heapBytes.push(this.lastHeapBytes);
    }
    return nulls;
  }

  copyTo(_chunk: DuckDBDataChunk, _c: number, vector: duckdb.Vector, n: number): void {
    duckdb.copy_data_to_vector(vector, 0, this.bytes.buffer, 0, n * 16);
    for (let i = 0; i < this.heapRows.length; i++) duckdb.vector_assign_string_element_len(vector, this.heapRows[i]!, this.heapBytes[i]!);
  }
}

/** Any other type (SMALLINT, FLOAT, DECIMAL…): the library's own vector writer, value by value. */
class GenericBuffer implements ColumnBuffer {
  private values: AppendValue[] = [];
  fill(rows: Rows, c: number, from: number, n: number, valid: Uint32Array): number {
    this.values = new Array<AppendValue>(n);
    let nulls = 0;
    for (let r = 0; r < n; r++) {
      const v = rows[from + r]![c];
      if (v === null || v === undefined) {
        clearBit(valid, r);
        nulls++;
        this.values[r] = null;
      } else this.values[r] = v;
    }
    return nulls;
  }
  copyTo(chunk: DuckDBDataChunk, c: number, _vector: duckdb.Vector, n: number): void {
    const vector = chunk.getColumnVector(c);
    for (let r = 0; r < n; r++) {
      try {
        vector.setItem(r, this.values[r] as never);
      } catch (cause) {
        throw new BadValue(r, `not a ${vector.type.toString()} value`, cause);
      }
    }
    vector.flush();
  }
}

function bufferFor(type: DuckDBType, column: string, maxLength: number | undefined): ColumnBuffer {
  switch (type.typeId) {
    case DuckDBTypeId.INTEGER:
      return new Int32Buffer();
    case DuckDBTypeId.DATE:
      return new DateBuffer();
    case DuckDBTypeId.DOUBLE:
      return new Float64Buffer();
    case DuckDBTypeId.BIGINT:
      return new BigInt64Buffer();
    case DuckDBTypeId.TIMESTAMP:
      return new TimestampBuffer(column);
    case DuckDBTypeId.BOOLEAN:
      return new BooleanBuffer();
    case DuckDBTypeId.VARCHAR:
      return new VarCharBuffer(maxLength);
    default:
      return new GenericBuffer();
  }
}

/**
 * Up to CHUNK_ROWS rows converted to DuckDB's vector layouts, column by column, ready to be copied into a data chunk
 * with one memory copy per column. Held in typed arrays, outside the JavaScript heap's object graph, so that many
 * can wait for DuckDB without weighing on the garbage collector.
 */
export class EncodedChunk {
  /** Rows held. */
  rows = 0;
  /** 1-based position, in the whole append, of the first row. */
  firstRow = 1;
  private readonly columns: readonly string[];
  private readonly buffers: readonly ColumnBuffer[];
  /** Validity bits per column (bit set = valid), 32 rows per word. */
  private readonly valid: readonly Uint32Array<ArrayBuffer>[];
  private readonly nulls: number[];

  constructor(columns: readonly string[], types: readonly DuckDBType[], maxLengths: ReadonlyMap<string, number>) {
    this.columns = columns;
    this.buffers = types.map((t, i) => bufferFor(t, columns[i]!, maxLengths.get(columns[i]!)));
    this.valid = types.map(() => new Uint32Array(CHUNK_ROWS / 32));
    this.nulls = types.map(() => 0);
  }

  /** Convert rows[from..from+n), n ≤ CHUNK_ROWS; a bad value is an `invalid_input` error naming its column and row. */
  encode(rows: Rows, from: number, n: number, firstRow: number): void {
    this.rows = n;
    this.firstRow = firstRow;
    for (let c = 0; c < this.buffers.length; c++) {
      const valid = this.valid[c]!;
      valid.fill(0xffffffff);
      try {
        this.nulls[c] = this.buffers[c]!.fill(rows, c, from, n, valid);
      } catch (cause) {
        throw this.located(cause, c);
      }
    }
  }

  /** Copy the rows into DuckDB's chunk. */
  copyInto(chunk: DuckDBDataChunk): void {
    const n = this.rows;
    chunk.rowCount = n;
    const raw = chunk.chunk;
    const validityBytes = Math.ceil(n / 64) * 8;
    for (let c = 0; c < this.buffers.length; c++) {
      const vector = duckdb.data_chunk_get_vector(raw, c);
      try {
        this.buffers[c]!.copyTo(chunk, c, vector, n);
      } catch (cause) {
        throw this.located(cause, c);
      }
      // A vector without a mask is all valid; one that has a mask (a reused chunk) gets every bit rewritten.
      if (this.nulls[c]! > 0 || duckdb.vector_get_validity(vector, 8) !== null) {
        const valid = this.valid[c]!;
        duckdb.vector_ensure_validity_writable(vector);
        duckdb.copy_data_to_vector_validity(vector, 0, valid.buffer, valid.byteOffset, validityBytes);
      }
    }
  }

  private located(cause: unknown, c: number): unknown {
    if (!(cause instanceof BadValue)) return cause;
    const column = this.columns[c]!;
    const row = this.firstRow + cause.row;
    return new AppError('invalid_input', `${cause.reason} in column ${column} (row ${row} of this append)`, { cause: cause.cause, details: { column, row } });
  }
}

/**
 * Turns the rows of one append (arrays in column order) into EncodedChunks, reusing released ones.
 */
export class DuckDbChunkEncoder {
  private readonly columns: readonly string[];
  private readonly types: readonly DuckDBType[];
  private readonly maxLengths: ReadonlyMap<string, number>;
  private readonly free: EncodedChunk[] = [];

  /**
   * @param maxLengths declared VARCHAR(n) lengths by column (DuckDB ignores them; PostgreSQL enforces them, so
   *   they are checked here to make both engines accept and refuse the same rows).
   */
  constructor(columns: readonly string[], types: readonly DuckDBType[], maxLengths: ReadonlyMap<string, number> = new Map()) {
    this.columns = columns;
    this.types = types;
    this.maxLengths = maxLengths;
  }

  encode(rows: Rows, from: number, n: number, firstRow: number): EncodedChunk {
    const chunk = this.free.pop() ?? new EncodedChunk(this.columns, this.types, this.maxLengths);
    try {
      chunk.encode(rows, from, n, firstRow);
    } catch (error) {
      this.free.push(chunk);
      throw error;
    }
    return chunk;
  }

  /** A chunk DuckDB has copied: its buffers serve again. */
  release(chunk: EncodedChunk): void {
    this.free.push(chunk);
  }
}
