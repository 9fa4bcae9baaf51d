import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Parser } from 'csv-parse';

/** The longest record read (16 Mi characters): a quote never closed cannot make the reader hold the rest of the file. */
export const DEFAULT_MAX_RECORD_CHARS = 16 * 1024 * 1024;

/** One record of a CDM table file: its fields, or the fact that it could not be parsed (bad quoting). */
export type CdmCsvRecord =
  | { readonly line: number; readonly fields: readonly string[]; readonly malformed?: undefined }
  | { readonly line: number; readonly fields?: undefined; readonly malformed: true };

export interface CdmCsvFile {
  /** The header's column names, trimmed and lower-cased ("PERSON_ID" and "person_id" are the same column). */
  readonly header: readonly string[];
  readonly delimiter: ',' | '\t';
  /** Bytes read so far (for progress). */
  bytesRead(): number;
  /** The data records, in file order, with the line each starts on (1-based; the header is line 1). */
  records(): AsyncIterable<CdmCsvRecord>;
}

/**
 * Open a CDM table file, streaming: comma- or tab-separated (told by the header line: a tab makes it a TSV),
 * RFC 4180 quoting, CRLF or LF, UTF-8 with or without a byte-order mark, blank lines ignored. A record whose
 * quoting is broken is returned as malformed (with its line) and reading goes on where the parser can — a broken
 * quote may swallow the lines up to the next quote, which then count as that one record; a record longer than
 * `maxRecordChars` is malformed too, so memory stays bounded. csv-parse's own messages quote the data, so they are
 * never passed on.
 */
export async function openCdmCsv(file: string, maxRecordChars = DEFAULT_MAX_RECORD_CHARS): Promise<CdmCsvFile | undefined> {
  const first = await readFirstLine(file);
  if (first === undefined) return undefined;
  const delimiter = first.includes('\t') ? '\t' : ',';
  const stream = createReadStream(file);
  const malformed: number[] = [];
  let recordsAtLastError: number | undefined;
  const parser = stream.pipe(
    new LineTaggingParser({
      delimiter,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      max_record_size: maxRecordChars,
      on_skip: (error) => {
        // A broken quote leaves the parser inside a quoted field up to the next quote (or the end), and an
        // oversized record is reported each time the limit is reached again: errors with no good record between
        // them are one broken region, one malformed record.
        const records = error?.['records'];
        if (typeof records === 'number' && records === recordsAtLastError) return undefined;
        recordsAtLastError = typeof records === 'number' ? records : undefined;
        malformed.push(typeof error?.['lines'] === 'number' ? error['lines'] : 0);
        return undefined;
      },
    }),
  );
  const iterator = (parser as AsyncIterable<TaggedRecord>)[Symbol.asyncIterator]();
  const head = await iterator.next();
  if (head.done === true) return undefined;
  const header = head.value.fields.map((f) => f.replace(/^\uFEFF/, '').trim().toLowerCase());
  return {
    header,
    delimiter,
    bytesRead: () => stream.bytesRead,
    records: async function* () {
      // csv-parse counts a CRLF inside a quoted field as two lines: `drift` takes those extra counts back.
      let drift = 0;
      try {
        for (;;) {
          const next = await iterator.next();
          // Records skipped for bad quoting are reported as the parser meets them (it may be ahead of the records).
          while (malformed.length > 0) yield { line: malformed.shift()! - drift, malformed: true } as const;
          if (next.done === true) break;
          const { fields, endLine } = next.value;
          const breaks = lineBreaks(fields);
          drift += breaks.crlf;
          // A quoted field may span lines: the record starts that many lines before it ends.
          yield { line: endLine - drift - breaks.lines, fields };
        }
      } finally {
        // A reader that stops early (an error, a cancelled load) closes the file.
        stream.destroy();
      }
    },
  };
}

interface TaggedRecord {
  readonly fields: string[];
  /** The line the record ends on, as csv-parse counts lines. */
  readonly endLine: number;
}

/**
 * csv-parse's stream with each record tagged with the line it ends on, read from the parser's own counter as the
 * record leaves it. (The `info: true` option would do the same by building an object of counters per record, which
 * doubles the parsing time.)
 */
class LineTaggingParser extends Parser {
  override push(record: unknown, encoding?: BufferEncoding): boolean {
    return super.push(record === null ? null : ({ fields: record as string[], endLine: this.info.lines } satisfies TaggedRecord), encoding);
  }
}

/** Line breaks inside a record's fields (CRLF, LF or CR each end one line), and how many of them are CRLF. */
function lineBreaks(fields: readonly string[]): { lines: number; crlf: number } {
  let lines = 0;
  let crlf = 0;
  for (const f of fields) {
    if (!f.includes('\n') && !f.includes('\r')) continue;
    for (let i = 0; i < f.length; i++) {
      const c = f.charCodeAt(i);
      if (c === 10) lines++;
      else if (c === 13) {
        if (f.charCodeAt(i + 1) === 10) crlf++;
        else lines++;
      }
    }
  }
  return { lines, crlf };
}

async function readFirstLine(file: string): Promise<string | undefined> {
  const lines = createInterface({ input: createReadStream(file, { end: 64 * 1024 }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    lines.close();
    return line;
  }
  return undefined;
}
