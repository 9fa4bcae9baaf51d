// Public face of @parcours/store: the Warehouse port, its DuckDB and PostgreSQL adapters, the SQL syntax tree,
// migrations and vocabulary loading.
export type { AppendOptions, AppendValue, EngineName, Row, StreamOptions, TableCount, Warehouse, WarehouseSession, WarehouseValue } from './warehouse.js';
export { openWarehouse, type OpenWarehouseOptions } from './open-warehouse.js';
export { DEFAULT_WAREHOUSE_URL, parseWarehouseUrl, type WarehouseLocation } from './warehouse-url.js';
export { DuckDbWarehouse, type DuckDbWarehouseOptions } from './duckdb/duckdb-warehouse.js';
export { PostgresWarehouse, type PostgresWarehouseOptions } from './postgres/postgres-warehouse.js';
export { encodeCopyRow, encodeCopyValue, escapeCopyText } from './postgres/copy-text.js';

export { omopColumns, omopRowBuilder, type OmopColumn, type OmopRowValues } from './omop-row.js';
export { cdmTextConverter, isCdmValueProblem, type CdmTextConverter, type CdmValueProblem } from './cdm-text-value.js';

export * from './sql/nodes.js';
export { compileQuery, type CompiledQuery } from './sql/compile-query.js';
export { DUCKDB_DIALECT, POSTGRES_DIALECT, quoteIdentifier, type SqlDialect } from './sql/dialect.js';
export * from './sql/builders.js';

export { LATEST_MIGRATION, MIGRATIONS, MIGRATION_TABLE, type Migration } from './migrations/migrations.js';
export { migrate, schemaVersion, type MigrationReport } from './migrations/migrate.js';
export { initWarehouse, type InitOptions, type InitReport } from './init-warehouse.js';
export { countRows, describeWarehouse, tableRowCounts, type WarehouseInfo } from './warehouse-info.js';

export { VOCABULARY_TABLES, type VocabularyTableName } from './vocabulary/vocabulary-tables.js';
export { findVocabularyFiles, loadVocabularyFiles, type VocabularyLoadOptions, type VocabularyLoadProgress, type VocabularyLoadReport } from './vocabulary/load-vocabulary-files.js';
export { loadBundledVocabulary } from './vocabulary/load-bundled-vocabulary.js';

export { EnvironmentKeyStore, StaticKeyStore } from './keys/environment-key-store.js';
export { SOFTWARE_VERSION } from './version.js';
