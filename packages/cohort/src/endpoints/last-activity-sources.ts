import type { WarehouseTableName } from '@parcours/core';

/** A clinical table and the date columns that show the patient in care on that day. */
export interface ActivitySource {
  readonly table: WarehouseTableName;
  readonly dates: readonly string[];
}

/**
 * Where "last activity" is read: every OMOP CDM v5.4 table that records the patient being seen, treated, sampled,
 * imaged or written about, with the dates of that contact. Left out, and why:
 * - drug_exposure_end_date, device_exposure_end_date, condition_end_date: derived or projected (days of supply,
 *   an era's end), not a contact — counting them would extend follow-up into time nobody observed;
 * - death: the event itself, never a sign of being followed;
 * - observation_period: the alternative reading of follow-up (`followUpEnd: 'observation-period'`), see
 *   docs/endpoints.md.
 * A visit counts to its end date (an inpatient stay shows the patient in care until discharge). An episode counts at
 * its start only (a progression assessed, a line started, that day; a line's end is the end of a supply): episodes
 * are built from the facts above, but a warehouse may hold an episode without them, and a patient who progressed
 * or started a line on a day was alive and in care then — so rwPFS and TTNT never end after the rwOS censoring.
 */
export const LAST_ACTIVITY_SOURCES: readonly ActivitySource[] = Object.freeze([
  { table: 'visit_occurrence', dates: ['visit_start_date', 'visit_end_date'] },
  { table: 'condition_occurrence', dates: ['condition_start_date'] },
  { table: 'drug_exposure', dates: ['drug_exposure_start_date'] },
  { table: 'procedure_occurrence', dates: ['procedure_date'] },
  { table: 'device_exposure', dates: ['device_exposure_start_date'] },
  { table: 'measurement', dates: ['measurement_date'] },
  { table: 'observation', dates: ['observation_date'] },
  { table: 'note', dates: ['note_date'] },
  { table: 'specimen', dates: ['specimen_date'] },
  { table: 'image_occurrence', dates: ['image_occurrence_date'] },
  { table: 'episode', dates: ['episode_start_date'] },
]);
