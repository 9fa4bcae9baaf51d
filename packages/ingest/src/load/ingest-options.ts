import type { BirthDatePrecision, OppositionList, Pseudonymizer } from '@parcours/pseudo';
import type { LoadProgress } from './run-load.js';

/** Options every ingestion path shares (FHIR and OMOP CSV): the pseudonymization applied before anything is written. */
export interface IngestOptions {
  readonly pseudonymizer: Pseudonymizer;
  /** Shift each patient's dates by one keyed random offset in [−N, +N] days (0 or absent: no shift). */
  readonly dateShiftMaxDays?: number;
  /** How much of the birth date is kept (default 'year'). */
  readonly birthDatePrecision?: BirthDatePrecision;
  /** Patients who objected: excluded from this load and removed from the warehouse. */
  readonly opposition?: OppositionList;
  /** Notes: consistent surrogates instead of typed placeholders. */
  readonly surrogates?: boolean;
  readonly maxRecordBytes?: number;
  readonly batchRows?: number;
  readonly onProgress?: (progress: LoadProgress) => void;
  readonly signal?: AbortSignal;
}
