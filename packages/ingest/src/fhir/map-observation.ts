import {
  DNA_CHANGE_TYPES,
  biomarkerConcepts,
  cachedConceptId,
  conceptById,
  hgncGeneById,
  receptorOfLoinc,
  stageConceptId,
  standardConceptId,
  tnmConceptId,
  unitConceptId,
  type BiomarkerConcepts,
  type BiomarkerTest,
} from '@parcours/core';
import { arr, clip, codeOf, fail, first, firstCoding, hasProfile, item, keyOfReference, num, obj, str, textOf, type Json } from './fhir-field.js';
import { C, ROW, type FhirLoad } from './fhir-load.js';
import type { FhirPatient } from './fhir-patient.js';
import { LOINC, PROFILE, SYSTEM } from './fhir-systems.js';
import type { Outcome } from './outcome.js';

type TnmKind = 'T' | 'N' | 'M' | 'stage';

/** TNM staging items by observation code: SNOMED (mCODE STU 4) and LOINC (clinical and pathological). */
const TNM_CODES: ReadonlyMap<string, { readonly kind: TnmKind; readonly pathological: boolean }> = new Map([
  [`${SYSTEM.snomed}|399504009`, { kind: 'T', pathological: false }],
  [`${SYSTEM.snomed}|399534004`, { kind: 'N', pathological: false }],
  [`${SYSTEM.snomed}|399387003`, { kind: 'M', pathological: false }],
  [`${SYSTEM.snomed}|399537006`, { kind: 'stage', pathological: false }],
  [`${SYSTEM.loinc}|21905-5`, { kind: 'T', pathological: false }],
  [`${SYSTEM.loinc}|21906-3`, { kind: 'N', pathological: false }],
  [`${SYSTEM.loinc}|21907-1`, { kind: 'M', pathological: false }],
  [`${SYSTEM.loinc}|21908-9`, { kind: 'stage', pathological: false }],
  [`${SYSTEM.loinc}|21899-0`, { kind: 'T', pathological: true }],
  [`${SYSTEM.loinc}|21900-6`, { kind: 'N', pathological: true }],
  [`${SYSTEM.loinc}|21901-4`, { kind: 'M', pathological: true }],
  [`${SYSTEM.loinc}|21902-2`, { kind: 'stage', pathological: true }],
]);

const TNM_PROFILES: readonly (readonly [string, TnmKind])[] = [
  [PROFILE.tnmPrimaryTumor, 'T'],
  [PROFILE.tnmRegionalNodes, 'N'],
  [PROFILE.tnmDistantMetastases, 'M'],
  [PROFILE.tnmStageGroup, 'stage'],
];

const TNM_ITEM: Readonly<Record<TnmKind, readonly [clinical: number, pathological: number]>> = {
  T: [C.TNM_ITEM.clinicalT, C.TNM_ITEM.pathologicalT],
  N: [C.TNM_ITEM.clinicalN, C.TNM_ITEM.pathologicalN],
  M: [C.TNM_ITEM.clinicalM, C.TNM_ITEM.pathologicalM],
  stage: [C.TNM_ITEM.clinicalStageGroup, C.TNM_ITEM.pathologicalStageGroup],
};

/** LOINC answers of a genetic variant assessment (69548-6, LL1971-2) → the result as the warehouse words it. */
const PRESENCE: Readonly<Record<string, string>> = { 'LA9633-4': 'positive', 'LA9634-2': 'negative', 'LA11884-6': 'equivocal' };

/** Scores whose FHIR value is a bare integer: the warehouse gives them the score unit (as the direct writer does ECOG). */
const SCORE_LOINC = new Set<string>([LOINC.ecog]);

const ALTERATIONS = new Set(['mutation', 'fusion', 'amplification', 'expression', 'status']);

/** mCODE's "Patient's condition worsened" (ConditionStatusTrendVS): a progression. */
const WORSENED_SNOMED = '271299001';

