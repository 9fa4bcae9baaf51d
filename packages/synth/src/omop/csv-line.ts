import type { AppendValue } from '@parcours/store';

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV record (RFC 4180): fields with a comma, quote or line break are quoted, quotes doubled; null is an empty
 * field and the empty string is `""`, so the two stay distinct. Records end with CRLF as RFC 4180 asks.
 * @example csvLine([1, 'a,b', null, '']) // '1,"a,b",,""\r\n'
 */
export function csvLine(values: readonly AppendValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ',';
    const v = values[i];
    if (v === null || v === undefined) continue;
    const s = String(v);
    line += s === '' ? '""' : NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  }
  return `${line}\r\n`;
}
