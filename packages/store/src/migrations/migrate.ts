import { AppError } from '@parcours/core';
import { createTableFromSpec, param, sql } from '../sql/builders.js';
import type { Warehouse } from '../warehouse.js';
import { MIGRATIONS, MIGRATION_TABLE, type Migration } from './migrations.js';
import { SOFTWARE_VERSION } from '../version.js';

export interface MigrationReport {
  readonly applied: readonly { readonly id: number; readonly name: string }[];
  readonly current: number;
}

/**
 * Bring the warehouse schema up to date, all pending migrations in one transaction: either every table exists
 * afterwards or none of the changes is kept.
 */
export async function migrate(warehouse: Warehouse, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrationReport> {
  return warehouse.transaction(async (tx) => {
    const tables = await tx.query<{ n: bigint }>(
      sql`select count(*) as n from information_schema.tables where table_name = ${MIGRATION_TABLE.name} and table_schema = ${warehouse.engine === 'duckdb' ? 'main' : warehouse.namespace}`,
    );
    if ((tables[0]?.n ?? 0n) === 0n) await tx.execute({ ...createTableFromSpec(MIGRATION_TABLE), ifNotExists: true });
    const done = new Set(
      (await tx.query<{ migration_id: number }>(sql`select migration_id from ${sql.id(MIGRATION_TABLE.name)}`)).map((r) => r.migration_id),
    );
    const known = new Set(migrations.map((m) => m.id));
    const unknown = [...done].filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new AppError('conflict', 'this warehouse was migrated by a newer version of Parcours', {
        details: { hint: 'upgrade Parcours before opening it' },
      });
    }
    const applied: { id: number; name: string }[] = [];
    for (const migration of [...migrations].sort((a, b) => a.id - b.id)) {
      if (done.has(migration.id)) continue;
      for (const statement of await migration.statements({ session: tx, namespace: warehouse.namespace })) await tx.execute(statement);
      await tx.execute({
        kind: 'insert',
        table: { kind: 'table', name: MIGRATION_TABLE.name },
        columns: ['migration_id', 'migration_name', 'applied_at', 'software_version'],
        rows: [[param(migration.id), param(migration.name), param(new Date().toISOString().slice(0, 19).replace('T', ' '), 'timestamp'), param(SOFTWARE_VERSION)]],
      });
      applied.push({ id: migration.id, name: migration.name });
    }
    return { applied, current: Math.max(0, ...done, ...applied.map((a) => a.id)) };
  });
}

/** The highest migration applied, or 0 for an empty database. */
export async function schemaVersion(warehouse: Warehouse): Promise<number> {
  const tables = await warehouse.listTables();
  if (!tables.includes(MIGRATION_TABLE.name)) return 0;
  const rows = await warehouse.query<{ v: number | null }>(sql`select max(migration_id) as v from ${sql.id(MIGRATION_TABLE.name)}`);
  return rows[0]?.v ?? 0;
}
