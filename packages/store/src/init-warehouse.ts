import { CDM_VERSION } from '@parcours/core';
import { migrate, type MigrationReport } from './migrations/migrate.js';
import { param, sql } from './sql/builders.js';
import { SOFTWARE_VERSION } from './version.js';
import { loadBundledVocabulary } from './vocabulary/load-bundled-vocabulary.js';
import type { Warehouse } from './warehouse.js';

export interface InitOptions {
  /** cdm_source.cdm_source_name; defaults to "Parcours warehouse". */
  readonly sourceName?: string;
  /** cdm_source.cdm_holder (the institution). */
  readonly holder?: string;
  /** Load the bundled oncology vocabulary when the concept table is empty (default true). */
  readonly vocabulary?: boolean;
  /** The day written as cdm_release_date (ISO date); defaults to today. Tests pin it. */
  readonly today?: string;
}

export interface InitReport {
  readonly migrations: MigrationReport;
  readonly vocabularyConcepts: number | null;
  readonly cdmSourceCreated: boolean;
}

/** OMOP concept for "OMOP CDM Version 5.4" (as in OHDSI Eunomia's CDM_SOURCE). */
const CDM_V54_CONCEPT_ID = 756265;

/**
 * Create or upgrade a warehouse: apply pending migrations, write its cdm_source row, and load the bundled
 * vocabulary into an empty concept table. Idempotent: running it again changes nothing.
 */
export async function initWarehouse(warehouse: Warehouse, options: InitOptions = {}): Promise<InitReport> {
  const migrations = await migrate(warehouse);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  let vocabularyConcepts: number | null = null;
  const concepts = await warehouse.query<{ n: bigint }>(sql`select count(*) as n from ${sql.id('concept')}`);
  if ((options.vocabulary ?? true) && (concepts[0]?.n ?? 0n) === 0n) {
    vocabularyConcepts = (await loadBundledVocabulary(warehouse)).concept;
  }
  const vocabularyVersion = await warehouse.query<{ v: string | null }>(
    sql`select vocabulary_version as v from ${sql.id('vocabulary')} where vocabulary_id = ${'None'}`,
  );
  const existing = await warehouse.query<{ n: bigint }>(sql`select count(*) as n from ${sql.id('cdm_source')}`);
  let cdmSourceCreated = false;
  if ((existing[0]?.n ?? 0n) === 0n) {
    await warehouse.execute({
      kind: 'insert',
      table: { kind: 'table', name: 'cdm_source' },
      columns: ['cdm_source_name', 'cdm_source_abbreviation', 'cdm_holder', 'source_description', 'cdm_etl_reference', 'source_release_date', 'cdm_release_date', 'cdm_version', 'cdm_version_concept_id', 'vocabulary_version'],
      rows: [
        [
          param(options.sourceName ?? 'Parcours warehouse'),
          param('PARCOURS'),
          param(options.holder ?? 'unspecified'),
          param('OMOP CDM v5.4 oncology warehouse created by Parcours'),
          param(`Parcours ${SOFTWARE_VERSION}`),
          param(today, 'date'),
          param(today, 'date'),
          param(CDM_VERSION),
          param(CDM_V54_CONCEPT_ID),
          // cdm_source.vocabulary_version is varchar(20) in OMOP v5.4.
          param((vocabularyVersion[0]?.v ?? 'none').slice(0, 20)),
        ],
      ],
    });
    cdmSourceCreated = true;
  }
  return { migrations, vocabularyConcepts, cdmSourceCreated };
}
