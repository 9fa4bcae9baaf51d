import { cachedConceptId, standardConceptId } from '@parcours/core';
import { clip, codeOf, fail, firstCoding, hasProfile, obj, str, textOf, type Json } from './fhir-field.js';
import { C, ROW, type FhirLoad } from './fhir-load.js';
import type { FhirPatient } from './fhir-patient.js';
import { PROFILE, SYSTEM } from './fhir-systems.js';
import type { Outcome } from './outcome.js';

/** Procedure categories (SNOMED, as mCODE codes them) → the kind the warehouse keeps in modifier_source_value. */
const KIND_OF_CATEGORY: Readonly<Record<string, string>> = { '387713003': 'surgery', '108290001': 'radiotherapy' };

/**
 * Procedure → procedure_occurrence (FHIR-to-OMOP IG Procedure map): the code's SNOMED concept when the vocabulary
 * has it, else concept 0 with the code (CCAM…) or text as source value; the kind of procedure (surgery,
 * radiotherapy, biopsy…) in modifier_source_value, as the direct writer does.
 */
export function mapProcedure(load: FhirLoad, r: Json, patient: FhirPatient): Outcome {
  const status = str(r, 'status', 'Procedure.status');
  if (status === 'entered-in-error') return 'status-entered-in-error';
  if (status === 'not-done') return 'status-not-done';
  const code = obj(r, 'code', 'Procedure.code');
  if (code === undefined) fail('missing-field', 'Procedure.code', 'is required (OMOP procedure_concept_id)');
  const period = obj(r, 'performedPeriod', 'Procedure.performedPeriod');
  const start = load.date(patient, r, 'performedDateTime', 'Procedure.performedDateTime') ?? (period === undefined ? undefined : load.date(patient, period, 'start', 'Procedure.performedPeriod.start'));
  if (start === undefined) fail('missing-field', 'Procedure.performed[x]', 'a performed date is required (OMOP procedure_date)');
  const end = period === undefined ? undefined : load.date(patient, period, 'end', 'Procedure.performedPeriod.end');
  const snomed = codeOf(code, SYSTEM.snomed, 'Procedure.code.coding');
  const coding = firstCoding(code, 'Procedure.code.coding');
  const otherCode = coding === undefined ? undefined : str(coding, 'code', 'Procedure.code.coding.code');
  // A code outside the vocabulary (CCAM…) has source concept 0; a procedure named only in text has none.
  const sourceConceptId = snomed !== undefined ? cachedConceptId('SNOMED', snomed) : otherCode !== undefined ? C.NO_MATCHING_CONCEPT : null;
  const sourceValue = snomed ?? otherCode ?? textOf(code, 'Procedure.code');
  load.push(
    'procedure_occurrence',
    ROW.procedure_occurrence({
      procedure_occurrence_id: load.ctx.ids.take('procedure_occurrence'),
      person_id: patient.personId,
      procedure_concept_id: standardConceptId(sourceConceptId ?? undefined),
      procedure_date: start,
      procedure_end_date: end ?? null,
      procedure_type_concept_id: C.TYPE_CONCEPT.ehr,
      visit_occurrence_id: load.visitOf(r, 'encounter', 'Procedure.encounter'),
      procedure_source_value: clip(sourceValue, 50),
      procedure_source_concept_id: sourceConceptId,
      modifier_source_value: clip(kindOf(r), 50),
    }),
  );
  return 'loaded';
}

function kindOf(r: Json): string | undefined {
  const category = obj(r, 'category', 'Procedure.category');
  const snomed = codeOf(category, SYSTEM.snomed, 'Procedure.category.coding');
  const kind = (snomed === undefined ? undefined : KIND_OF_CATEGORY[snomed]) ?? textOf(category, 'Procedure.category');
  if (kind !== undefined) return kind;
  if (hasProfile(r, PROFILE.surgicalProcedure)) return 'surgery';
  if (hasProfile(r, PROFILE.radiotherapyCourseSummary)) return 'radiotherapy';
  return undefined;
}
