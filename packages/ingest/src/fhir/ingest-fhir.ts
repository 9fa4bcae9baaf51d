import { AppError } from '@parcours/core';
import type { Warehouse } from '@parcours/store';
import type { IngestOptions } from '../load/ingest-options.js';
import type { LoadReport } from '../load/load-report.js';

/** FHIR R4 (Bundles, Bulk Data NDJSON) → OMOP CDM v5.4, pseudonymized, in one atomic load. */
export async function ingestFhir(_warehouse: Warehouse, _paths: readonly string[], _options: IngestOptions): Promise<LoadReport> {
  throw new AppError('unsupported', 'FHIR ingestion is not implemented yet');
}
