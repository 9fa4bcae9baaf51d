import { DuckDBDataChunk, DuckDBTypeId, type DuckDBAppender, type DuckDBType } from '@duckdb/node-api';
import { AppError, isoDateToDayNumber } from '@parcours/core';
import type { AppendValue } from '../warehouse.js';
import { parseTimestampMicros } from './duckdb-values.js';

/** DuckDB's vector size: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;

/** What the vector classes of @duckdb/node-api have in common (typed arrays filled in JS, copied once on flush). */
interface WritableVector {
  setItem(index: number, value: unknown): void;
  flush(): void;
}

/**
 * The inside of @duckdb/node-api's fixed-width vectors (pinned version): `items`, a typed array copied to DuckDB on
 * flush, and `validity.data`, a 64-bit mask per 64 rows (null = all valid). Writing them directly skips a
 * per-value BigInt mask update, the dominant cost of `setItem` for nullable columns. Checked at run time: a
 * vector without this shape goes through `setItem`.
 */
interface FixedWidthVector extends WritableVector {
  items: Int32Array | Float64Array | BigInt64Array;
  validity: { data: BigUint64Array | null };
}

interface VarCharVector extends WritableVector {
  itemCache: unknown[];
  itemCacheDirty: boolean[];
  validity: { data: BigUint64Array | null };
}

function isFixedWidth(vector: WritableVector): vector is FixedWidthVector {
  const v = vector as Partial<FixedWidthVector>;
  return ArrayBuffer.isView(v.items) && typeof v.validity === 'object' && v.validity !== null && 'data' in v.validity;
}

function isVarChar(vector: WritableVector): vector is VarCharVector {
  const v = vector as Partial<VarCharVector>;
  return Array.isArray(v.itemCache) && Array.isArray(v.itemCacheDirty) && typeof v.validity === 'object' && v.validity !== null && 'data' in v.validity;
}

/** Raw value a fixed-width slot holds: days for DATE, micros for TIMESTAMP, the number or bigint otherwise. */
type RawConverter = (value: AppendValue) => number | bigint;

type ValueConverter = (value: AppendValue) => unknown;

/**
 * Appends rows through whole data chunks instead of one native call per value: each column's values go into the
 * vector's typed array in JavaScript and cross into DuckDB in one copy per 2,048 rows. This is what makes the
 * appender reach millions of rows per second (see bench/results/warehouse-append.md).
 */
export class DuckDbChunkWriter {
  private readonly appender: DuckDBAppender;
  private readonly columns: readonly string[];
  private readonly types: readonly DuckDBType[];
  private readonly converters: readonly ValueConverter[];
  private readonly rawConverters: readonly (RawConverter | undefined)[];
  /** Validity words (32 bits each) of the column being written; bit set = valid. */
  private readonly words = new Uint32Array(CHUNK_ROWS / 32);
  private readonly chunk: DuckDBDataChunk;
  private readonly pending: (readonly AppendValue[])[] = [];
  /** Rows handed to DuckDB so far (for locating a bad value). */
  written = 0;

  /**
   * @param maxLengths declared VARCHAR(n) lengths by column (DuckDB ignores them; PostgreSQL enforces them, so
   *   they are checked here to make both engines accept and refuse the same rows).
   */
  constructor(appender: DuckDBAppender, columns: readonly string[], maxLengths: ReadonlyMap<string, number> = new Map()) {
    this.appender = appender;
    this.columns = columns;
    this.types = columns.map((_, i) => appender.columnType(i));
    this.converters = this.types.map((t, i) => withMaxLength(converterFor(t, columns[i]!), maxLengths.get(columns[i]!), columns[i]!));
    this.rawConverters = this.types.map((t, i) => rawConverterFor(t, this.converters[i]!));
    this.chunk = DuckDBDataChunk.create(this.types, CHUNK_ROWS);
  }

  add(row: readonly AppendValue[]): void {
    this.pending.push(row);
    if (this.pending.length === CHUNK_ROWS) this.flushChunk();
  }

  /** Send the rows still pending (a partial chunk). */
  finish(): void {
    if (this.pending.length > 0) this.flushChunk();
  }

  /** Fill a fixed-width column: values into `items`, nulls into the validity words, then one copy each. */
  private writeFixedWidth(vector: FixedWidthVector, rows: readonly (readonly AppendValue[])[], c: number, n: number, raw: RawConverter): void {
    const items = vector.items;
    const words = this.words;
    words.fill(0xffffffff);
    let nulls = 0;
    for (let r = 0; r < n; r++) {
      const value = rows[r]![c];
      if (value === null || value === undefined) {
        words[r >>> 5]! &= ~(1 << (r & 31));
        nulls++;
      } else {
        (items as { [index: number]: number | bigint })[r] = raw(value);
      }
    }
    this.writeValidity(vector.validity, nulls);
    vector.flush();
  }

  private writeVarChar(vector: VarCharVector, rows: readonly (readonly AppendValue[])[], c: number, n: number, convert: ValueConverter): void {
    const words = this.words;
    words.fill(0xffffffff);
    let nulls = 0;
    for (let r = 0; r < n; r++) {
      const value = convert(rows[r]![c]);
      vector.itemCache[r] = value;
      vector.itemCacheDirty[r] = true;
      if (value === null) {
        words[r >>> 5]! &= ~(1 << (r & 31));
        nulls++;
      }
    }
    this.writeValidity(vector.validity, nulls);
    vector.flush();
  }

