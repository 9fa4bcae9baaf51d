export { AppError, ERROR_CODES, asError, isAppError } from './errors/app-error.js';
export type { AppErrorOptions, ErrorCode, ErrorDetails } from './errors/app-error.js';

export { COLUMN_TYPES } from './omop/table-spec.js';
export type { ColumnSpec, ColumnType, TableGroup, TableSpec } from './omop/table-spec.js';
export { CDM_V54_TABLES } from './omop/cdm-v54-tables.js';
export { MEDICAL_IMAGING_TABLES } from './omop/medical-imaging-tables.js';
export { INGEST_TABLES } from './omop/ingest-tables.js';
export { CDM_VERSION, WAREHOUSE_TABLES, columnSpec, isWarehouseTableName, tableSpec } from './omop/warehouse-schema.js';
export type { WarehouseTableName } from './omop/warehouse-schema.js';

export { DNA_CHANGE_TYPES, FHIR_SYSTEMS, MCODE_PROFILES } from './fhir/fhir-systems.js';

export { dayNumberToIsoDate, daysFromCivil, daysInMonth, isLeapYear, isoDateToDayNumber } from './time/day-number.js';

export type { KeyName, KeyStore } from './ports/key-store.js';

export * from './vocabulary/index.js';
