import { CDM_VERSION, WAREHOUSE_TABLES } from '@parcours/core';
import { schemaVersion } from './migrations/migrate.js';
import { as, count, select, sql, table as tableRef } from './sql/builders.js';
import type { Warehouse } from './warehouse.js';

/**
 * Number of rows in a table.
 *
 * @example await countRows(wh, 'person') // 500
 */
export async function countRows(warehouse: Pick<Warehouse, 'query'>, table: string): Promise<number> {
  const rows = await warehouse.query<{ n: bigint }>(select([as(count(), 'n')], tableRef(table)));
  return Number(rows[0]?.n ?? 0n);
}

/** Row counts of the warehouse tables that exist, in schema order (`existing`: the names listTables gave). */
export async function tableRowCounts(warehouse: Pick<Warehouse, 'query' | 'listTables'>, existing?: ReadonlySet<string>): Promise<{ table: string; rows: number; group: string }[]> {
  const present = existing ?? new Set(await warehouse.listTables());
  const tables: { table: string; rows: number; group: string }[] = [];
  for (const spec of WAREHOUSE_TABLES) {
    if (present.has(spec.name)) tables.push({ table: spec.name, rows: await countRows(warehouse, spec.name), group: spec.group });
  }
  return tables;
}

export interface WarehouseInfo {
  readonly engine: Warehouse['engine'];
  readonly url: string;
  readonly sizeBytes: number;
  readonly schemaVersion: number;
  readonly cdmSource: Record<string, string | number | null> | null;
  readonly vocabularies: readonly { readonly vocabulary_id: string; readonly vocabulary_version: string | null }[];
  readonly tables: readonly { readonly table: string; readonly rows: number; readonly group: string }[];
}

/**
 * What `parcours info` shows: every warehouse table with its row count, cdm_source, vocabulary versions, the
 * engine and the storage size.
 */
export async function describeWarehouse(warehouse: Warehouse): Promise<WarehouseInfo> {
  const existing = new Set(await warehouse.listTables());
  const tables = await tableRowCounts(warehouse, existing);
  const cdmSource = existing.has('cdm_source') ? ((await warehouse.query(sql`select * from ${sql.id('cdm_source')} limit 1`))[0] ?? null) : null;
  const vocabularies = existing.has('vocabulary')
    ? await warehouse.query<{ vocabulary_id: string; vocabulary_version: string | null }>(
        sql`select vocabulary_id, vocabulary_version from ${sql.id('vocabulary')} order by vocabulary_id`,
      )
    : [];
  return {
    engine: warehouse.engine,
    url: warehouse.displayUrl,
    sizeBytes: await warehouse.sizeInBytes(),
    schemaVersion: await schemaVersion(warehouse),
    cdmSource: cdmSource as WarehouseInfo['cdmSource'],
    vocabularies,
    tables,
  };
}

export { CDM_VERSION };
