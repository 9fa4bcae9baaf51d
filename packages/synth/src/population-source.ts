import type { ClinicalNote, SiteProfile, SyntheticPatient, SyntheticTruth } from './model/synthetic-patient.js';

/**
 * What the writers consume: the population's truth and sites, and its patients as a stream (a generator), so that
 * no writer ever holds the whole population. `generatePopulation(options)` returns one; tests pass hand-made ones.
 */
export interface PopulationSource {
  readonly truth: SyntheticTruth;
  readonly sites: readonly SiteProfile[];
  patients(): Iterable<SyntheticPatient>;
}

/** Progress of a writer, reported every few hundred patients and at the end. */
export interface PopulationProgress {
  readonly patients: number;
  readonly total: number;
}

/** Options shared by the file writers (FHIR NDJSON, OMOP CSV). */
export interface PopulationFileOptions {
  /** The notes of a patient (DocumentReference in FHIR, note text in the CSV export); none when omitted. */
  readonly notes?: (patient: SyntheticPatient) => readonly ClinicalNote[];
  readonly signal?: AbortSignal;
  /** Awaited after each patient (lets a caller drain its own side files). */
  readonly afterPatient?: () => Promise<void>;
  readonly onProgress?: (progress: PopulationProgress) => void;
}