/**
 * Observation → measurement, observation or episode, by what the observation is:
 * - cancer disease status (LOINC 97509-4) "worsened" → a Disease Progression episode (Disease Dynamic, child of
 *   the disease episode of its focus Condition); other statuses → observation rows;
 * - TNM categories and stage groups (mCODE) → measurement of the LOINC TNM item with the TNM concept as value (the
 *   c/p/y prefix is dropped from the value, its meaning is in the item);
 * - genomic variants (69548-6) and tumour-marker tests of a gene or receptor → the same measurement as the direct
 *   writer (biomarkerConcepts: fusion concepts, receptor LOINCs, PD-L1, TMB, else the gene as source concept);
 * - anything else (labs, vital signs, ECOG, smoking status…) → measurement or observation by the concept's domain,
 *   with value, unit and reference range.
 */
export function mapObservation(load: FhirLoad, r: Json, patient: FhirPatient): Outcome {
  const status = str(r, 'status', 'Observation.status');
  if (status === 'entered-in-error') return 'status-entered-in-error';
  const code = obj(r, 'code', 'Observation.code');
  if (code === undefined) fail('missing-field', 'Observation.code', 'is required (OMOP measurement_concept_id)');
  const date = effectiveDate(load, r, patient);
  const loinc = codeOf(code, SYSTEM.loinc, 'Observation.code.coding');
  if (loinc === LOINC.cancerDiseaseStatus || hasProfile(r, PROFILE.cancerDiseaseStatus)) {
    if (isWorsened(r)) return progression(load, r, patient, date);
    return generic(load, r, patient, date, code, loinc);
  }
  const tnm = tnmItem(r, code);
  if (tnm !== undefined) return staging(load, r, patient, date, code, tnm);
  if (loinc === LOINC.geneticVariantAssessment || hasProfile(r, PROFILE.genomicVariant)) return biomarker(load, r, patient, date, genomicTest(r), genomicResult(r, status));
  const receptor = loinc === undefined ? undefined : receptorOfLoinc(loinc);
  const hgnc = hgncCoding(code);
  if (receptor !== undefined || hgnc !== undefined || (loinc === undefined && hasProfile(r, PROFILE.tumorMarkerTest))) {
    return biomarker(load, r, patient, date, markerTest(r, code, receptor, hgnc), markerResult(r, status));
  }
  return generic(load, r, patient, date, code, loinc);
}

function effectiveDate(load: FhirLoad, r: Json, patient: FhirPatient): number {
  const period = obj(r, 'effectivePeriod', 'Observation.effectivePeriod');
  const d =
    load.date(patient, r, 'effectiveDateTime', 'Observation.effectiveDateTime') ??
    (period === undefined ? undefined : load.date(patient, period, 'start', 'Observation.effectivePeriod.start')) ??
    load.date(patient, r, 'effectiveInstant', 'Observation.effectiveInstant') ??
    load.date(patient, r, 'issued', 'Observation.issued');
  if (d === undefined) fail('missing-field', 'Observation.effective[x]', 'an effective date (or issued) is required (OMOP measurement_date)');
  return d;
}

function isWorsened(r: Json): boolean {
  const value = obj(r, 'valueCodeableConcept', 'Observation.valueCodeableConcept');
  if (value === undefined) return false;
  if (codeOf(value, SYSTEM.snomed, 'Observation.valueCodeableConcept.coding') === WORSENED_SNOMED) return true;
  return /worse/i.test(textOf(value, 'Observation.valueCodeableConcept') ?? '');
}

/** A progression: an episode under the disease episode of the focus condition (else the patient's first one). */
function progression(load: FhirLoad, r: Json, patient: FhirPatient, date: number): Outcome {
  const focus = first(r, 'focus', 'Observation.focus');
  const focusKey = focus === undefined ? undefined : keyOfReference(focus, 'Observation.focus');
  const index = focusKey === undefined ? undefined : load.conditionEpisodes.get(focusKey);
  const parent = (index === undefined ? undefined : load.episodes[index]) ?? patient.firstEpisode;
  load.push(
    'episode',
    ROW.episode({
      episode_id: load.ctx.ids.take('episode'),
      person_id: patient.personId,
      episode_concept_id: C.EPISODE.diseaseProgression,
      episode_start_date: date,
      episode_parent_id: parent?.episodeId ?? null,
      episode_object_concept_id: parent?.objectConceptId ?? C.NO_MATCHING_CONCEPT,
      episode_type_concept_id: C.EPISODE_TYPE.definedInEhr,
    }),
  );
  return 'loaded';
}

