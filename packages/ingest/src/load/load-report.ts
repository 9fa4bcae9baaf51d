import type { WarehouseTableName } from '@parcours/core';

/** Where a record came from: the file, and the line (NDJSON, CSV) or entry (Bundle) in it, 1-based. */
export interface RecordLocation {
  readonly file: string;
  readonly line?: number;
  readonly entry?: number;
}

/**
 * Why a record was rejected. Messages are written by Parcours and name fields and rules, never a record's value
 * (a value may identify a patient).
 */
export type QuarantineCode =
  | 'invalid-json'
  | 'record-too-large'
  | 'not-a-resource'
  | 'unknown-resource-type'
  | 'missing-field'
  | 'wrong-type'
  | 'invalid-value'
  | 'invalid-date'
  | 'unresolved-reference'
  | 'duplicate-key'
  | 'value-too-long'
  | 'unknown-column'
  | 'wrong-column-count'
  | 'malformed-record';

export interface QuarantineEntry extends RecordLocation {
  readonly resourceType?: string;
  /** Where in the record: a FHIRPath-like JSON path (`Observation.effectiveDateTime`) or a CSV column. */
  readonly path?: string;
  readonly code: QuarantineCode;
  readonly reason: string;
  /** SHA-256 of the record's bytes, to find it in the source without copying it into the warehouse. */
  readonly sha256?: string;
}

/** Why a record was read but deliberately not loaded (counted, never silent). */
export type SkipReason =
  | 'duplicate-record'
  | 'resource-type-not-mapped'
  | 'person-already-loaded'
  | 'no-patient-data'
  | 'status-entered-in-error'
  /** FHIR: an administration or procedure recorded as not done, a medication as not taken. */
  | 'status-not-done'
  /** FHIR: a DiagnosticReport without text of its own (its Observations are loaded on their own). */
  | 'grouping-resource'
  /** FHIR: a DocumentReference whose content is not inline plain text (PDF, image, URL). */
  | 'no-text-content'
  | 'vocabulary-already-present'
  | 'table-not-in-cdm-v54'
  | 'cdm-source-of-input';

/**
 * Something about the input as a whole that the reader should know but that rejected no record: a column or file
 * that was not recognised, a CDM 5.3 column read under its 5.4 name, a default filled in. Never a record's value.
 */
export interface LoadWarning {
  readonly file: string;
  /** The column concerned, when there is one. */
  readonly path?: string;
  readonly code: 'unknown-column' | 'unknown-table' | 'table-not-in-cdm-v54' | 'cdm-v53-column' | 'default-value' | 'reference-not-shifted' | 'not-a-fhir-file';
  readonly message: string;
}

export type LoadKind = 'fhir' | 'omop';

export interface LoadFileReport {
  readonly name: string;
  readonly sha256: string;
  readonly bytes: number;
  /** 'already-loaded': a committed load read this exact content before; it is not read again. */
  readonly status: 'loaded' | 'already-loaded';
  readonly records: number;
}

/**
 * The reconciled account of one load: every record read is loaded, quarantined, excluded (opposition) or skipped
 * with a reason — `read = loaded + quarantined + excluded + skipped` (checked, see `reconciled`).
 */
export interface LoadReport {
  /** Null when there was nothing to load (every file already loaded, no opposition change). */
  readonly loadId: number | null;
  readonly kind: LoadKind;
  readonly files: readonly LoadFileReport[];
  readonly read: number;
  readonly loaded: number;
  readonly quarantined: number;
  readonly excluded: number;
  readonly skipped: number;
  readonly quarantinedByCode: Readonly<Partial<Record<QuarantineCode, number>>>;
  readonly skippedByReason: Readonly<Partial<Record<SkipReason, number>>>;
  /** Patients of the opposition list met in this load's input (their records are the `excluded` ones). */
  readonly patientsExcluded: number;
  /** Persons already in the warehouse removed because they are on the opposition list. */
  readonly personsRemoved: number;
  readonly rowsWritten: Readonly<Partial<Record<WarehouseTableName, number>>>;
  /** What the reader should know about the input beyond the counts (unknown columns, CDM 5.3 renames…). */
  readonly warnings: readonly LoadWarning[];
  readonly reconciled: boolean;
  readonly seconds: number;
}

/** Counts as a load goes; `report()` freezes them. */
export class LoadCounters {
  read = 0;
  loaded = 0;
  excluded = 0;
  quarantined = 0;
  skipped = 0;
  patientsExcluded = 0;
  readonly quarantinedByCode: Partial<Record<QuarantineCode, number>> = {};
  readonly skippedByReason: Partial<Record<SkipReason, number>> = {};

  skip(reason: SkipReason): void {
    this.skipped++;
    this.skippedByReason[reason] = (this.skippedByReason[reason] ?? 0) + 1;
  }

  countQuarantined(code: QuarantineCode): void {
    this.quarantined++;
    this.quarantinedByCode[code] = (this.quarantinedByCode[code] ?? 0) + 1;
  }

  get reconciled(): boolean {
    return this.read === this.loaded + this.quarantined + this.excluded + this.skipped;
  }
}
