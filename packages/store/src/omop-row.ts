import { AppError, tableSpec, type CDM_V54_TABLES, type INGEST_TABLES, type MEDICAL_IMAGING_TABLES, type WarehouseTableName } from '@parcours/core';
import type { AppendValue } from './warehouse.js';

type AllTables = (typeof CDM_V54_TABLES)[number] | (typeof MEDICAL_IMAGING_TABLES)[number] | (typeof INGEST_TABLES)[number];

/** Column names of one warehouse table, as a union type, so a misspelt column fails to compile. */
export type OmopColumn<T extends WarehouseTableName> = Extract<AllTables, { name: T }>['columns'][number]['name'];

export type OmopRowValues<T extends WarehouseTableName> = Partial<Record<OmopColumn<T>, AppendValue>>;

/** Column names of a table in specification order (what CSV headers and `Warehouse.append` use). */
export function omopColumns(table: WarehouseTableName): readonly string[] {
  const spec = tableSpec(table);
  if (spec === undefined) throw new AppError('internal', `no table ${table} in the OMOP schema`);
  return spec.columns.map((c) => c.name);
}

/**
 * A function turning named values into a row array in the table's column order (unnamed columns are null), for
 * `Warehouse.append`.
 * @example omopRowBuilder('death')({ person_id: 1, death_date: '2020-01-02' }) // [1, '2020-01-02', null, ...]
 */
export function omopRowBuilder<T extends WarehouseTableName>(table: T): (values: OmopRowValues<T>) => AppendValue[] {
  const columns = omopColumns(table) as readonly OmopColumn<T>[];
  return (values) => {
    const row = new Array<AppendValue>(columns.length);
    for (let i = 0; i < columns.length; i++) row[i] = values[columns[i]!] ?? null;
    return row;
  };
}