function tnmItem(r: Json, code: Json): number | undefined {
  let kind: TnmKind | undefined;
  let pathological: boolean | undefined;
  const codings = arr(code, 'coding', 'Observation.code.coding');
  if (codings !== undefined) {
    for (let i = 0; i < codings.length && kind === undefined; i++) {
      const c = item(codings, i, 'Observation.code.coding');
      const known = TNM_CODES.get(`${String(c['system'])}|${String(c['code'])}`);
      if (known !== undefined) ({ kind, pathological } = known);
    }
  }
  if (kind === undefined) for (const [profile, k] of TNM_PROFILES) if (hasProfile(r, profile)) kind = k;
  if (kind === undefined) return undefined;
  // Without a coded clinical/pathological item, the value's prefix tells ('pT2', 'ypN0').
  pathological ??= /^y?p/.test(tnmValueText(r) ?? '');
  return TNM_ITEM[kind][pathological ? 1 : 0];
}

function tnmValueText(r: Json): string | undefined {
  const value = obj(r, 'valueCodeableConcept', 'Observation.valueCodeableConcept');
  if (value === undefined) return undefined;
  const coding = firstCoding(value, 'Observation.valueCodeableConcept.coding');
  return (coding === undefined ? undefined : str(coding, 'code', 'Observation.valueCodeableConcept.coding.code')) ?? textOf(value, 'Observation.valueCodeableConcept');
}

function staging(load: FhirLoad, r: Json, patient: FhirPatient, date: number, code: Json, itemConceptId: number): Outcome {
  const raw = tnmValueText(r);
  if (raw === undefined) fail('missing-field', 'Observation.valueCodeableConcept', 'a TNM category or stage group is required');
  // 'cT2a' → 'T2a', 'ypN1' → 'N1', 'Stage IIIB' → 'IIIB': the clinical/pathological meaning is in the item concept.
  const value = raw.trim().replace(/^(?:y?[cpra](?=[TNM])|[cp](?=[IV0]))/, '');
  const stage = itemConceptId === C.TNM_ITEM.clinicalStageGroup || itemConceptId === C.TNM_ITEM.pathologicalStageGroup;
  const coding = firstCoding(code, 'Observation.code.coding');
  const source = coding === undefined ? undefined : str(coding, 'code', 'Observation.code.coding.code');
  load.push(
    'measurement',
    ROW.measurement({
      measurement_id: load.ctx.ids.take('measurement'),
      person_id: patient.personId,
      measurement_concept_id: itemConceptId,
      measurement_date: date,
      measurement_type_concept_id: C.TYPE_CONCEPT.ehr,
      value_as_concept_id: stage ? stageConceptId(value) : tnmConceptId(value),
      measurement_source_value: clip(source, 50),
      value_source_value: clip(value, 50),
    }),
  );
  return 'loaded';
}

/** The HGNC coding of a CodeableConcept (gene studied, or a marker test coded by its gene). */
function hgncCoding(cc: Json | undefined): Json | undefined {
  if (cc === undefined) return undefined;
  const codings = cc['coding'];
  if (!Array.isArray(codings)) return undefined;
  for (const c of codings) {
    if (typeof c !== 'object' || c === null) continue;
    const system = (c as Json)['system'];
    if (system === SYSTEM.hgnc || system === SYSTEM.hgncAlternative) return c as Json;
  }
  return undefined;
}

/** A gene's symbol from a CodeableConcept: the HGNC coding's display (the name the source uses), else by HGNC id, else text. */
function geneOf(cc: Json | undefined, path: string): string | undefined {
  const hgnc = hgncCoding(cc);
  if (hgnc !== undefined) {
    const display = str(hgnc, 'display', `${path}.coding.display`);
    if (display !== undefined && display !== '') return display;
    const id = str(hgnc, 'code', `${path}.coding.code`);
    const symbol = id === undefined ? undefined : hgncGeneById(id)?.symbol;
    if (symbol !== undefined) return symbol;
  }
  return textOf(cc, path)?.trim().split(/\s+/)[0];
}