  /** Copy the validity words into the vector's mask (creating it when a null first appears). */
  private writeValidity(validity: { data: BigUint64Array | null }, nulls: number): void {
    if (validity.data === null) {
      if (nulls === 0) return; // no mask = all valid
      validity.data = new BigUint64Array(CHUNK_ROWS / 64);
    }
    new Uint32Array(validity.data.buffer, validity.data.byteOffset, validity.data.length * 2).set(this.words.subarray(0, validity.data.length * 2));
  }

  private flushChunk(): void {
    const rows = this.pending;
    const n = rows.length;
    this.chunk.rowCount = n;
    for (let c = 0; c < this.columns.length; c++) {
      const vector = this.chunk.getColumnVector(c) as unknown as WritableVector;
      const convert = this.converters[c]!;
      const raw = this.rawConverters[c];
      let r = 0;
      try {
        if (raw !== undefined && isFixedWidth(vector)) this.writeFixedWidth(vector, rows, c, n, raw);
        else if (isVarChar(vector)) this.writeVarChar(vector, rows, c, n, convert);
        else for (; r < n; r++) vector.setItem(r, convert(rows[r]![c]));
      } catch (cause) {
        const column = this.columns[c]!;
        throw new AppError('invalid_input', `a value of the wrong type or out of range for column ${column} (row ${this.written + r + 1} of this append)`, {
          cause,
          details: { column, row: this.written + r + 1 },
        });
      }
      vector.flush();
    }
    this.appender.appendDataChunk(this.chunk);
    this.written += n;
    this.pending.length = 0;
  }
}

function withMaxLength(convert: ValueConverter, maxLength: number | undefined, column: string): ValueConverter {
  if (maxLength === undefined) return convert;
  return (value) => {
    const converted = convert(value);
    if (typeof converted === 'string' && converted.length > maxLength) {
      throw new AppError('invalid_input', `a value longer than ${maxLength} characters for column ${column}`, { details: { column } });
    }
    return converted;
  };
}

/** The plain number or bigint a fixed-width vector stores, or undefined where `setItem` must be used. */
function rawConverterFor(type: DuckDBType, convert: ValueConverter): RawConverter | undefined {
  switch (type.typeId) {
    case DuckDBTypeId.INTEGER:
      return (v) => {
        const n = convert(v) as number;
        if (!Number.isInteger(n) || n < -2_147_483_648 || n > 2_147_483_647) throw new RangeError('not a 32-bit integer');
        return n;
      };
    case DuckDBTypeId.DOUBLE:
      return (v) => convert(v) as number;
    case DuckDBTypeId.BIGINT:
      return (v) => {
        const n = convert(v) as bigint;
        if (BigInt.asIntN(64, n) !== n) throw new RangeError('not a 64-bit integer');
        return n;
      };
    case DuckDBTypeId.DATE:
      return (v) => (convert(v) as { days: number }).days;
    case DuckDBTypeId.TIMESTAMP:
      return (v) => (convert(v) as { micros: bigint }).micros;
    default:
      return undefined;
  }
}

function converterFor(type: DuckDBType, column: string): ValueConverter {
  const bad = (): never => {
    throw new AppError('invalid_input', `a value of the wrong type for column ${column}`, { details: { column } });
  };
  const isNull = (v: AppendValue) => v === null || v === undefined;
  switch (type.typeId) {
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.TINYINT:
      return (v) => (isNull(v) ? null : typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : bad());
    case DuckDBTypeId.BIGINT:
      return (v) =>
        isNull(v) ? null : typeof v === 'bigint' ? v : typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : typeof v === 'string' && /^-?\d+$/.test(v) ? BigInt(v) : bad();
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.FLOAT:
      return (v) => {
        if (isNull(v)) return null;
        if (typeof v === 'number') return v;
        if (typeof v === 'bigint') return Number(v);
        if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
        return bad();
      };
    case DuckDBTypeId.DATE:
      // The vector reads `.days`; a plain object avoids one class allocation per value.
      return (v) => {
        if (isNull(v)) return null;
        if (typeof v === 'number' && Number.isInteger(v)) return { days: v };
        if (typeof v === 'string') {
          try {
            return { days: isoDateToDayNumber(v.length > 10 ? v.slice(0, 10) : v) };
          } catch (cause) {
            throw new AppError('invalid_input', `not a date (YYYY-MM-DD) in column ${column}`, { cause, details: { column } });
          }
        }
        return bad();
      };
    case DuckDBTypeId.TIMESTAMP:
      return (v) => {
        if (isNull(v)) return null;
        if (typeof v === 'string') return { micros: parseTimestampMicros(v, column) };
        if (typeof v === 'number' && Number.isInteger(v)) return { micros: BigInt(v) * 86_400_000_000n };
        return bad();
      };
    case DuckDBTypeId.BOOLEAN:
      return (v) => (isNull(v) ? null : typeof v === 'boolean' ? v : bad());
    default:
      return (v) => (isNull(v) ? null : typeof v === 'string' ? v : String(v));
  }
}
