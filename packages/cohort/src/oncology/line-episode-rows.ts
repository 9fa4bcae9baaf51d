import { AppError, WELL_KNOWN_CONCEPTS, dayNumberToIsoDate } from '@parcours/core';
import { type DrugExposureEvent, type LineOfTherapy } from './lines-of-therapy.js';

/**
 * episode_event_field_concept_id of a link to drug_exposure.drug_exposure_id: a concept of the 'CDM' vocabulary,
 * class 'Field', as the CDM v5.4 spec asks. 1147094 is the id the issue gives and public OMOP code uses; it is not
 * in the bundled vocabulary (verify it in Athena before relying on it).
 */
export const DRUG_EXPOSURE_ID_FIELD_CONCEPT_ID = 1147094;

/** episode_source_value is varchar(50) in CDM v5.4. */
const SOURCE_VALUE_LENGTH = 50;

/** An EPISODE row keyed by its CDM v5.4 column names (dates as 'YYYY-MM-DD'). */
export interface LineEpisodeRow {
  readonly episode_id: number;
  readonly person_id: number;
  readonly episode_concept_id: number;
  readonly episode_start_date: string;
  readonly episode_start_datetime: null;
  readonly episode_end_date: string;
  readonly episode_end_datetime: null;
  readonly episode_parent_id: number | null;
  readonly episode_number: number;
  readonly episode_object_concept_id: number;
  readonly episode_type_concept_id: number;
  readonly episode_source_value: string;
  readonly episode_source_concept_id: number;
}

export interface LineEpisodeEventRow {
  readonly episode_id: number;
  readonly event_id: number;
  readonly episode_event_field_concept_id: number;
}

export interface LineEpisodeOptions {
  readonly personId: number;
  /** episode_id of line 1; line k gets firstEpisodeId + k − 1 (the caller owns the id sequence). */
  readonly firstEpisodeId: number;
  /** episode_id of the disease episode the lines treat (episode_parent_id); null when none is written. */
  readonly diseaseEpisodeId?: number | null;
  /** episode_object_concept_id of a line: a regimen concept (HemOnc) or a local one; 0 by default. */
  readonly regimenConceptId?: (line: LineOfTherapy) => number;
}

/**
 * The OMOP EPISODE and EPISODE_EVENT rows of a patient's lines (see docs/lines-of-therapy.md): one 'Treatment
 * Regimen' episode (32531) per line, derived algorithmically from EHR data (32545), episode_number = line number,
 * and one EPISODE_EVENT per drug exposure of the line. Every exposure of a line needs its drug_exposure_id
 * (`DrugExposureEvent.id`). Pure: writing the rows is the caller's business.
 *
 * @example
 * lineEpisodeRows(lines, events, { personId: 7, firstEpisodeId: 100, diseaseEpisodeId: 99 }).episodes[0]
 * // → { episode_id: 100, person_id: 7, episode_concept_id: 32531, episode_number: 1, episode_parent_id: 99,
 * //      episode_source_value: 'carboplatin + pemetrexed', episode_type_concept_id: 32545, ... }
 */
export function lineEpisodeRows(
  lines: readonly LineOfTherapy[],
  events: readonly DrugExposureEvent[],
  options: LineEpisodeOptions,
): { readonly episodes: LineEpisodeRow[]; readonly episodeEvents: LineEpisodeEventRow[] } {
  const episodes: LineEpisodeRow[] = [];
  const episodeEvents: LineEpisodeEventRow[] = [];
  lines.forEach((line, k) => {
    const episodeId = options.firstEpisodeId + k;
    episodes.push({
      episode_id: episodeId,
      person_id: options.personId,
      episode_concept_id: WELL_KNOWN_CONCEPTS.EPISODE.treatmentRegimen,
      episode_start_date: dayNumberToIsoDate(line.start),
      episode_start_datetime: null,
      episode_end_date: dayNumberToIsoDate(line.end),
      episode_end_datetime: null,
      episode_parent_id: options.diseaseEpisodeId ?? null,
      episode_number: line.lineNumber,
      episode_object_concept_id: options.regimenConceptId?.(line) ?? WELL_KNOWN_CONCEPTS.NO_MATCHING_CONCEPT,
      episode_type_concept_id: WELL_KNOWN_CONCEPTS.EPISODE_TYPE.algorithmicallyDerivedFromEhr,
      episode_source_value: line.regimen.length <= SOURCE_VALUE_LENGTH ? line.regimen : `${line.regimen.slice(0, SOURCE_VALUE_LENGTH - 1)}…`,
      episode_source_concept_id: WELL_KNOWN_CONCEPTS.NO_MATCHING_CONCEPT,
    });
    for (const index of line.exposures) {
      const id = events[index]?.id;
      if (id === undefined) {
        throw new AppError('invalid_input', 'an exposure of a line has no drug_exposure_id', { details: { path: `events[${index}]`, field: 'id', hint: 'set DrugExposureEvent.id to link exposures to episodes' } });
      }
      episodeEvents.push({ episode_id: episodeId, event_id: id, episode_event_field_concept_id: DRUG_EXPOSURE_ID_FIELD_CONCEPT_ID });
    }
  });
  return { episodes, episodeEvents };
}