/** A genomic variant observation as a biomarker test: genes (48018-6; a second one is the fusion partner) and pHGVS. */
function genomicTest(r: Json): BiomarkerTest {
  const components = arr(r, 'component', 'Observation.component');
  const genes: string[] = [];
  let variant: string | undefined;
  let changeType: string | undefined;
  if (components !== undefined) {
    for (let i = 0; i < components.length; i++) {
      const c = item(components, i, 'Observation.component');
      const loinc = codeOf(obj(c, 'code', 'Observation.component.code'), SYSTEM.loinc, 'Observation.component.code.coding');
      const value = obj(c, 'valueCodeableConcept', 'Observation.component.valueCodeableConcept');
      if (loinc === LOINC.geneStudied) {
        const gene = geneOf(value, 'Observation.component.valueCodeableConcept');
        if (gene !== undefined) genes.push(gene);
      } else if (loinc === LOINC.aminoAcidChange) {
        const coding = firstCoding(value, 'Observation.component.valueCodeableConcept.coding');
        variant = textOf(value, 'Observation.component.valueCodeableConcept') ?? (coding === undefined ? undefined : str(coding, 'code', 'Observation.component.valueCodeableConcept.coding.code'));
      } else if (loinc === LOINC.dnaChangeType) {
        changeType = codeOf(value, SYSTEM.sequenceOntology, 'Observation.component.valueCodeableConcept.coding');
      }
    }
  }
  const gene = genes[0];
  if (gene === undefined) fail('missing-field', 'Observation.component', 'a genomic variant needs the gene studied (LOINC 48018-6)');
  const partner = genes[1];
  const method = textOf(obj(r, 'method', 'Observation.method'), 'Observation.method');
  // The DNA change type says what the test looked for; without it, a partner means a fusion and an amino-acid
  // change a mutation.
  const alteration = alterationOfChangeType(changeType) ?? (partner !== undefined ? 'fusion' : variant !== undefined ? 'mutation' : undefined);
  return { gene, alteration, variant, partner, method };
}

const ALTERATION_OF_SO = new Map<string, string>(Object.entries(DNA_CHANGE_TYPES).map(([alteration, term]) => [term.code, alteration]));

function alterationOfChangeType(code: string | undefined): string | undefined {
  return code === undefined ? undefined : ALTERATION_OF_SO.get(code);
}

function genomicResult(r: Json, status: string | undefined): string | undefined {
  if (status === 'cancelled') return 'failed';
  const value = obj(r, 'valueCodeableConcept', 'Observation.valueCodeableConcept');
  const answer = codeOf(value, SYSTEM.loinc, 'Observation.valueCodeableConcept.coding');
  return (answer === undefined ? undefined : PRESENCE[answer]) ?? textOf(value, 'Observation.valueCodeableConcept');
}

/** A tumour-marker test coded by a receptor LOINC, by its gene (HGNC), or named in text ('PD-L1 expression'). */
function markerTest(r: Json, code: Json, receptor: ReturnType<typeof receptorOfLoinc>, hgnc: Json | undefined): BiomarkerTest {
  const text = str(code, 'text', 'Observation.code.text')?.trim();
  const words = text === undefined ? [] : text.split(/\s+/);
  const gene = receptor?.marker ?? (hgnc === undefined ? undefined : geneOf(code, 'Observation.code')) ?? words[0];
  if (gene === undefined || gene === '') fail('missing-field', 'Observation.code', 'a tumour-marker test must name its marker (coding or text)');
  const named = words[1]?.toLowerCase();
  const alteration = receptor !== undefined ? 'status' : named !== undefined && ALTERATIONS.has(named) ? named : undefined;
  const method = textOf(obj(r, 'method', 'Observation.method'), 'Observation.method') ?? receptor?.method;
  return { gene, alteration, method };
}

function markerResult(r: Json, status: string | undefined): string | undefined {
  const interpretation = first(r, 'interpretation', 'Observation.interpretation');
  const value = obj(r, 'valueCodeableConcept', 'Observation.valueCodeableConcept');
  return textOf(interpretation, 'Observation.interpretation') ?? textOf(value, 'Observation.valueCodeableConcept') ?? (status === 'cancelled' ? 'failed' : undefined);
}

