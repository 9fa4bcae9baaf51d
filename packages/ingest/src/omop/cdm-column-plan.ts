import { AppError, tableSpec, type ColumnSpec, type WarehouseTableName } from '@parcours/core';
import { cdmTextConverter, isCdmValueProblem, type AppendValue, type CdmTextConverter, type CdmValueProblem } from '@parcours/store';
import type { LoadWarning, QuarantineCode } from '../load/load-report.js';
import { CDM_V53_COLUMN_RENAMES, CDM_V53_GENERATED_KEYS } from './cdm-v53.js';

/** Why a record cannot load, and where: the column (never the value). */
export interface RowProblem {
  readonly column?: string;
  readonly code: QuarantineCode;
  readonly reason: string;
}

/**
 * How the fields of one file's records become rows of its warehouse table: which header position feeds each CDM
 * v5.4 column (by name, case-insensitive, CDM 5.3 names mapped to 5.4), the conversion of each, and what the header
 * has that the table does not.
 */
export interface ColumnPlan {
  readonly table: WarehouseTableName;
  readonly columns: readonly ColumnSpec[];
  /** Header position of each column of the table, or -1 when the file does not have it (null, or generated). */
  readonly source: readonly number[];
  readonly headerLength: number;
  /** A 5.4 key column the 5.3 file lacks, filled with new ids (see cdm-v53.ts). */
  readonly generatedKey: string | undefined;
  readonly warnings: readonly LoadWarning[];
  /** Position of a column of the table, or -1. */
  indexOf(column: string): number;
  /** Convert the fields of a record; returns the row in the table's column order, or the first problem met. */
  convert(fields: readonly string[]): AppendValue[] | RowProblem;
  /** Convert one column only (to read the person of a record before the rest of it). */
  convertColumn(index: number, fields: readonly string[]): AppendValue | RowProblem;
}

const PROBLEM_CODES: Record<CdmValueProblem['problem'], QuarantineCode> = {
  missing: 'missing-field',
  'invalid-integer': 'invalid-value',
  'invalid-number': 'invalid-value',
  'invalid-date': 'invalid-date',
  'value-too-long': 'value-too-long',
};

export function isRowProblem(value: unknown): value is RowProblem {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'code' in value;
}

/**
 * The plan for a header. Unknown columns are reported (a warning each) and not loaded; missing optional columns
 * load as null; a missing required column makes every record fail with `missing-field` on that column.
 *
 * @example planColumns('visit_occurrence', ['VISIT_OCCURRENCE_ID', 'person_id', 'admitting_source_value', …], 'v.csv')
 *   // admitting_source_value feeds admitted_from_source_value, with a 'cdm-v53-column' warning
 */
export function planColumns(table: WarehouseTableName, header: readonly string[], file: string): ColumnPlan {
  const spec = tableSpec(table);
  if (spec === undefined) throw new AppError('internal', `no specification for table ${table}`);
  const warnings: LoadWarning[] = [];
  const renames = CDM_V53_COLUMN_RENAMES[table] ?? {};
  const names = new Set(spec.columns.map((c) => c.name));
  const position = new Map<string, number>();
  header.forEach((name, i) => {
    if (names.has(name)) {
      if (!position.has(name)) position.set(name, i);
      return;
    }
    const renamed = renames[name];
    if (renamed !== undefined && !header.includes(renamed)) {
      position.set(renamed, i);
      warnings.push({ file, path: name, code: 'cdm-v53-column', message: `CDM 5.3 column ${name} loaded as ${renamed} (CDM 5.4)` });
      return;
    }
    warnings.push({ file, path: name, code: 'unknown-column', message: `column ${name} is not in CDM v5.4 table ${table}: not loaded` });
  });
  const generated = CDM_V53_GENERATED_KEYS[table];
  const generatedKey = generated !== undefined && !position.has(generated) ? generated : undefined;
  if (generatedKey !== undefined) {
    warnings.push({ file, path: generatedKey, code: 'default-value', message: `the file has no ${generatedKey} (CDM 5.3): each row gets a new id` });
  }
  const columns = spec.columns;
  const source = columns.map((c) => position.get(c.name) ?? -1);
  const converters: CdmTextConverter[] = columns.map((c) => cdmTextConverter(c));
  const absentRequired = columns.map((c, i): RowProblem | undefined =>
    source[i] === -1 && c.required && c.name !== generatedKey
      ? { column: c.name, code: 'missing-field', reason: `the header has no column ${c.name}, which CDM v5.4 requires` }
      : undefined,
  );
  const convertColumn = (i: number, fields: readonly string[]): AppendValue | RowProblem => {
    const at = source[i]!;
    if (at < 0) return absentRequired[i] ?? null;
    const value = converters[i]!(fields[at] ?? '');
    return isCdmValueProblem(value) ? { column: columns[i]!.name, code: PROBLEM_CODES[value.problem], reason: value.reason } : value;
  };
  return {
    table,
    columns,
    source,
    headerLength: header.length,
    generatedKey,
    warnings,
    indexOf: (column) => columns.findIndex((c) => c.name === column),
    convertColumn,
    convert(fields) {
      const row = new Array<AppendValue>(columns.length);
      for (let i = 0; i < columns.length; i++) {
        const value = convertColumn(i, fields);
        if (isRowProblem(value)) return value;
        row[i] = value;
      }
      return row;
    },
  };
}
