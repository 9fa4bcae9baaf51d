import { cachedConceptId, dayNumberToIsoDate, standardConceptId } from '@parcours/core';
import { arr, bool, clip, fail, item, num, obj, str, type Json } from './fhir-field.js';
import { fhirDayNumber } from './fhir-date.js';
import { C, ROW, type FhirLoad } from './fhir-load.js';
import type { FhirPatient } from './fhir-patient.js';
import { SYSTEM } from './fhir-systems.js';
import type { Outcome } from './outcome.js';

/** Instruments the warehouse names and scores (EORTC publishes no FHIR Questionnaire: recognised by canonical URL). */
const INSTRUMENTS: readonly { readonly pattern: RegExp; readonly name: string; readonly unitConceptId: number }[] = [
  { pattern: /eortc[-_ ]?qlq[-_ ]?c30/i, name: 'EORTC QLQ-C30', unitConceptId: C.UNIT.score },
];

const MAX_DEPTH = 8;

/**
 * QuestionnaireResponse → one observation row per answer (as the direct writer does for the QLQ-C30 scales):
 * concept 0 (questionnaire items have no standard concept in the bundle), the instrument and item linkId as source
 * value, the answer as number, coded value or (de-identified) text.
 */
export function mapQuestionnaireResponse(load: FhirLoad, r: Json, patient: FhirPatient): Outcome {
  if (str(r, 'status', 'QuestionnaireResponse.status') === 'entered-in-error') return 'status-entered-in-error';
  const date = load.date(patient, r, 'authored', 'QuestionnaireResponse.authored');
  if (date === undefined) fail('missing-field', 'QuestionnaireResponse.authored', 'is required (OMOP observation_date)');
  const canonical = str(r, 'questionnaire', 'QuestionnaireResponse.questionnaire') ?? '';
  const known = INSTRUMENTS.find((i) => i.pattern.test(canonical));
  const instrument = known?.name ?? (canonical.split('|')[0]?.split('/').pop() || 'questionnaire');
  const written = answerRows(load, r, patient, date, instrument, known?.unitConceptId ?? null, 'QuestionnaireResponse.item', 0);
  return written === 0 ? 'no-patient-data' : 'loaded';
}

function answerRows(load: FhirLoad, o: Json, patient: FhirPatient, date: number, instrument: string, unit: number | null, path: string, depth: number): number {
  const items = arr(o, 'item', path);
  if (items === undefined || depth > MAX_DEPTH) return 0;
  let written = 0;
  for (let i = 0; i < items.length; i++) {
    const it = item(items, i, path);
    const linkId = str(it, 'linkId', `${path}.linkId`) ?? '';
    written += answerRows(load, it, patient, date, instrument, unit, `${path}.item`, depth + 1);
    const answers = arr(it, 'answer', `${path}.answer`);
    if (answers === undefined) continue;
    for (let j = 0; j < answers.length; j++) {
      const a = item(answers, j, `${path}.answer`);
      written += answerRows(load, a, patient, date, instrument, unit, `${path}.answer.item`, depth + 1);
      const value = answerValue(load, a, patient, `${path}.answer`);
      if (value === undefined) continue;
      load.push(
        'observation',
        ROW.observation({
          observation_id: load.ctx.ids.take('observation'),
          person_id: patient.personId,
          observation_concept_id: C.NO_MATCHING_CONCEPT,
          observation_date: date,
          observation_type_concept_id: C.TYPE_CONCEPT.ehr,
          value_as_number: value.number ?? null,
          value_as_string: clip(value.text, 60),
          value_as_concept_id: value.concept ?? null,
          unit_concept_id: value.number === undefined ? null : unit,
          observation_source_value: clip(`${instrument} ${linkId}`, 50),
          value_source_value: clip(value.source, 50),
        }),
      );
      written++;
    }
  }
  return written;
}

interface AnswerValue {
  readonly number?: number;
  readonly text?: string;
  readonly concept?: number;
  readonly source?: string;
}

function answerValue(load: FhirLoad, a: Json, patient: FhirPatient, path: string): AnswerValue | undefined {
  const n = num(a, 'valueDecimal', `${path}.valueDecimal`) ?? num(a, 'valueInteger', `${path}.valueInteger`);
  if (n !== undefined) return { number: n };
  const s = str(a, 'valueString', `${path}.valueString`);
  if (s !== undefined) return { text: load.deidentify(patient, s) };
  const coding = obj(a, 'valueCoding', `${path}.valueCoding`);
  if (coding !== undefined) {
    const system = str(coding, 'system', `${path}.valueCoding.system`);
    const code = str(coding, 'code', `${path}.valueCoding.code`);
    const vocabulary = system === SYSTEM.loinc ? 'LOINC' : system === SYSTEM.snomed ? 'SNOMED' : undefined;
    const concept = vocabulary === undefined || code === undefined ? C.NO_MATCHING_CONCEPT : standardConceptId(cachedConceptId(vocabulary, code));
    return { concept, source: code, text: str(coding, 'display', `${path}.valueCoding.display`) };
  }
  const b = bool(a, 'valueBoolean', `${path}.valueBoolean`);
  if (b !== undefined) return { text: String(b), source: String(b) };
  for (const key of ['valueDate', 'valueDateTime'] as const) {
    const v = str(a, key, `${path}.${key}`);
    if (v === undefined) continue;
    const d = fhirDayNumber(v);
    if (d === undefined) fail('invalid-date', `${path}.${key}`, 'is not a valid FHIR date or dateTime');
    return { text: dayNumberToIsoDate(load.shifted(patient, d)) };
  }
  return undefined;
}
