/**
 * CSV text to named columns, the way R's `read.csv` reads it, so that the command line analyses exactly the data R
 * analysed: a header row; a first column of row names when the header is one field short (or its first name is
 * empty, as `write.csv` writes it); fields quoted with `"` may contain commas, newlines and doubled quotes; an empty
 * field or `NA` is missing; a column whose every present value is a number becomes numeric (NaN = missing), any
 * other column stays text (null = missing); names are made syntactic like `check.names = TRUE`.
 *
 * Bad input is reported as an `AppError('invalid_input')` located by file, line and column — never with the cell's
 * value, which may be patient data.
 */
import { AppError } from '@parcours/core';
import type { DataColumn } from '@parcours/stats';

export interface DataFrame {
  readonly names: readonly string[];
  readonly columns: ReadonlyMap<string, DataColumn>;
  /** Row names from an unnamed first column, else null. */
  readonly rowNames: readonly string[] | null;
  readonly nrow: number;
  /** 1-based line of the file where each data row starts (for error messages). */
  readonly lines: Int32Array;
}

export interface ReadDataFrameOptions {
  /** Shown in error details. */
  readonly file?: string;
}

interface RawField {
  readonly text: string;
  readonly quoted: boolean;
}

/**
 * @example
 * readDataFrame('"id",time,arm\n1,5,"a, b"\n2,NA,c\n').columns.get('time') // Float64Array [5, NaN]
 */
export function readDataFrame(text: string, options: ReadDataFrameOptions = {}): DataFrame {
  const file = options.file ?? '<input>';
  const records = parseRecords(text, file);
  if (records.length === 0) throw new AppError('invalid_input', 'the CSV file is empty: a header row is needed', { details: { file, line: 1 } });
  const header = records[0]!;
  const body = records.slice(1);
  let headerNames = header.fields.map((f) => f.text);
  const width = body.length > 0 ? body[0]!.fields.length : headerNames.length;
  let hasRowNames = false;
  if (width === headerNames.length + 1) {
    hasRowNames = true;
  } else if (headerNames.length > 0 && headerNames[0] === '' && width === headerNames.length) {
    hasRowNames = true;
    headerNames = headerNames.slice(1);
  }
  const expected = hasRowNames ? headerNames.length + 1 : headerNames.length;
  for (const r of body) {
    if (r.fields.length !== expected) {
      throw new AppError('invalid_input', `the row has ${r.fields.length} fields where the header implies ${expected}`, {
        details: { file, line: r.line, hint: 'quote fields that contain commas' },
      });
    }
  }
  const names = makeNames(headerNames);
  const offset = hasRowNames ? 1 : 0;
  const columns = new Map<string, DataColumn>();
  names.forEach((name, c) => {
    const raw = body.map((r) => r.fields[c + offset]!);
    columns.set(name, convertColumn(raw));
  });
  return {
    names,
    columns,
    rowNames: hasRowNames ? body.map((r) => r.fields[0]!.text) : null,
    nrow: body.length,
    lines: Int32Array.from(body, (r) => r.line),
  };
}

function isMissingText(f: RawField): boolean {
  return f.text === '' || f.text === 'NA';
}

/** R's `type.convert`: numeric when every present value reads as a number. */
function convertColumn(raw: readonly RawField[]): DataColumn {
  let numeric = true;
  for (const f of raw) {
    if (isMissingText(f)) continue;
    if (!Number.isFinite(parseNumber(f.text)) && !/^\s*[-+]?(Inf|inf|NaN)\s*$/.test(f.text)) {
      numeric = false;
      break;
    }
  }
  if (numeric) return Float64Array.from(raw, (f) => (isMissingText(f) ? Number.NaN : parseNumber(f.text)));
  return raw.map((f) => (isMissingText(f) ? null : f.text));
}

/** A decimal or hexadecimal number as R's `as.numeric` reads it (surrounding blanks allowed), else NaN. */
export function parseNumber(s: string): number {
  const t = s.trim();
  if (t === '') return Number.NaN;
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return Number(t);
  if (/^[-+]?0[xX][0-9a-fA-F]+$/.test(t)) return t.startsWith('-') ? -Number(t.slice(1)) : Number(t.replace(/^\+/, ''));
  if (/^[-+]?Inf$/.test(t)) return t.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return Number.NaN;
}

/** R's `make.names(unique = TRUE)`: letters, digits, dots and underscores; never starting with a digit. */
function makeNames(raw: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((name) => {
    let n = name.replace(/[^A-Za-z0-9._]/g, '.');
    if (n === '' || /^[0-9_]/.test(n) || /^\.[0-9]/.test(n)) n = `X${n}`;
    const count = seen.get(n);
    if (count === undefined) {
      seen.set(n, 0);
      return n;
    }
    seen.set(n, count + 1);
    return `${n}.${count + 1}`;
  });
}

interface RawRecord {
  readonly line: number;
  readonly fields: RawField[];
}

/** RFC 4180 records with R's leniency: CRLF or LF, blank lines skipped, a quote may open mid-field. */
function parseRecords(text: string, file: string): RawRecord[] {
  const records: RawRecord[] = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // byte-order mark
  while (i < n) {
    const startLine = line;
    const fields: RawField[] = [];
    let field = '';
    let quoted = false;
    let inQuotes = false;
    let quoteLine = line;
    let endOfRecord = false;
    while (i < n && !endOfRecord) {
      const ch = text[i]!;
      if (inQuotes) {
        if (ch === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            inQuotes = false;
            i++;
          }
        } else {
          if (ch === '\n') line++;
          field += ch;
          i++;
        }
        continue;
      }
      if (ch === '"') {
        inQuotes = true;
        quoted = true;
        quoteLine = line;
        i++;
      } else if (ch === ',') {
        fields.push({ text: quoted ? field : field.trim(), quoted });
        field = '';
        quoted = false;
        i++;
      } else if (ch === '\n' || ch === '\r') {
        if (ch === '\r' && text[i + 1] === '\n') i++;
        i++;
        line++;
        endOfRecord = true;
      } else {
        field += ch;
        i++;
      }
    }
    if (inQuotes) {
      throw new AppError('invalid_input', 'a quoted field is never closed', { details: { file, line: quoteLine, hint: 'check for a missing closing quote' } });
    }
    fields.push({ text: quoted ? field : field.trim(), quoted });
    // Skip blank lines, as read.csv does (blank.lines.skip = TRUE).
    if (fields.length === 1 && fields[0]!.text === '' && !fields[0]!.quoted) continue;
    records.push({ line: startLine, fields });
  }
  return records;
}
