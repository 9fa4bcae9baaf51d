import { AppError, tableSpec, type WarehouseTableName } from '@parcours/core';
import { as, col, fn, select, table, type WarehouseSession } from '@parcours/store';

const MAX_INTEGER_ID = 2 ** 31 - 1;

/** The primary-key column of a warehouse table (OMOP's isPrimaryKey), or undefined (death, fact_relationship…). */
export function primaryKeyColumn(name: WarehouseTableName): string | undefined {
  return tableSpec(name)?.columns.find((c) => c.primaryKey === true)?.name;
}

/**
 * Surrogate keys for new rows: each table continues after the highest id already in the warehouse, so a load never
 * collides with earlier loads. OMOP v5.4 keys are 32-bit integers: running out is an error, not a wrap-around.
 */
export class IdAllocator {
  private readonly next = new Map<WarehouseTableName, number>();

  private constructor(start: ReadonlyMap<WarehouseTableName, number>) {
    for (const [t, v] of start) this.next.set(t, v);
  }

  /** Read the current maximum of each table's key (in the load's transaction). */
  static async fromWarehouse(session: WarehouseSession, tables: readonly WarehouseTableName[]): Promise<IdAllocator> {
    const start = new Map<WarehouseTableName, number>();
    for (const t of tables) {
      const pk = primaryKeyColumn(t);
      if (pk === undefined) continue;
      const [row] = await session.query<{ m: number | bigint | null }>(select([as(fn('max', col(pk)), 'm')], table(t)));
      start.set(t, Number(row?.m ?? 0) + 1);
    }
    return new IdAllocator(start);
  }

  /** The next id of a table. */
  take(t: WarehouseTableName): number {
    const id = this.next.get(t);
    if (id === undefined) throw new AppError('internal', `no id sequence for table ${t}`);
    if (id > MAX_INTEGER_ID) throw new AppError('unsupported', `too many ${t} rows for OMOP's 32-bit keys`, { details: { field: t } });
    this.next.set(t, id + 1);
    return id;
  }

  /** Reserve `n` consecutive ids and return the first: for copying a block of rows whose ids are shifted together. */
  reserve(t: WarehouseTableName, n: number): number {
    const first = this.take(t);
    if (n > 1) this.next.set(t, first + n);
    return first;
  }

  /** The first id not yet used (what `take` would return). */
  peek(t: WarehouseTableName): number | undefined {
    return this.next.get(t);
  }
}
