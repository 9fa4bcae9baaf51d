import type { WarehouseTableName } from '@parcours/core';
import { col, inList, omopColumns, select, table, type AppendValue, type WarehouseSession } from '@parcours/store';

/**
 * What makes two rows of a vocabulary table "the same row": OMOP's key of each table. A row of the input whose key
 * the warehouse already holds is not loaded (skipped, 'vocabulary-already-present'): the warehouse's vocabulary
 * wins, since it is what the warehouse's other data were coded against, and replacing it is `parcours vocab load`'s
 * job. The first key column is the one looked up.
 */
export const VOCABULARY_KEYS: Readonly<Partial<Record<WarehouseTableName, readonly string[]>>> = {
  concept: ['concept_id'],
  vocabulary: ['vocabulary_id'],
  domain: ['domain_id'],
  concept_class: ['concept_class_id'],
  relationship: ['relationship_id'],
  concept_relationship: ['concept_id_1', 'concept_id_2', 'relationship_id'],
  concept_ancestor: ['ancestor_concept_id', 'descendant_concept_id'],
  concept_synonym: ['concept_id', 'concept_synonym_name', 'language_concept_id'],
  drug_strength: ['drug_concept_id', 'ingredient_concept_id'],
  source_to_concept_map: ['source_vocabulary_id', 'source_code', 'target_concept_id'],
};

/** Rows looked up per query: bounded memory whatever the file size, few round trips. */
const LOOKUP_ROWS = 2_000;

interface Pending<T> {
  readonly row: AppendValue[];
  readonly item: T;
}

/**
 * Filters a vocabulary file's rows against the warehouse's: rows are held in small batches, the keys of a batch
 * are looked up in one query, and each row comes out as new or already present. When the table is empty at the
 * start of the file (a fresh warehouse), nothing is looked up; rows repeated within the file are not looked for.
 */
export class VocabularyOverlap<T> {
  private readonly session: WarehouseSession;
  private readonly table: WarehouseTableName;
  private readonly key: readonly number[];
  private readonly keyNames: readonly string[];
  private readonly check: boolean;
  private pending: Pending<T>[] = [];

  private constructor(session: WarehouseSession, name: WarehouseTableName, check: boolean) {
    this.session = session;
    this.table = name;
    this.keyNames = VOCABULARY_KEYS[name] ?? [];
    const columns = omopColumns(name);
    this.key = this.keyNames.map((k) => columns.indexOf(k));
    this.check = check && this.keyNames.length > 0;
  }

  static async open<T>(session: WarehouseSession, name: WarehouseTableName): Promise<VocabularyOverlap<T>> {
    const first = await session.query(select([col(VOCABULARY_KEYS[name]?.[0] ?? omopColumns(name)[0]!)], table(name), undefined, { limit: 1 }));
    return new VocabularyOverlap<T>(session, name, first.length > 0);
  }

  /** Offer a row; returns the rows whose fate is now known (all at once per batch). */
  async offer(row: AppendValue[], item: T): Promise<{ fresh: Pending<T>[]; present: Pending<T>[] }> {
    if (!this.check) return { fresh: [{ row, item }], present: [] };
    this.pending.push({ row, item });
    return this.pending.length >= LOOKUP_ROWS ? this.settle() : { fresh: [], present: [] };
  }

  /** Settle the rows still held (at the end of the file). */
  async settle(): Promise<{ fresh: Pending<T>[]; present: Pending<T>[] }> {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return { fresh: [], present: [] };
    const firstValues = [...new Set(batch.map((p) => p.row[this.key[0]!]).filter((v): v is string | number => typeof v === 'string' || typeof v === 'number'))];
    const existing = new Set<string>();
    if (firstValues.length > 0) {
      const found = await this.session.query(select(this.keyNames.map((k) => col(k)), table(this.table), inList(col(this.keyNames[0]!), firstValues)));
      for (const r of found) existing.add(this.keyNames.map((k) => String(r[k])).join('\u0001'));
    }
    const fresh: Pending<T>[] = [];
    const present: Pending<T>[] = [];
    for (const p of batch) (existing.has(this.key.map((i) => String(p.row[i])).join('\u0001')) ? present : fresh).push(p);
    return { fresh, present };
  }
}
