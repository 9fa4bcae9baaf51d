import { cachedConceptId, episodeObjectConceptId, metastasisIcd10, standardConceptId } from '@parcours/core';
import { arr, clip, codeOf, fail, first, firstCoding, hasProfile, item, obj, str, textOf, type Json } from './fhir-field.js';
import { C, ROW, type FhirLoad } from './fhir-load.js';
import type { FhirPatient } from './fhir-patient.js';
import { PROFILE, SYSTEM } from './fhir-systems.js';
import type { Outcome } from './outcome.js';

/**
 * Condition → condition_occurrence (FHIR-to-OMOP IG Condition map), with the oncology conventions of the warehouse:
 * - mCODE PrimaryCancerCondition: the ICD-10 code, status 'primary', the histology extension as an ICD-O-3
 *   observation (as the direct writer does), and a disease episode (32528 Disease First Occurrence) linked to the
 *   condition by episode_event;
 * - mCODE SecondaryCancerCondition: the ICD-10 C77–C79 code of its site (metastasisIcd10), status 'secondary: site';
 * - any other condition by its ICD-10 or SNOMED coding; a code outside the vocabulary keeps concept 0 and its
 *   source value.
 */
export function mapCondition(load: FhirLoad, r: Json, patient: FhirPatient, self: string | undefined, fullUrl: string | undefined): Outcome {
  const verification = obj(r, 'verificationStatus', 'Condition.verificationStatus');
  if (codeOf(verification, SYSTEM.conditionVerification, 'Condition.verificationStatus.coding') === 'entered-in-error') return 'status-entered-in-error';
  const code = obj(r, 'code', 'Condition.code');
  if (code === undefined) fail('missing-field', 'Condition.code', 'is required (OMOP condition_concept_id)');
  const onsetPeriod = obj(r, 'onsetPeriod', 'Condition.onsetPeriod');
  const start =
    load.date(patient, r, 'onsetDateTime', 'Condition.onsetDateTime') ??
    (onsetPeriod === undefined ? undefined : load.date(patient, onsetPeriod, 'start', 'Condition.onsetPeriod.start')) ??
    load.date(patient, r, 'recordedDate', 'Condition.recordedDate');
  if (start === undefined) fail('missing-field', 'Condition.onset[x]', 'an onset or recorded date is required (OMOP condition_start_date)');
  const abatementPeriod = obj(r, 'abatementPeriod', 'Condition.abatementPeriod');
  const end =
    load.date(patient, r, 'abatementDateTime', 'Condition.abatementDateTime') ??
    (abatementPeriod === undefined ? undefined : load.date(patient, abatementPeriod, 'end', 'Condition.abatementPeriod.end')) ??
    null;
  const primary = hasProfile(r, PROFILE.primaryCancerCondition);
  const secondary = !primary && hasProfile(r, PROFILE.secondaryCancerCondition);

  const icd10 = codeOf(code, SYSTEM.icd10, 'Condition.code.coding') ?? codeOf(code, SYSTEM.icd10Oid, 'Condition.code.coding');
  let sourceValue: string | undefined;
  let sourceConceptId: number | null = C.NO_MATCHING_CONCEPT;
  let status: string | null = null;
  if (secondary) {
    const site = siteOf(r);
    status = `secondary: ${site ?? 'unspecified'}`;
    sourceValue = icd10 ?? metastasisIcd10(site ?? '');
    sourceConceptId = cachedConceptId('ICD10', sourceValue);
  } else if (icd10 !== undefined) {
    sourceValue = icd10;
    sourceConceptId = cachedConceptId('ICD10', icd10);
  } else {
    const snomed = codeOf(code, SYSTEM.snomed, 'Condition.code.coding');
    if (snomed !== undefined) {
      sourceValue = snomed;
      sourceConceptId = cachedConceptId('SNOMED', snomed);
    } else {
      const coding = firstCoding(code, 'Condition.code.coding');
      const other = coding === undefined ? undefined : str(coding, 'code', 'Condition.code.coding.code');
      sourceValue = other ?? textOf(code, 'Condition.code');
      // A code outside the vocabulary has source concept 0; a condition named only in text has none.
      if (other === undefined) sourceConceptId = null;
    }
  }
  if (primary) status = 'primary';
  const conceptId = standardConceptId(sourceConceptId ?? undefined);
  const conditionId = load.ctx.ids.take('condition_occurrence');
  load.push(
    'condition_occurrence',
    ROW.condition_occurrence({
      condition_occurrence_id: conditionId,
      person_id: patient.personId,
      condition_concept_id: conceptId,
      condition_start_date: start,
      condition_end_date: end,
      // The warehouse's convention for diagnoses from the hospital record (as the direct writer).
      condition_type_concept_id: C.TYPE_CONCEPT.ehrEncounterDiagnosis,
      visit_occurrence_id: load.visitOf(r, 'encounter', 'Condition.encounter'),
      condition_source_value: clip(sourceValue, 50),
      condition_source_concept_id: sourceConceptId,
      condition_status_source_value: clip(status, 50),
    }),
  );
  if (!primary) return 'loaded';

  const morphology = histologyOf(r);
  if (morphology !== undefined) {
    const bodySite = first(r, 'bodySite', 'Condition.bodySite');
    const topography = codeOf(bodySite, SYSTEM.icdO3, 'Condition.bodySite.coding');
    load.push(
      'observation',
      ROW.observation({
        observation_id: load.ctx.ids.take('observation'),
        person_id: patient.personId,
        // ICD-O-3 histology is a non-standard Observation-domain concept: kept by source concept, with the topography.
        observation_concept_id: C.NO_MATCHING_CONCEPT,
        observation_date: start,
        observation_type_concept_id: C.TYPE_CONCEPT.ehr,
        value_as_string: clip(topography, 60),
        observation_source_value: clip(morphology, 50),
        observation_source_concept_id: cachedConceptId('ICDO3', morphology),
        value_source_value: clip(topography, 50),
      }),
    );
  }
  const episodeId = load.ctx.ids.take('episode');
  const objectConceptId = episodeObjectConceptId(conceptId, sourceConceptId ?? C.NO_MATCHING_CONCEPT);
  load.push(
    'episode',
    ROW.episode({
      episode_id: episodeId,
      person_id: patient.personId,
      episode_concept_id: C.EPISODE.diseaseFirstOccurrence,
      episode_start_date: start,
      episode_object_concept_id: objectConceptId,
      episode_type_concept_id: C.EPISODE_TYPE.definedInEhr,
      episode_source_value: clip(sourceValue, 50),
    }),
  );
  load.push('episode_event', ROW.episode_event({ episode_id: episodeId, event_id: conditionId, episode_event_field_concept_id: C.CDM_FIELD.conditionOccurrenceId }));
  const episode = { episodeId, objectConceptId };
  const index = load.episodes.push(episode) - 1;
  if (self !== undefined) load.conditionEpisodes.set(self, index);
  if (fullUrl !== undefined) load.conditionEpisodes.set(fullUrl, index);
  patient.firstEpisode ??= episode;
  return 'loaded';
}

/** The metastatic site of a SecondaryCancerCondition: its body site's text, display or code. */
function siteOf(r: Json): string | undefined {
  const bodySite = first(r, 'bodySite', 'Condition.bodySite');
  if (bodySite === undefined) return undefined;
  const text = textOf(bodySite, 'Condition.bodySite');
  if (text !== undefined) return text;
  const coding = firstCoding(bodySite, 'Condition.bodySite.coding');
  return coding === undefined ? undefined : str(coding, 'code', 'Condition.bodySite.coding.code');
}

/** The ICD-O-3 morphology of mCODE's histology-morphology-behavior extension. */
function histologyOf(r: Json): string | undefined {
  const extensions = arr(r, 'extension', 'Condition.extension');
  if (extensions === undefined) return undefined;
  for (let i = 0; i < extensions.length; i++) {
    const e = item(extensions, i, 'Condition.extension');
    if (e['url'] !== PROFILE.histologyMorphologyBehavior) continue;
    const value = obj(e, 'valueCodeableConcept', 'Condition.extension.valueCodeableConcept');
    return codeOf(value, SYSTEM.icdO3, 'Condition.extension.valueCodeableConcept.coding');
  }
  return undefined;
}