function biomarker(load: FhirLoad, r: Json, patient: FhirPatient, date: number, test: BiomarkerTest, result: string | undefined): Outcome {
  let concepts: BiomarkerConcepts = biomarkerConcepts(test);
  if (concepts.measurementConceptId === C.NO_MATCHING_CONCEPT && test.partner !== undefined) {
    // Gene order in FHIR components is not normative: try the fusion the other way round (5′ partner first).
    const swapped = biomarkerConcepts({ ...test, gene: test.partner, partner: test.gene });
    if (swapped.measurementConceptId !== C.NO_MATCHING_CONCEPT) concepts = swapped;
  }
  const quantity = obj(r, 'valueQuantity', 'Observation.valueQuantity');
  const value = quantity === undefined ? undefined : num(quantity, 'value', 'Observation.valueQuantity.value');
  const unit = quantity === undefined ? undefined : unitOf(quantity);
  load.push(
    'measurement',
    ROW.measurement({
      measurement_id: load.ctx.ids.take('measurement'),
      person_id: patient.personId,
      measurement_concept_id: concepts.measurementConceptId,
      measurement_date: date,
      measurement_type_concept_id: C.TYPE_CONCEPT.lab,
      value_as_number: value ?? null,
      unit_concept_id: value === undefined ? null : unitConceptId(unit?.code),
      measurement_source_value: clip(concepts.sourceValue, 50),
      measurement_source_concept_id: concepts.sourceConceptId,
      unit_source_value: value === undefined ? null : clip(unit?.label, 50),
      value_source_value: clip(result, 50),
    }),
  );
  return 'loaded';
}

/** A Quantity's unit: the UCUM code for the concept, the unit as written for the source value. */
function unitOf(q: Json): { readonly code: string | undefined; readonly label: string | undefined } | undefined {
  const code = str(q, 'code', 'Observation.valueQuantity.code');
  const unit = str(q, 'unit', 'Observation.valueQuantity.unit');
  const c = code === '' ? undefined : code;
  const u = unit === '' ? undefined : unit;
  if (c === undefined && u === undefined) return undefined;
  return { code: c ?? u, label: u ?? c };
}

function categoryIs(r: Json, category: string): boolean {
  const categories = r['category'];
  if (!Array.isArray(categories)) return false;
  for (const cc of categories) {
    if (typeof cc !== 'object' || cc === null) continue;
    const codings = (cc as Json)['coding'];
    if (Array.isArray(codings)) for (const c of codings) if (typeof c === 'object' && c !== null && (c as Json)['code'] === category) return true;
  }
  return false;
}

