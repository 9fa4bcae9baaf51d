import { createReadStream, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parse as parseCsv } from 'csv-parse';
import { AppError, tableSpec, type ColumnSpec } from '@parcours/core';
import { cdmTextConverter, isCdmValueProblem } from '../cdm-text-value.js';
import { table as tableRef } from '../sql/builders.js';
import type { AppendValue, Warehouse } from '../warehouse.js';
import { VOCABULARY_TABLES, type VocabularyTableName } from './vocabulary-tables.js';

export interface VocabularyLoadProgress {
  readonly file: string;
  readonly table: VocabularyTableName;
  readonly rows: number;
  readonly bytesRead: number;
  readonly totalBytes: number;
}

export interface VocabularyLoadOptions {
  readonly onProgress?: (progress: VocabularyLoadProgress) => void;
  readonly signal?: AbortSignal;
  /** Rows per append batch (default 20,000). */
  readonly batchSize?: number;
}

export interface VocabularyLoadReport {
  readonly tables: readonly { readonly table: VocabularyTableName; readonly file: string; readonly rows: number }[];
}

/**
 * Replace the warehouse's vocabulary with the files of an OHDSI Athena download (tab-separated CONCEPT.csv,
 * CONCEPT_RELATIONSHIP.csv, CONCEPT_ANCESTOR.csv, VOCABULARY.csv, ...) or of a CDM export such as OHDSI Eunomia
 * (comma-separated, quoted). Headers are matched case-insensitively; dates may be YYYYMMDD (Athena) or YYYY-MM-DD.
 *
 * Streaming, one transaction: the old vocabulary stays in place until every file has loaded, and a bad line
 * (reported with file:line and column) leaves the warehouse as it was.
 */
export async function loadVocabularyFiles(warehouse: Warehouse, directory: string, options: VocabularyLoadOptions = {}): Promise<VocabularyLoadReport> {
  const files = findVocabularyFiles(directory);
  return warehouse.transaction(async (tx) => {
    const loaded: { table: VocabularyTableName; file: string; rows: number }[] = [];
    for (const { table } of VOCABULARY_TABLES) await tx.execute({ kind: 'delete', table: tableRef(table) });
    for (const entry of files) {
      const rows = await tx.append(entry.table, readVocabularyFile(entry.file, entry.table, options), {
        columns: columnsOf(entry.table).map((c) => c.name),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      loaded.push({ table: entry.table, file: path.basename(entry.file), rows });
    }
    return { tables: loaded };
  });
}

/** Which vocabulary files a directory holds; CONCEPT and VOCABULARY are required. */
export function findVocabularyFiles(directory: string): { table: VocabularyTableName; file: string }[] {
  let names: string[];
  try {
    if (!statSync(directory).isDirectory()) throw new Error('not a directory');
    names = readdirSync(directory);
  } catch (cause) {
    throw new AppError('not_found', `no vocabulary directory at ${directory}`, { cause, details: { file: directory } });
  }
  const found: { table: VocabularyTableName; file: string }[] = [];
  for (const spec of VOCABULARY_TABLES) {
    // CONCEPT.csv, concept.tsv, CONCEPT_RELATIONSHIP.filtered.csv ... but not CONCEPT_CLASS.csv for CONCEPT.
    const match = names.find((n) => new RegExp(`^${spec.file}(\\.[a-z0-9_-]+)?\\.(csv|tsv|txt)$`, 'i').test(n));
    if (match === undefined) {
      if (spec.required) {
        throw new AppError('invalid_input', `the vocabulary directory has no ${spec.file}.csv`, {
          details: { file: directory, hint: 'point to the unzipped OHDSI Athena download' },
        });
      }
      continue;
    }
    found.push({ table: spec.table, file: path.join(directory, match) });
  }
  return found;
}

function columnsOf(table: VocabularyTableName): readonly ColumnSpec[] {
  const spec = tableSpec(table);
  if (spec === undefined) throw new AppError('internal', `no specification for table ${table}`);
  return spec.columns;
}

type Converter = (text: string, line: number) => AppendValue;

/** The shared CDM text conversion (cdm-text-value.ts); a problem stops the load, located by file, line and column. */
function converter(column: ColumnSpec, file: string): Converter {
  const convert = cdmTextConverter(column);
  return (text, line) => {
    const value = convert(text);
    if (!isCdmValueProblem(value)) return value;
    throw new AppError('invalid_input', value.reason, { details: { file: path.basename(file), line, column: column.name } });
  };
}

/** Stream one file as batches of rows in the table's column order. */
async function* readVocabularyFile(file: string, table: VocabularyTableName, options: VocabularyLoadOptions): AsyncGenerator<AppendValue[][]> {
  const totalBytes = statSync(file).size;
  const columns = columnsOf(table);
  const batchSize = options.batchSize ?? 20_000;
  const stream = createReadStream(file);
  let header: string[] | undefined;
  let plan: { index: number; convert: Converter }[] = [];
  let batch: AppendValue[][] = [];
  let rows = 0;
  const base = path.basename(file);

  const onHeader = (fields: string[]) => {
    header = fields.map((f) => f.replace(/^\uFEFF/, '').trim().toLowerCase());
    plan = columns.map((column) => {
      const index = header!.indexOf(column.name);
      if (index < 0 && column.required) {
        throw new AppError('invalid_input', `the header has no column ${column.name}`, { details: { file: base, line: 1, column: column.name } });
      }
      return { index, convert: converter(column, file) };
    });
  };
  const onRow = (fields: string[], line: number): void => {
    if (fields.length === 1 && fields[0] === '') return; // blank line
    if (fields.length !== header!.length) {
      throw new AppError('invalid_input', `expected ${header!.length} fields, found ${fields.length}`, { details: { file: base, line } });
    }
    batch.push(plan.map(({ index, convert }) => (index < 0 ? null : convert(fields[index] ?? '', line))));
    rows++;
  };

  const firstLine = await readFirstLine(file);
  const tabSeparated = firstLine.includes('\t');
  if (tabSeparated) {
    // Athena's files: tab-separated, no quoting (concept names may contain quotes), so split lines as they are.
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    let line = 0;
    for await (const text of lines) {
      line++;
      if (line === 1) {
        onHeader(text.split('\t'));
        continue;
      }
      onRow(text.split('\t'), line);
      if (batch.length >= batchSize) {
        options.signal?.throwIfAborted();
        yield batch;
        batch = [];
        options.onProgress?.({ file: base, table, rows, bytesRead: stream.bytesRead, totalBytes });
      }
    }
  } else {
    const parser = stream.pipe(parseCsv({ bom: true, relax_column_count: true, skip_empty_lines: true }));
    for await (const record of parser as AsyncIterable<string[]>) {
      const line = (parser as unknown as { info: { lines: number } }).info.lines;
      if (header === undefined) {
        onHeader(record);
        continue;
      }
      onRow(record, line);
      if (batch.length >= batchSize) {
        options.signal?.throwIfAborted();
        yield batch;
        batch = [];
        options.onProgress?.({ file: base, table, rows, bytesRead: stream.bytesRead, totalBytes });
      }
    }
  }
  if (header === undefined) throw new AppError('invalid_input', 'the file is empty (no header)', { details: { file: base, line: 1 } });
  if (batch.length > 0) yield batch;
  options.onProgress?.({ file: base, table, rows, bytesRead: totalBytes, totalBytes });
}

async function readFirstLine(file: string): Promise<string> {
  const lines = createInterface({ input: createReadStream(file, { end: 64 * 1024 }), crlfDelay: Infinity });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

