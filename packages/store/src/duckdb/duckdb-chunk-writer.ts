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
  private readonly chunk: DuckDBDataChunk;
  private readonly pending: (readonly AppendValue[])[] = [];
  /** Rows handed to DuckDB so far (for locating a bad value). */
  written = 0;

  constructor(appender: DuckDBAppender, columns: readonly string[]) {
    this.appender = appender;
    this.columns = columns;
    this.types = columns.map((_, i) => appender.columnType(i));
    this.converters = this.types.map((t, i) => converterFor(t, columns[i]!));
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

  private flushChunk(): void {
    const rows = this.pending;
    const n = rows.length;
    this.chunk.rowCount = n;
    for (let c = 0; c < this.columns.length; c++) {
      const vector = this.chunk.getColumnVector(c) as unknown as WritableVector;
      const convert = this.converters[c]!;
      let r = 0;
      try {
        for (; r < n; r++) vector.setItem(r, convert(rows[r]![c]));
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