function generic(load: FhirLoad, r: Json, patient: FhirPatient, date: number, code: Json, loinc: string | undefined): Outcome {
  const snomed = loinc === undefined ? codeOf(code, SYSTEM.snomed, 'Observation.code.coding') : undefined;
  let sourceConceptId: number | null = loinc !== undefined ? cachedConceptId('LOINC', loinc) : snomed !== undefined ? cachedConceptId('SNOMED', snomed) : C.NO_MATCHING_CONCEPT;
  const conceptId = standardConceptId(sourceConceptId);
  let sourceValue = loinc ?? snomed;
  if (sourceValue === undefined) {
    const coding = firstCoding(code, 'Observation.code.coding');
    sourceValue = coding === undefined ? undefined : str(coding, 'code', 'Observation.code.coding.code');
    // A code outside the vocabulary has source concept 0; an observation named only in text has none.
    if (sourceValue === undefined) {
      sourceValue = textOf(code, 'Observation.code');
      sourceConceptId = null;
    }
  }

  // The value: a number (with unit), a coded answer, or text (de-identified: free text may name the patient).
  let valueNumber: number | undefined;
  let unitConcept: number | null = null;
  let unitLabel: string | undefined;
  let valueConcept: number | null = null;
  let valueText: string | undefined;
  let valueSource: string | undefined;
  const quantity = obj(r, 'valueQuantity', 'Observation.valueQuantity');
  if (quantity !== undefined) {
    valueNumber = num(quantity, 'value', 'Observation.valueQuantity.value');
    const unit = unitOf(quantity);
    unitConcept = unitConceptId(unit?.code);
    unitLabel = unit?.label;
  } else if (r['valueInteger'] !== undefined) {
    valueNumber = num(r, 'valueInteger', 'Observation.valueInteger');
    if (valueNumber !== undefined && !Number.isInteger(valueNumber)) fail('wrong-type', 'Observation.valueInteger', 'must be an integer');
    valueSource = valueNumber === undefined ? undefined : String(valueNumber);
    if (loinc !== undefined && SCORE_LOINC.has(loinc)) unitConcept = C.UNIT.score;
  } else {
    const cc = obj(r, 'valueCodeableConcept', 'Observation.valueCodeableConcept');
    if (cc !== undefined) {
      const answer = codeOf(cc, SYSTEM.snomed, 'Observation.valueCodeableConcept.coding');
      const loincAnswer = answer === undefined ? codeOf(cc, SYSTEM.loinc, 'Observation.valueCodeableConcept.coding') : undefined;
      const coding = firstCoding(cc, 'Observation.valueCodeableConcept.coding');
      if (answer !== undefined) valueConcept = standardConceptId(cachedConceptId('SNOMED', answer));
      else if (loincAnswer !== undefined) valueConcept = standardConceptId(cachedConceptId('LOINC', loincAnswer));
      else if (coding !== undefined) valueConcept = C.NO_MATCHING_CONCEPT;
      valueText = textOf(cc, 'Observation.valueCodeableConcept');
      valueSource = answer ?? loincAnswer ?? (coding === undefined ? undefined : str(coding, 'code', 'Observation.valueCodeableConcept.coding.code')) ?? valueText;
    } else {
      const s = str(r, 'valueString', 'Observation.valueString');
      if (s !== undefined) valueText = load.deidentify(patient, s);
      else {
        const b = r['valueBoolean'];
        if (b !== undefined && typeof b !== 'boolean') fail('wrong-type', 'Observation.valueBoolean', 'must be a boolean');
        if (typeof b === 'boolean') valueSource = String(b);
      }
      valueSource ??= valueText;
    }
  }

  const domain = conceptId === C.NO_MATCHING_CONCEPT ? undefined : conceptById(conceptId)?.domain_id;
  const asObservation = domain === 'Observation' || (domain === undefined && quantity === undefined && (categoryIs(r, 'social-history') || categoryIs(r, 'survey')));
  if (asObservation) {
    load.push(
      'observation',
      ROW.observation({
        observation_id: load.ctx.ids.take('observation'),
        person_id: patient.personId,
        observation_concept_id: conceptId,
        observation_date: date,
        observation_type_concept_id: C.TYPE_CONCEPT.ehr,
        value_as_number: valueNumber ?? null,
        value_as_string: clip(valueText, 60),
        value_as_concept_id: valueConcept,
        unit_concept_id: unitConcept,
        visit_occurrence_id: load.visitOf(r, 'encounter', 'Observation.encounter'),
        observation_source_value: clip(sourceValue, 50),
        observation_source_concept_id: sourceConceptId,
        unit_source_value: clip(unitLabel, 50),
        value_source_value: clip(valueSource, 50),
      }),
    );
    return 'loaded';
  }
  const range = first(r, 'referenceRange', 'Observation.referenceRange');
  const low = range === undefined ? undefined : obj(range, 'low', 'Observation.referenceRange.low');
  const high = range === undefined ? undefined : obj(range, 'high', 'Observation.referenceRange.high');
  load.push(
    'measurement',
    ROW.measurement({
      measurement_id: load.ctx.ids.take('measurement'),
      person_id: patient.personId,
      measurement_concept_id: conceptId,
      measurement_date: date,
      measurement_type_concept_id: categoryIs(r, 'laboratory') ? C.TYPE_CONCEPT.lab : C.TYPE_CONCEPT.ehr,
      value_as_number: valueNumber ?? null,
      value_as_concept_id: valueConcept,
      unit_concept_id: unitConcept,
      range_low: low === undefined ? null : (num(low, 'value', 'Observation.referenceRange.low.value') ?? null),
      range_high: high === undefined ? null : (num(high, 'value', 'Observation.referenceRange.high.value') ?? null),
      visit_occurrence_id: load.visitOf(r, 'encounter', 'Observation.encounter'),
      measurement_source_value: clip(sourceValue, 50),
      measurement_source_concept_id: sourceConceptId,
      unit_source_value: clip(unitLabel, 50),
      value_source_value: clip(valueSource ?? valueText, 50),
    }),
  );
  return 'loaded';
}
