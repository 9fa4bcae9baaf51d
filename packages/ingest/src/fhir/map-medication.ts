import { cachedConceptId, ingredientConceptIdOfAtc, standardConceptId } from '@parcours/core';
import { arr, clip, codeOf, fail, first, firstCoding, item, keyOfReference, num, obj, str, textOf, type Json } from './fhir-field.js';
import { C, ROW, type FhirLoad } from './fhir-load.js';
import type { FhirPatient } from './fhir-patient.js';
import { SYSTEM } from './fhir-systems.js';
import type { Outcome } from './outcome.js';

export type MedicationResourceType = 'MedicationAdministration' | 'MedicationRequest' | 'MedicationStatement';

/** drug_type_concept_id by resource: what kind of record says the drug was given, prescribed or taken. */
const DRUG_TYPE: Readonly<Record<MedicationResourceType, number>> = {
  MedicationAdministration: C.TYPE_CONCEPT.ehrAdministrationRecord,
  MedicationRequest: C.TYPE_CONCEPT.ehrPrescription,
  MedicationStatement: C.TYPE_CONCEPT.patientSelfReport,
};

/** Days in a UCUM duration unit (expectedSupplyDuration). */
const DAYS_PER_UNIT: Readonly<Record<string, number>> = { d: 1, wk: 7, mo: 30 };

/** Every JSON path a medication mapper reports, built once per resource type rather than per record. */
function paths(type: MedicationResourceType) {
  return {
    contained: `${type}.contained`,
    containedCode: `${type}.contained.code`,
    dosageDoseCode: `${type}.dosage.dose.code`,
    dosageDoseUnit: `${type}.dosage.dose.unit`,
    dosageDoseValue: `${type}.dosage.dose.value`,
    dosageRoute: `${type}.dosage.route`,
    dosageRouteCoding: `${type}.dosage.route.coding`,
    effectiveDateTime: `${type}.effectiveDateTime`,
    effectivePeriod: `${type}.effectivePeriod`,
    effectivePeriodEnd: `${type}.effectivePeriod.end`,
    effectivePeriodStart: `${type}.effectivePeriod.start`,
    effectiveX: `${type}.effective[x]`,
    medicationCodeableConcept: `${type}.medicationCodeableConcept`,
    medicationCodeableConceptCoding: `${type}.medicationCodeableConcept.coding`,
    medicationReference: `${type}.medicationReference`,
    medicationX: `${type}.medication[x]`,
    status: `${type}.status`,
    encounter: type === 'MedicationRequest' ? 'MedicationRequest.encounter' : `${type}.context`,
  } as const;
}

type MedicationPaths = ReturnType<typeof paths>;

const PATHS = {
  MedicationAdministration: paths('MedicationAdministration'),
  MedicationRequest: paths('MedicationRequest'),
  MedicationStatement: paths('MedicationStatement'),
};

/**
 * MedicationAdministration / MedicationRequest / MedicationStatement → drug_exposure (FHIR-to-OMOP IG medication
 * map): an ATC code gives the RxNorm (or local) ingredient as drug_concept_id and the ATC concept as source, as the
 * direct writer does; an RxNorm code maps to itself; any other code keeps concept 0 and its source value. Dates from
 * effective[x] (administration, statement) or the dosage timing, authoredOn and expected supply (request).
 */
