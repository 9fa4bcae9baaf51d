import { AppError, bundledVocabulary, tableSpec } from '@parcours/core';
import { table as tableRef } from '../sql/builders.js';
import type { AppendValue, Warehouse } from '../warehouse.js';
import { VOCABULARY_TABLES, type VocabularyTableName } from './vocabulary-tables.js';

/**
 * Replace the vocabulary tables with the oncology subset bundled in @parcours/core (see packages/core/VOCABULARY.md),
 * in one transaction. Returns the rows loaded per table.
 */
export async function loadBundledVocabulary(warehouse: Warehouse): Promise<Record<VocabularyTableName, number>> {
  const bundle = bundledVocabulary() as unknown as Partial<Record<VocabularyTableName, readonly Record<string, unknown>[]>>;
  return warehouse.transaction(async (tx) => {
    const counts = {} as Record<VocabularyTableName, number>;
    for (const { table } of VOCABULARY_TABLES) {
      await tx.execute({ kind: 'delete', table: tableRef(table) });
      const rows = bundle[table] ?? [];
      const spec = tableSpec(table);
      if (spec === undefined) throw new AppError('internal', `no specification for table ${table}`);
      const columns = spec.columns.map((c) => c.name);
      const arrays = rows.map((row) => columns.map((c) => (row[c] ?? null) as AppendValue));
      counts[table] = arrays.length === 0 ? 0 : await tx.append(table, arrays, { columns });
    }
    return counts;
  });
}
