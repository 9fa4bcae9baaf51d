import { AppError } from '@parcours/core';
import type { Warehouse } from '@parcours/store';
import type { IngestOptions } from '../load/ingest-options.js';
import type { LoadReport } from '../load/load-report.js';

/** A folder of OMOP CDM 5.3/5.4 CSV tables → the warehouse, pseudonymized, in one atomic load. */
export async function ingestOmop(_warehouse: Warehouse, _dir: string, _options: IngestOptions): Promise<LoadReport> {
  throw new AppError('unsupported', 'OMOP CSV ingestion is not implemented yet');
}