export function mapMedication(load: FhirLoad, r: Json, patient: FhirPatient, type: MedicationResourceType): Outcome {
  const P = PATHS[type];
  const status = str(r, 'status', P.status);
  if (status === 'entered-in-error') return 'status-entered-in-error';
  if (status === 'not-done' || status === 'not-taken') return 'status-not-done';
  const drug = drugOf(r, P);

  let start: number | undefined;
  let end: number | undefined;
  let dosage: Json | undefined;
  let dose: Json | undefined;
  let quantity: number | undefined;
  let daysSupply: number | undefined;
  let refills: number | undefined;
  if (type === 'MedicationRequest') {
    dosage = first(r, 'dosageInstruction', 'MedicationRequest.dosageInstruction');
    const repeat = dosage === undefined ? undefined : obj(obj(dosage, 'timing', 'MedicationRequest.dosageInstruction.timing') ?? {}, 'repeat', 'MedicationRequest.dosageInstruction.timing.repeat');
    const bounds = repeat === undefined ? undefined : obj(repeat, 'boundsPeriod', 'MedicationRequest.dosageInstruction.timing.repeat.boundsPeriod');
    start = (bounds === undefined ? undefined : load.date(patient, bounds, 'start', 'MedicationRequest.dosageInstruction.timing.repeat.boundsPeriod.start')) ?? load.date(patient, r, 'authoredOn', 'MedicationRequest.authoredOn');
    if (start === undefined) fail('missing-field', 'MedicationRequest.authoredOn', 'a start (authoredOn or dosage timing) is required (OMOP drug_exposure_start_date)');
    end = bounds === undefined ? undefined : load.date(patient, bounds, 'end', 'MedicationRequest.dosageInstruction.timing.repeat.boundsPeriod.end');
    const dispense = obj(r, 'dispenseRequest', 'MedicationRequest.dispenseRequest');
    if (dispense !== undefined) {
      const supply = obj(dispense, 'expectedSupplyDuration', 'MedicationRequest.dispenseRequest.expectedSupplyDuration');
      const value = supply === undefined ? undefined : num(supply, 'value', 'MedicationRequest.dispenseRequest.expectedSupplyDuration.value');
      const unit = supply === undefined ? undefined : (str(supply, 'code', 'MedicationRequest.dispenseRequest.expectedSupplyDuration.code') ?? 'd');
      if (value !== undefined && DAYS_PER_UNIT[unit ?? 'd'] !== undefined) daysSupply = Math.round(value * DAYS_PER_UNIT[unit ?? 'd']!);
      if (daysSupply !== undefined && (daysSupply < 0 || daysSupply > 36_500)) fail('invalid-value', 'MedicationRequest.dispenseRequest.expectedSupplyDuration', 'is not a plausible supply duration');
      const q = obj(dispense, 'quantity', 'MedicationRequest.dispenseRequest.quantity');
      quantity = q === undefined ? undefined : num(q, 'value', 'MedicationRequest.dispenseRequest.quantity.value');
      refills = num(dispense, 'numberOfRepeatsAllowed', 'MedicationRequest.dispenseRequest.numberOfRepeatsAllowed');
      if (refills !== undefined && (!Number.isInteger(refills) || refills < 0)) fail('wrong-type', 'MedicationRequest.dispenseRequest.numberOfRepeatsAllowed', 'must be an unsignedInt');
    }
    if (end === undefined && daysSupply !== undefined && daysSupply > 0) end = start + daysSupply - 1;
    dose = doseOf(dosage, 'MedicationRequest.dosageInstruction');
  } else {
    const period = obj(r, 'effectivePeriod', P.effectivePeriod);
    start =
      load.date(patient, r, 'effectiveDateTime', P.effectiveDateTime) ??
      (period === undefined ? undefined : load.date(patient, period, 'start', P.effectivePeriodStart)) ??
      (type === 'MedicationStatement' ? load.date(patient, r, 'dateAsserted', 'MedicationStatement.dateAsserted') : undefined);
    if (start === undefined) fail('missing-field', P.effectiveX, 'is required (OMOP drug_exposure_start_date)');
    end = period === undefined ? undefined : load.date(patient, period, 'end', P.effectivePeriodEnd);
    if (type === 'MedicationAdministration') {
      dosage = obj(r, 'dosage', 'MedicationAdministration.dosage');
      dose = dosage === undefined ? undefined : obj(dosage, 'dose', 'MedicationAdministration.dosage.dose');
    } else {
      dosage = first(r, 'dosage', 'MedicationStatement.dosage');
      dose = doseOf(dosage, 'MedicationStatement.dosage');
    }
  }
  end ??= start;
  if (end < start) fail('invalid-value', P.effectiveX, 'ends before it starts');
  daysSupply ??= end - start + 1;
  const doseValue = dose === undefined ? undefined : num(dose, 'value', P.dosageDoseValue);
  const doseUnit = dose === undefined ? undefined : (str(dose, 'unit', P.dosageDoseUnit) ?? str(dose, 'code', P.dosageDoseCode));
  const route = dosage === undefined ? undefined : obj(dosage, 'route', P.dosageRoute);
  const routeCode = codeOf(route, SYSTEM.snomed, P.dosageRouteCoding);
  const routeConcept = routeCode === undefined ? C.NO_MATCHING_CONCEPT : standardConceptId(cachedConceptId('SNOMED', routeCode));

  load.push(
    'drug_exposure',
    ROW.drug_exposure({
      drug_exposure_id: load.ctx.ids.take('drug_exposure'),
      person_id: patient.personId,
      drug_concept_id: drug.conceptId,
      drug_exposure_start_date: start,
      drug_exposure_end_date: end,
      drug_type_concept_id: DRUG_TYPE[type],
      refills: refills ?? null,
      quantity: quantity ?? doseValue ?? null,
      days_supply: daysSupply,
      route_concept_id: routeConcept === C.NO_MATCHING_CONCEPT ? null : routeConcept,
      visit_occurrence_id: load.visitOf(r, type === 'MedicationRequest' ? 'encounter' : 'context', P.encounter),
      drug_source_value: clip(drug.sourceValue, 50),
      drug_source_concept_id: drug.sourceConceptId,
      route_source_value: clip(routeCode ?? textOf(route, P.dosageRoute), 50),
      dose_unit_source_value: clip(doseUnit, 50),
    }),
  );
  return 'loaded';
}

