import { CDM_V54_TABLES, INGEST_TABLES, MEDICAL_IMAGING_TABLES, type TableSpec } from '@parcours/core';
import { createTableFromSpec, sql, table } from '../sql/builders.js';
import type { StatementNode } from '../sql/nodes.js';
import type { WarehouseSession } from '../warehouse.js';

/**
 * A numbered, append-only schema change. Applied migrations are recorded in `parcours_migration`; a migration is
 * never edited after release — a change is a new migration with the next number.
 */
export interface Migration {
  readonly id: number;
  readonly name: string;
  /** What to run; a migration that depends on what the warehouse holds reads it through `context`. */
  statements(context: MigrationContext): readonly StatementNode[] | Promise<readonly StatementNode[]>;
}

export interface MigrationContext {
  /** The migration's transaction. */
  readonly session: WarehouseSession;
  /** The schema the warehouse's tables live in (information_schema's table_schema). */
  readonly namespace: string;
}

/** Parcours' own bookkeeping table (not part of OMOP). */
export const MIGRATION_TABLE: TableSpec = {
  name: 'parcours_migration',
  group: 'extension',
  columns: [
    { name: 'migration_id', type: 'integer', required: true },
    { name: 'migration_name', type: 'varchar', length: 100, required: true },
    { name: 'applied_at', type: 'datetime', required: true },
    { name: 'software_version', type: 'varchar', length: 50, required: true },
  ],
};

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'omop-cdm-v5.4',
    statements: () => CDM_V54_TABLES.map((t) => createTableFromSpec(t)),
  },
  {
    id: 2,
    name: 'ohdsi-medical-imaging-extension',
    statements: () => MEDICAL_IMAGING_TABLES.map((t) => createTableFromSpec(t)),
  },
  {
    id: 3,
    name: 'person-indexes',
    // Lookups by person and by concept are what cohorts do; created on the big event tables only. Bulk loads
    // into an indexed table are slower on PostgreSQL, which is why these are few.
    statements: () =>
      [
        ['idx_person_id', 'person', ['person_id']],
        ['idx_condition_person_id', 'condition_occurrence', ['person_id']],
        ['idx_drug_person_id', 'drug_exposure', ['person_id']],
        ['idx_concept_code', 'concept', ['vocabulary_id', 'concept_code']],
        ['idx_concept_ancestor_id', 'concept_ancestor', ['ancestor_concept_id']],
      ].map(([name, tableName, columns]) => ({
        kind: 'createIndex' as const,
        name: name as string,
        table: table(tableName as string),
        columns: columns as string[],
        ifNotExists: true,
      })),
  },
  {
    id: 4,
    name: 'ingest-bookkeeping',
    // Loads, their files, quarantined records and person-key pseudonyms (see INGEST_TABLES), with the lookups a
    // load makes: the person key by pseudonym, the quarantine by load.
    statements: () => [
      ...INGEST_TABLES.map((t) => createTableFromSpec(t)),
      { kind: 'createIndex' as const, name: 'idx_parcours_person_key', table: table('parcours_person_key'), columns: ['pseudonym'], ifNotExists: true },
      { kind: 'createIndex' as const, name: 'idx_parcours_quarantine_load', table: table('parcours_quarantine'), columns: ['load_id'], ifNotExists: true },
    ],
  },
  {
    id: 5,
    name: 'note-nlp-offset-column-name',
    // OHDSI's specification writes note_nlp's reserved-word column with its SQL quotes ("offset"); until this
    // migration they were kept in the name itself, so the column was called `"offset"` instead of OMOP's `offset`.
    // Warehouses created since have the right name and nothing to rename.
    statements: async ({ session, namespace }) => {
      const quoted = await session.query(
        sql`select column_name from information_schema.columns where table_schema = ${namespace} and table_name = ${'note_nlp'} and column_name = ${'"offset"'}`,
      );
      return quoted.length === 0 ? [] : [{ kind: 'renameColumn' as const, table: table('note_nlp'), from: '"offset"', to: 'offset' }];
    },
  },
];

export const LATEST_MIGRATION = MIGRATIONS.reduce((max, m) => Math.max(max, m.id), 0);
