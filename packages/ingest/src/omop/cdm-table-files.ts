import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { AppError, CDM_V54_TABLES, MEDICAL_IMAGING_TABLES, VOCABULARY_TABLE_NAMES, type WarehouseTableName } from '@parcours/core';
import { CDM_V53_ONLY_TABLES } from './cdm-v53.js';

/** One table file of a CDM export folder. `table` is null for a CDM 5.3 table that 5.4 removed. */
export interface CdmTableFile {
  readonly path: string;
  readonly name: string;
  /** The table named by the file (lower case), whether or not the warehouse has it. */
  readonly sourceTable: string;
  readonly table: WarehouseTableName | null;
}

export interface CdmFolder {
  /** In load order: persons, vocabulary, the tables others point to, events, tables that point to events. */
  readonly files: readonly CdmTableFile[];
  /** Table-like files whose name is no CDM table (reported, not read). */
  readonly unknown: readonly string[];
}

/**
 * The order tables load in. PERSON first (every other table's person_id is re-keyed through it); the vocabulary next
 * (CDM field and domain concepts resolve polymorphic references); then what events point to; then events; then the
 * tables that point to events or to other rows of this load (note_nlp → note, episode_event → episode, cost and
 * fact_relationship → any event), so that rows excluded or quarantined earlier are known when their children come.
 */
export const CDM_LOAD_ORDER: readonly WarehouseTableName[] = [
  'person',
  ...VOCABULARY_TABLE_NAMES,
  'drug_strength',
  'source_to_concept_map',
  'location',
  'care_site',
  'provider',
  'observation_period',
  'payer_plan_period',
  'visit_occurrence',
  'visit_detail',
  'condition_occurrence',
  'drug_exposure',
  'procedure_occurrence',
  'device_exposure',
  'measurement',
  'observation',
  'death',
  'note',
  'note_nlp',
  'specimen',
  'drug_era',
  'dose_era',
  'condition_era',
  'episode',
  'episode_event',
  'image_occurrence',
  'image_feature',
  'cost',
  'fact_relationship',
  'metadata',
  'cdm_source',
  'cohort_definition',
  'cohort',
];

const TABLE_FILE = /\.(csv|tsv|txt)$/i;
const CDM_TABLES = new Set<string>([...CDM_V54_TABLES, ...MEDICAL_IMAGING_TABLES].map((t) => t.name));

/**
 * The table a file holds: its name before the first dot, case-insensitive.
 * @example cdmTableOfFileName('CONCEPT_RELATIONSHIP.filtered.csv') // 'concept_relationship'
 */
export function cdmTableOfFileName(name: string): string {
  return name.slice(0, name.includes('.') ? name.indexOf('.') : undefined).toLowerCase();
}

/** The CDM table files of a folder (.csv, .tsv, .txt), in load order; other files (README.md…) are ignored. */
export function findCdmTableFiles(directory: string): CdmFolder {
  let names: string[];
  try {
    if (!statSync(directory).isDirectory()) throw new Error('not a directory');
    names = readdirSync(directory).sort();
  } catch (cause) {
    throw new AppError('not_found', 'no OMOP CDM folder at the path given', { cause, details: { file: path.basename(directory) } });
  }
  const files: CdmTableFile[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    if (!TABLE_FILE.test(name) || !statSync(path.join(directory, name)).isFile()) continue;
    const sourceTable = cdmTableOfFileName(name);
    if (CDM_TABLES.has(sourceTable)) files.push({ path: path.join(directory, name), name, sourceTable, table: sourceTable as WarehouseTableName });
    else if (CDM_V53_ONLY_TABLES.includes(sourceTable)) files.push({ path: path.join(directory, name), name, sourceTable, table: null });
    else unknown.push(name);
  }
  const rank = (f: CdmTableFile) => (f.table === null ? CDM_LOAD_ORDER.length : CDM_LOAD_ORDER.indexOf(f.table));
  files.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  if (!files.some((f) => f.table !== null)) {
    throw new AppError('invalid_input', 'the folder holds no OMOP CDM table file (PERSON.csv, CONCEPT.csv…)', {
      details: { file: path.basename(directory), hint: 'point to a folder of CDM tables as CSV, one file per table, named after the table' },
    });
  }
  return { files, unknown };
}
