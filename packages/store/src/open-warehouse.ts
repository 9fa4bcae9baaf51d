import type { KeyStore } from '@parcours/core';
import { DuckDbWarehouse } from './duckdb/duckdb-warehouse.js';
import { PostgresWarehouse } from './postgres/postgres-warehouse.js';
import type { Warehouse } from './warehouse.js';
import { parseWarehouseUrl } from './warehouse-url.js';

export interface OpenWarehouseOptions {
  /** Create the DuckDB file or PostgreSQL schema when missing (`parcours init`); otherwise missing is an error. */
  readonly create?: boolean;
  /** Source of the `warehouse` key that encrypts a DuckDB file at rest. */
  readonly keyStore?: KeyStore;
  /** Accept DuckDB's built-in crypto for writing encrypted files when httpfs is absent (see docs/security.md). */
  readonly allowBuiltInCrypto?: boolean;
  readonly cwd?: string;
}

/**
 * Open the warehouse a URL names: `duckdb:PATH` (embedded default) or `postgres://…[?schema=NAME]`.
 *
 * @example await using wh = await openWarehouse('duckdb:./data/parcours.duckdb', { create: true });
 */
export async function openWarehouse(url: string, options: OpenWarehouseOptions = {}): Promise<Warehouse> {
  const location = parseWarehouseUrl(url, options.cwd);
  if (location.engine === 'duckdb') {
    const key = await options.keyStore?.getKey('warehouse');
    return DuckDbWarehouse.open({
      path: location.path,
      create: options.create ?? false,
      ...(key === undefined ? {} : { encryptionKey: key }),
      allowBuiltInCrypto: options.allowBuiltInCrypto ?? false,
    });
  }
  return PostgresWarehouse.open({
    connectionString: location.connectionString,
    schema: location.schema,
    displayUrl: location.displayUrl,
    create: options.create ?? false,
  });
}
