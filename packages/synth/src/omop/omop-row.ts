import { AppError, tableSpec, type CDM_V54_TABLES, type MEDICAL_IMAGING_TABLES } from '@parcours/core';
import type { AppendValue } from '@parcours/store';

type AllTables = (typeof CDM_V54_TABLES)[number] | (typeof MEDICAL_IMAGING_TABLES)[number];

/** The OMOP tables the synthetic population fills (episode/episode_event are left to line-of-therapy derivation). */
export const SYNTH_OMOP_TABLES = [
  'care_site',
  'person',
  'observation_period',
  'visit_occurrence',
  'condition_occurrence',
  'drug_exposure',
  'procedure_occurrence',
  'measurement',
  'observation',
  'death',
  'specimen',
  'note',
  'image_occurrence',
] as const;
export type SynthOmopTable = (typeof SYNTH_OMOP_TABLES)[number];

/** Column names of one table, as a union type, so a misspelt column fails to compile. */
export type OmopColumn<T extends SynthOmopTable> = Extract<AllTables, { name: T }>['columns'][number]['name'];

export type OmopRowValues<T extends SynthOmopTable> = Partial<Record<OmopColumn<T>, AppendValue>>;

/** Column names of a table in specification order (what the CSV header and `Warehouse.append` use). */
export function omopColumns(table: SynthOmopTable): readonly string[] {
  const spec = tableSpec(table);
  if (spec === undefined) throw new AppError('internal', `no table ${table} in the OMOP schema`);
  return spec.columns.map((c) => c.name);
}

/**
 * A function turning named values into a row array in the table's column order (unnamed columns are null).
 * @example omopRowBuilder('death')({ person_id: 1, death_date: '2020-01-02' }) // [1, '2020-01-02', null, ...]
 */
export function omopRowBuilder<T extends SynthOmopTable>(table: T): (values: OmopRowValues<T>) => AppendValue[] {
  const columns = omopColumns(table) as readonly OmopColumn<T>[];
  return (values) => {
    const row = new Array<AppendValue>(columns.length);
    for (let i = 0; i < columns.length; i++) row[i] = values[columns[i]!] ?? null;
    return row;
  };
}