function doseOf(dosage: Json | undefined, path: string): Json | undefined {
  if (dosage === undefined) return undefined;
  const rate = first(dosage, 'doseAndRate', `${path}.doseAndRate`);
  return rate === undefined ? undefined : obj(rate, 'doseQuantity', `${path}.doseAndRate.doseQuantity`);
}

interface Drug {
  readonly conceptId: number;
  readonly sourceConceptId: number;
  readonly sourceValue: string | undefined;
}

/** The drug of medication[x]: an inline CodeableConcept, or a contained Medication's code ('#id'). */
function drugOf(r: Json, P: MedicationPaths): Drug {
  let cc = obj(r, 'medicationCodeableConcept', P.medicationCodeableConcept);
  if (cc === undefined) {
    const ref = obj(r, 'medicationReference', P.medicationReference);
    if (ref === undefined) fail('missing-field', P.medicationX, 'is required (OMOP drug_concept_id)');
    cc = containedMedicationCode(r, keyOfReference(ref, P.medicationReference), P);
    // A Medication elsewhere in the export is not resolved (Medication resources are not loaded): concept 0.
    if (cc === undefined) return { conceptId: C.NO_MATCHING_CONCEPT, sourceConceptId: C.NO_MATCHING_CONCEPT, sourceValue: undefined };
  }
  const path = P.medicationCodeableConceptCoding;
  const atc = codeOf(cc, SYSTEM.atc, path);
  if (atc !== undefined) {
    // The drug's name (coding display, or the text) picks the ingredient when the code is an ATC group.
    const name = atcCoding(cc)?.['display'] ?? cc['text'];
    return { conceptId: ingredientConceptIdOfAtc(atc, typeof name === 'string' ? name : undefined), sourceConceptId: cachedConceptId('ATC', atc), sourceValue: atc };
  }
  const rxnorm = codeOf(cc, SYSTEM.rxnorm, path);
  if (rxnorm !== undefined) {
    const source = cachedConceptId('RxNorm', rxnorm);
    return { conceptId: standardConceptId(source), sourceConceptId: source, sourceValue: rxnorm };
  }
  const coding = firstCoding(cc, path);
  return { conceptId: C.NO_MATCHING_CONCEPT, sourceConceptId: C.NO_MATCHING_CONCEPT, sourceValue: (coding === undefined ? undefined : str(coding, 'code', `${path}.code`)) ?? textOf(cc, P.medicationCodeableConcept) };
}

function atcCoding(cc: Json): Json | undefined {
  const codings = cc['coding'];
  if (!Array.isArray(codings)) return undefined;
  return codings.find((c): c is Json => typeof c === 'object' && c !== null && (c as Json)['system'] === SYSTEM.atc);
}

function containedMedicationCode(r: Json, key: string | undefined, P: MedicationPaths): Json | undefined {
  if (key === undefined || !key.startsWith('#')) return undefined;
  const contained = arr(r, 'contained', P.contained);
  if (contained === undefined) return undefined;
  for (let i = 0; i < contained.length; i++) {
    const c = item(contained, i, P.contained);
    if (c['resourceType'] === 'Medication' && c['id'] === key.slice(1)) return obj(c, 'code', P.containedCode);
  }
  return undefined;
}
