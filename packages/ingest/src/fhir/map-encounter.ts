import { arr, clip, fail, item, obj, str, type Json } from './fhir-field.js';
import { C, ROW, VISIT_CONCEPT_OF_CLASS, type FhirLoad } from './fhir-load.js';
import type { FhirPatient } from './fhir-patient.js';
import type { Outcome } from './outcome.js';

/**
 * Encounter → visit_occurrence (FHIR-to-OMOP IG Encounter map): the class (v3 ActCode) gives the visit concept and
 * is kept as visit_source_value — never the stay number (NDA), which identifies the stay outside the warehouse and is
 * only remembered, in memory, to clean notes of it.
 */
export function mapEncounter(load: FhirLoad, r: Json, patient: FhirPatient, self: string | undefined, fullUrl: string | undefined): Outcome {
  if (str(r, 'status', 'Encounter.status') === 'entered-in-error') return 'status-entered-in-error';
  const period = obj(r, 'period', 'Encounter.period');
  if (period === undefined) fail('missing-field', 'Encounter.period', 'is required (OMOP visit_start_date)');
  const start = load.date(patient, period, 'start', 'Encounter.period.start');
  if (start === undefined) fail('missing-field', 'Encounter.period.start', 'is required (OMOP visit_start_date)');
  const end = load.date(patient, period, 'end', 'Encounter.period.end') ?? start;
  if (end < start) fail('invalid-value', 'Encounter.period.end', 'is before Encounter.period.start');
  const cls = obj(r, 'class', 'Encounter.class');
  const code = cls === undefined ? undefined : str(cls, 'code', 'Encounter.class.code');
  const visitId = load.ctx.ids.take('visit_occurrence');
  load.push(
    'visit_occurrence',
    ROW.visit_occurrence({
      visit_occurrence_id: visitId,
      person_id: patient.personId,
      visit_concept_id: (code === undefined ? undefined : VISIT_CONCEPT_OF_CLASS[code]) ?? C.NO_MATCHING_CONCEPT,
      visit_start_date: start,
      visit_end_date: end,
      visit_type_concept_id: C.TYPE_CONCEPT.ehr,
      care_site_id: load.careSiteOf(r, 'serviceProvider', 'Encounter.serviceProvider'),
      visit_source_value: clip(code, 50),
    }),
  );
  const identifiers = arr(r, 'identifier', 'Encounter.identifier');
  if (identifiers !== undefined && patient.identifiers !== undefined) {
    for (let i = 0; i < identifiers.length; i++) patient.addIdentifier(str(item(identifiers, i, 'Encounter.identifier'), 'value', 'Encounter.identifier.value'));
  }
  // Registered last: a record quarantined above must not be found by the resources that refer to it.
  if (self !== undefined) load.visits.set(self, visitId);
  if (fullUrl !== undefined) load.visits.set(fullUrl, visitId);
  return 'loaded';
}
