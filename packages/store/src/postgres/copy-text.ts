import { dayNumberToIsoDate } from '@parcours/core';
import type { AppendValue } from '../warehouse.js';

/** How one column's values are written in PostgreSQL's COPY text format. */
export type CopyColumnKind = 'date' | 'timestamp' | 'other';

/**
 * Encode one value for COPY ... FROM STDIN (text format): `\N` is NULL; backslash, tab, newline and carriage
 * return are escaped so that no value can end a field or a row early.
 *
 * @example encodeCopyValue('a\tb', 'other') // 'a\\tb'
 */
export function encodeCopyValue(value: AppendValue, kind: CopyColumnKind): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') {
    if (kind === 'date' && Number.isInteger(value)) return dayNumberToIsoDate(value);
    if (kind === 'timestamp' && Number.isInteger(value)) return dayNumberToIsoDate(value);
    if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return escapeCopyText(value);
}

const needsEscape = /[\\\t\n\r]/;

export function escapeCopyText(text: string): string {
  if (!needsEscape.test(text)) return text;
  let out = '';
  for (const ch of text) {
    switch (ch) {
      case '\\': out += '\\\\'; break;
      case '\t': out += '\\t'; break;
      case '\n': out += '\\n'; break;
      case '\r': out += '\\r'; break;
      default: out += ch;
    }
  }
  return out;
}

/** One COPY text line (with its newline) for a row. */
export function encodeCopyRow(row: readonly AppendValue[], kinds: readonly CopyColumnKind[]): string {
  let line = '';
  for (let i = 0; i < kinds.length; i++) {
    if (i > 0) line += '\t';
    line += encodeCopyValue(row[i], kinds[i]!);
  }
  return `${line}\n`;
}
