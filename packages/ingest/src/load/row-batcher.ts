import type { WarehouseTableName } from '@parcours/core';
import type { AppendValue, WarehouseSession } from '@parcours/store';

/**
 * Rows waiting to be appended, per table, flushed in batches through the engine's bulk path (`Warehouse.append`:
 * DuckDB's parallel INSERT from a table function, PostgreSQL COPY). Mapping code pushes synchronously; the load
 * loop awaits `flushIfFull()` between records, so memory stays bounded by the batch size whatever the input size.
 */
export class RowBatcher {
  private readonly session: WarehouseSession;
  private readonly batchRows: number;
  private readonly pending = new Map<WarehouseTableName, AppendValue[][]>();
  private readonly written = new Map<WarehouseTableName, number>();
  private pendingRows = 0;

  constructor(session: WarehouseSession, batchRows = 20_000) {
    this.session = session;
    this.batchRows = batchRows;
  }

  push(table: WarehouseTableName, row: AppendValue[]): void {
    let rows = this.pending.get(table);
    if (rows === undefined) {
      rows = [];
      this.pending.set(table, rows);
    }
    rows.push(row);
    this.pendingRows++;
  }

  /** Flush when the rows held reach the batch size (across tables). */
  async flushIfFull(): Promise<void> {
    if (this.pendingRows >= this.batchRows) await this.flush();
  }

  async flush(): Promise<void> {
    for (const [table, rows] of this.pending) {
      if (rows.length === 0) continue;
      // Detach the batch before awaiting, so that rows pushed meanwhile wait for the next flush instead of being lost.
      this.pending.set(table, []);
      this.pendingRows -= rows.length;
      await this.session.append(table, rows);
      this.written.set(table, (this.written.get(table) ?? 0) + rows.length);
    }
  }

  /** Rows appended so far (after the last flush), per table. */
  rowsWritten(): Partial<Record<WarehouseTableName, number>> {
    return Object.fromEntries(this.written);
  }
}
