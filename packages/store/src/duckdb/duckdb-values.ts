import { DuckDBDateValue, DuckDBDecimalValue, DuckDBTimestampValue, type DuckDBValue } from '@duckdb/node-api';
import { AppError, isoDateToDayNumber } from '@parcours/core';
import type { WarehouseValue } from '../warehouse.js';

/** DuckDB value → the engine-neutral value documented on `WarehouseValue`. */
export function fromDuckDbValue(value: DuckDBValue): WarehouseValue {
  if (value === null || typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string' || typeof value === 'boolean') {
    return value;
  }
  if (value instanceof DuckDBDateValue) return value.toString();
  if (value instanceof DuckDBTimestampValue) return value.toString().replace(' ', 'T');
  if (value instanceof DuckDBDecimalValue) return value.toString();
  return String(value);
}

/** 'YYYY-MM-DD', or a longer text starting with one (a time part is dropped) → days since 1970-01-01; RangeError otherwise. */
export function dateTextToDayNumber(text: string): number {
  return isoDateToDayNumber(text.length > 10 ? text.slice(0, 10) : text);
}

function parseDate(text: string, column: string): number {
  try {
    return dateTextToDayNumber(text);
  } catch (cause) {
    throw new AppError('invalid_input', `not a date (YYYY-MM-DD) in column ${column}`, { cause, details: { column } });
  }
}

/** 'YYYY-MM-DD[ T]HH:MM[:SS[.ffffff]]' (no zone: timestamps are stored as given) → microseconds since the epoch. */
export function parseTimestampMicros(text: string, column: string): bigint {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?Z?$/.exec(text.trim());
  if (m === null) throw new AppError('invalid_input', `not a timestamp in column ${column}`, { details: { column } });
  const days = parseDate(m[1] ?? '', column);
  const seconds = Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  const micros = Number((m[5] ?? '').padEnd(6, '0') || 0);
  return BigInt(days) * 86_400_000_000n + BigInt(seconds) * 1_000_000n + BigInt(micros);
}
