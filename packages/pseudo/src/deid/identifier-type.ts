import type { Pseudonymizer } from '../pseudonymizer.js';

/** The kinds of identifying text the de-identifier finds (the same names as the synthetic notes' ground truth). */
export const IDENTIFIER_TYPES = [
  'PATIENT_NAME',
  'DOCTOR_NAME',
  'BIRTH_DATE',
  'DATE',
  'NIR',
  'PHONE',
  'EMAIL',
  'ADDRESS',
  'POSTCODE',
  'CITY',
  'IPP',
  'NDA',
  'HOSPITAL',
  'URL',
] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

/**
 * What the patient's own record says about them (from the FHIR Patient / source): matched literally in the text
 * (case-, accent- and spacing-insensitive).
 */
export interface PatientIdentifiers {
  /** Given names, family names, birth (maiden) names. */
  readonly names?: readonly string[];
  /** IPP/MRN, NDA (stay numbers), NIR, accession numbers: any identifying string. */
  readonly identifiers?: readonly string[];
  readonly phones?: readonly string[];
  readonly emails?: readonly string[];
  readonly addressLines?: readonly string[];
  readonly postcodes?: readonly string[];
  readonly cities?: readonly string[];
  /** ISO YYYY-MM-DD. */
  readonly birthDate?: string;
}

export interface DeidOptions {
  /**
   * 'placeholder' (default): typed placeholders such as `[PATIENT_NAME]`; 'surrogate': consistent fake values (the
   * same input gives the same surrogate for the same key): French names, phones, NIRs with a valid key, addresses.
   */
  readonly replacement?: 'placeholder' | 'surrogate';
  /**
   * When given, every recognised date is shifted by this many days (the patient's offset) and written in the same
   * format; when absent, dates are replaced by a placeholder.
   */
  readonly dateShiftDays?: number;
  /** Required for 'surrogate'. */
  readonly pseudonymizer?: Pseudonymizer;
  /**
   * How to read an all-numeric date whose day and month could be swapped (03/12/2019). 'auto' (default): day first
   * unless the note itself writes month-first dates (a date such as 07/22/1949 appears in it).
   */
  readonly numericDateOrder?: 'auto' | 'day-month' | 'month-day';
}

/** UTF-16 offsets in the input text, end exclusive. */
export interface DetectedSpan {
  readonly start: number;
  readonly end: number;
  readonly type: IdentifierType;
}

export interface DeidResult {
  readonly text: string;
  readonly spans: readonly DetectedSpan[];
}
