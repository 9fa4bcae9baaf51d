import type {
  CodeableConcept,
  Condition,
  DiagnosticReport,
  DocumentReference,
  Encounter,
  ImagingStudy,
  MedicationAdministration,
  Observation,
  Patient,
  Procedure,
  QuestionnaireResponse,
  Reference,
  Specimen,
} from 'fhir/r4.js';
import { DNA_CHANGE_TYPES, hgncGene, ucumCode } from '@parcours/core';
import type { BiomarkerResult, ClinicalNote, DrugAdministration, PrimaryCancer, SiteProfile, Stay, SyntheticPatient } from '../model/synthetic-patient.js';
import { addDays } from '../random/iso-date.js';
import { FHIR_SYSTEMS as S, MCODE_PROFILES as P, siteSystems } from './fhir-systems.js';

/** The resource types of the Bulk Data export, one NDJSON file each. */
export const FHIR_RESOURCE_TYPES = [
  'Patient',
  'Encounter',
  'Condition',
  'Observation',
  'MedicationAdministration',
  'Procedure',
  'ImagingStudy',
  'Specimen',
  'DiagnosticReport',
  'DocumentReference',
  'QuestionnaireResponse',
] as const;
export type FhirResourceType = (typeof FHIR_RESOURCE_TYPES)[number];

interface ResourceOf {
  Patient: Patient;
  Encounter: Encounter;
  Condition: Condition;
  Observation: Observation;
  MedicationAdministration: MedicationAdministration;
  Procedure: Procedure;
  ImagingStudy: ImagingStudy;
  Specimen: Specimen;
  DiagnosticReport: DiagnosticReport;
  DocumentReference: DocumentReference;
  QuestionnaireResponse: QuestionnaireResponse;
}

export type FhirSink = <T extends FhirResourceType>(type: T, resource: ResourceOf[T]) => void;

const code = (system: string, value: string, display?: string): CodeableConcept => ({ coding: [{ system, code: value, ...(display === undefined ? {} : { display }) }] });
const category = (value: string): CodeableConcept[] => [code(S.observationCategory, value)];

const ROUTE: Readonly<Record<DrugAdministration['route'], readonly [string, string]>> = {
  oral: ['26643006', 'Oral route'],
  intravenous: ['47625008', 'Intravenous route'],
  subcutaneous: ['34206005', 'Subcutaneous route'],
  intramuscular: ['78421000', 'Intramuscular route'],
};

const ENCOUNTER_CLASS: Readonly<Record<Stay['kind'], readonly [string, string]>> = {
  inpatient: ['IMP', 'inpatient encounter'],
  'day-hospital': ['SS', 'short stay'],
  outpatient: ['AMB', 'ambulatory'],
  emergency: ['EMER', 'emergency'],
};

/** LOINC document types (the RCP summary has none of its own, so it is typed by text only). */
const NOTE_TYPE: Readonly<Record<ClinicalNote['kind'], readonly [string, string] | null>> = {
  consultation: ['11488-4', 'Consult note'],
  'pathology-report': ['11526-1', 'Pathology study'],
  'imaging-report': ['18748-4', 'Diagnostic imaging study'],
  'molecular-report': ['51969-4', 'Genetic analysis report'],
  'mdt-summary': null,
};

/** Tumour markers in mCODE's tumor-marker-test value set (LOINC). */
const TUMOUR_MARKER_LOINC = new Set(['2039-6', '6875-9', '10334-1', '24108-3', '2857-1', '1834-1', '21198-7']);

/** Breast receptor and HER2 tests by marker and method (LOINC, as in mCODE's examples). */
function receptorLoinc(b: BiomarkerResult): string | undefined {
  if (b.gene === 'ER') return '85337-4';
  if (b.gene === 'PR') return '85339-0';
  if (b.gene === 'HER2' || b.gene === 'ERBB2') return b.method === 'FISH' ? '85318-4' : '85319-2';
  return undefined;
}

const PRESENCE = {
  positive: ['LA9633-4', 'Present'],
  negative: ['LA9634-2', 'Absent'],
  equivocal: ['LA11884-6', 'Indeterminate'],
  failed: ['LA11884-6', 'Indeterminate'],
} as const;

/** FHIR ids allow [A-Za-z0-9.-], at most 64 characters. */
const fhirId = (s: string): string => s.replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 64);

/**
 * A patient's record as FHIR R4 resources, with mCODE STU 4 profiles where mCODE has one
 * (https://hl7.org/fhir/us/mcode/STU4/). Ids are derived from the site and IPP, so the same patient always gives the
 * same resources; references point inside the same export (`Patient/<id>`, `Condition/<id>` ...).
 *
 * @example fhirResources(patient, notes, site, (type, r) => files[type].add(JSON.stringify(r)))
 */
export function fhirResources(patient: SyntheticPatient, notes: readonly ClinicalNote[], site: SiteProfile, emit: FhirSink): void {
  const base = fhirId(`${patient.site}-${patient.ipp}`);
  const subject: Reference = { reference: `Patient/${base}` };
  const systems = siteSystems(site);
  const who = patient.identity;
  let n = 0;
  const next = (prefix: string): string => `${base}-${prefix}${++n}`;

  emit('Patient', {
    resourceType: 'Patient',
    id: base,
    meta: { profile: [P.cancerPatient] },
    identifier: [
      { use: 'usual', type: code(S.identifierType, 'MR', 'Medical record number'), system: systems.ipp, value: patient.ipp },
      { use: 'official', type: code(S.identifierType, 'NH', 'National Health Plan Identifier'), system: S.nir, value: who.nir.replace(/\s/g, '') },
    ],
    name: [
      { use: 'official', family: who.lastName, given: [who.firstName] },
      ...(who.birthName !== undefined && who.birthName !== who.lastName ? [{ use: 'maiden' as const, family: who.birthName, given: [who.firstName] }] : []),
    ],
    telecom: [
      { system: 'phone', value: who.phone, use: /^0[67]/.test(who.phone) ? 'mobile' : 'home' },
      { system: 'email', value: who.email, use: 'home' },
    ],
    gender: who.sex === 'F' ? 'female' : 'male',
    birthDate: who.birthDate,
    ...(patient.deathDate === null ? { deceasedBoolean: false } : { deceasedDateTime: patient.deathDate }),
    address: [{ use: 'home', line: [who.address.line], postalCode: who.address.postcode, city: who.address.city, country: 'FR' }],
    managingOrganization: { display: site.name, identifier: { system: S.finess, value: site.finess } },
  });

  const encounterByNda = new Map<string, Reference>();
  for (const stay of patient.stays) {
    const id = next('enc');
    encounterByNda.set(stay.nda, { reference: `Encounter/${id}` });
    const [cls, display] = ENCOUNTER_CLASS[stay.kind];
    emit('Encounter', {
      resourceType: 'Encounter',
      id,
      identifier: [{ type: code(S.identifierType, 'VN', 'Visit number'), system: systems.nda, value: stay.nda }],
      status: 'finished',
      class: { system: S.actCode, code: cls, display },
      subject,
      period: { start: stay.start, end: stay.end },
      serviceProvider: { display: site.name },
    });
  }
  const encounter = (nda: string | null): { encounter?: Reference } => {
    const ref = nda === null ? undefined : encounterByNda.get(nda);
    return ref === undefined ? {} : { encounter: ref };
  };

  const conditionRefs: Reference[] = [];
  for (const cancer of patient.cancers) conditionRefs.push(primaryCondition(cancer));
  const primaryRef = conditionRefs[0];
  const focus = primaryRef === undefined ? {} : { focus: [primaryRef] };

  function primaryCondition(cancer: PrimaryCancer): Reference {
    const id = next('cond');
    const ref: Reference = { reference: `Condition/${id}` };
    const stageRefs: Reference[] = [];
    if (cancer.tnm !== null) {
      const items = [
        [P.tnmPrimaryTumor, '399504009', 'cT category', cancer.tnm.t],
        [P.tnmRegionalNodes, '399534004', 'cN category', cancer.tnm.n],
        [P.tnmDistantMetastases, '399387003', 'cM category', cancer.tnm.m],
      ] as const;
      for (const [profile, sct, display, value] of items) stageRefs.push(stagingObservation(profile, sct, display, `c${value}`, cancer.diagnosisDate, ref));
    }
    if (cancer.stageGroup !== null) stageRefs.push(stagingObservation(P.tnmStageGroup, '399537006', 'Clinical TNM stage grouping', cancer.stageGroup, cancer.diagnosisDate, ref));
    emit('Condition', {
      resourceType: 'Condition',
      id,
      meta: { profile: [P.primaryCancerCondition] },
      extension: [{ url: P.histologyMorphologyBehavior, valueCodeableConcept: { ...code(S.icdO3, cancer.morphology), text: cancer.histology } }],
      clinicalStatus: code(S.conditionClinical, 'active'),
      verificationStatus: code(S.conditionVerification, 'confirmed'),
      category: [code(S.conditionCategory, 'problem-list-item')],
      code: code(S.icd10, cancer.icd10),
      bodySite: [code(S.icdO3, cancer.topography)],
      subject,
      onsetDateTime: cancer.diagnosisDate,
      recordedDate: cancer.diagnosisDate,
      ...(cancer.stageGroup === null ? {} : { stage: [{ summary: { text: cancer.stageGroup }, assessment: stageRefs }] }),
    });
    for (const m of cancer.metastases) {
      emit('Condition', {
        resourceType: 'Condition',
        id: next('met'),
        meta: { profile: [P.secondaryCancerCondition] },
        clinicalStatus: code(S.conditionClinical, 'active'),
        verificationStatus: code(S.conditionVerification, 'confirmed'),
        category: [code(S.conditionCategory, 'problem-list-item')],
        code: { ...code(S.snomed, '128462008', 'Secondary malignant neoplastic disease'), text: `métastase ${m.site}` },
        bodySite: [{ text: m.site }],
        subject,
        onsetDateTime: m.date,
        extension: [{ url: 'http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-related-condition', valueReference: ref }],
      });
    }
    return ref;
  }

  function stagingObservation(profile: string, sct: string, display: string, value: string, date: string, condition: Reference): Reference {
    const id = next('stg');
    emit('Observation', {
      resourceType: 'Observation',
      id,
      meta: { profile: [profile] },
      status: 'final',
      category: category('survey'),
      code: code(S.snomed, sct, display),
      subject,
      focus: [condition],
      effectiveDateTime: date,
      valueCodeableConcept: { ...code(S.ajcc, value), text: value },
    });
    return { reference: `Observation/${id}` };
  }

  for (const e of patient.ecog) {
    emit('Observation', {
      resourceType: 'Observation',
      id: next('ecog'),
      meta: { profile: [P.ecog] },
      status: 'final',
      category: category('survey'),
      code: code(S.loinc, '89247-1', 'ECOG Performance Status score'),
      subject,
      effectiveDateTime: e.date,
      valueInteger: e.value,
    });
  }
  emit('Observation', {
    resourceType: 'Observation',
    id: next('smk'),
    status: 'final',
    category: category('social-history'),
    code: code(S.loinc, '72166-2', 'Tobacco smoking status'),
    subject,
    effectiveDateTime: patient.cancers[0]?.diagnosisDate ?? patient.lastContactDate,
    valueCodeableConcept: { text: patient.smoking },
  });
  for (const lab of patient.labs) {
    emit('Observation', {
      resourceType: 'Observation',
      id: next('lab'),
      ...(TUMOUR_MARKER_LOINC.has(lab.loinc) ? { meta: { profile: [P.tumorMarkerTest] } } : {}),
      status: 'final',
      category: category('laboratory'),
      code: { ...code(S.loinc, lab.loinc), text: lab.name },
      subject,
      effectiveDateTime: lab.date,
      valueQuantity: { value: lab.value, unit: lab.unit, system: S.ucum, code: lab.unit },
      ...(lab.low === undefined && lab.high === undefined
        ? {}
        : { referenceRange: [{ ...(lab.low === undefined ? {} : { low: { value: lab.low, unit: lab.unit, system: S.ucum, code: lab.unit } }), ...(lab.high === undefined ? {} : { high: { value: lab.high, unit: lab.unit, system: S.ucum, code: lab.unit } }) }] }),
    });
  }
  for (const p of patient.progressions) {
    const study = p.imagingStudyUid === null ? undefined : patient.imaging.find((i) => i.studyUid === p.imagingStudyUid);
    emit('Observation', {
      resourceType: 'Observation',
      id: next('prog'),
      meta: { profile: [P.cancerDiseaseStatus] },
      extension: [{ url: 'http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-cancer-disease-status-evidence-type', valueCodeableConcept: code(S.snomed, '363679005', 'Imaging') }],
      status: 'final',
      code: code(S.loinc, '97509-4', 'Cancer Disease Progression'),
      subject,
      ...focus,
      effectiveDateTime: p.date,
      valueCodeableConcept: code(S.snomed, '271299001', "Patient's condition worsened"),
      ...(study === undefined ? {} : { derivedFrom: [{ reference: `ImagingStudy/${fhirId(`${base}-img-${study.accessionNumber}`)}` }] }),
    });
  }

  const specimenRefs = new Map<string, Reference>();
  for (const s of patient.specimens) {
    const id = next('spec');
    specimenRefs.set(s.id, { reference: `Specimen/${id}` });
    emit('Specimen', {
      resourceType: 'Specimen',
      id,
      meta: { profile: [P.humanSpecimen] },
      identifier: [{ system: systems.accession, value: s.id }],
      status: 'available',
      type: { text: s.type },
      subject,
      collection: { collectedDateTime: s.date, bodySite: { text: s.bodySite } },
    });
  }

  // Biomarkers: one observation each, grouped into one report per test date.
  const reports = new Map<string, { refs: Reference[]; specimen: Reference | undefined; genomic: boolean }>();
  for (const b of patient.biomarkers) {
    const id = next('bio');
    const gene = hgncGene(b.gene);
    const receptor = receptorLoinc(b);
    const genomic = b.alteration === 'mutation' || b.alteration === 'fusion' || (b.alteration === 'amplification' && b.method !== 'IHC');
    const specimen = b.specimenId === null ? undefined : specimenRefs.get(b.specimenId);
    const geneCoding = (symbol: string): CodeableConcept => {
      const g = hgncGene(symbol);
      return g === undefined ? { text: symbol } : code(S.hgnc, g.hgncId, symbol);
    };
    const [presence, presenceDisplay] = PRESENCE[b.result];
    const observation: Observation = genomic
      ? {
          resourceType: 'Observation',
          id,
          meta: { profile: [P.genomicVariant, P.variant] },
          status: b.result === 'failed' ? 'cancelled' : 'final',
          category: category('laboratory'),
          code: code(S.loinc, '69548-6', 'Genetic variant assessment'),
          subject,
          effectiveDateTime: b.date,
          valueCodeableConcept: code(S.loinc, presence, presenceDisplay),
          method: { text: b.method },
          component: [
            { code: code(S.loinc, '48018-6', 'Gene studied [ID]'), valueCodeableConcept: geneCoding(b.gene) },
            ...(b.partner === undefined ? [] : [{ code: code(S.loinc, '48018-6', 'Gene studied [ID]'), valueCodeableConcept: geneCoding(b.partner) }]),
            ...(b.variant === undefined ? [] : [{ code: code(S.loinc, '48005-3', 'Amino acid change (pHGVS)'), valueCodeableConcept: { text: b.variant } }]),
            ...dnaChangeType(b.alteration),
            { code: code(S.loinc, '48002-0', 'Genomic source class'), valueCodeableConcept: code(S.loinc, 'LA6684-0', 'Somatic') },
          ],
          ...(specimen === undefined ? {} : { specimen }),
        }
      : {
          resourceType: 'Observation',
          id,
          meta: { profile: [P.tumorMarkerTest] },
          status: b.result === 'failed' ? 'cancelled' : 'final',
          category: category('laboratory'),
          code: receptor === undefined ? { ...(gene === undefined ? {} : { coding: [{ system: S.hgnc, code: gene.hgncId, display: b.gene }] }), text: `${b.gene} ${b.alteration}` } : code(S.loinc, receptor),
          subject,
          effectiveDateTime: b.date,
          ...(b.value === undefined ? { valueCodeableConcept: { text: b.result } } : { valueQuantity: { value: b.value, unit: b.unit ?? '', system: S.ucum, code: ucumCode(b.unit ?? '1') } }),
          interpretation: [{ text: b.result }],
          method: { text: b.method },
          ...(specimen === undefined ? {} : { specimen }),
        };
    emit('Observation', observation);
    const report = reports.get(b.date) ?? { refs: [], specimen, genomic: false };
    report.refs.push({ reference: `Observation/${id}` });
    report.genomic ||= genomic;
    reports.set(b.date, report);
  }
  for (const [date, r] of reports) {
    emit('DiagnosticReport', {
      resourceType: 'DiagnosticReport',
      id: next('rep'),
      ...(r.genomic ? { meta: { profile: [P.genomicsReport] } } : {}),
      status: 'final',
      category: [code('http://terminology.hl7.org/CodeSystem/v2-0074', r.genomic ? 'GE' : 'PAT')],
      code: r.genomic ? code(S.loinc, '81247-9', 'Master HL7 genetic variant reporting panel') : code(S.loinc, '11526-1', 'Pathology study'),
      subject,
      effectiveDateTime: date,
      issued: `${date}T12:00:00+01:00`,
      ...(r.specimen === undefined ? {} : { specimen: [r.specimen] }),
      result: r.refs,
    });
  }

  for (const a of patient.administrations) {
    const [route, routeDisplay] = ROUTE[a.route];
    const doseUnit = a.unit === 'AUC' ? 'mg/mL.min' : a.unit === 'mg/m2' ? 'mg/m2' : a.unit;
    emit('MedicationAdministration', {
      resourceType: 'MedicationAdministration',
      id: next('adm'),
      meta: { profile: [P.medicationAdministration] },
      status: 'completed',
      medicationCodeableConcept: { ...code(S.atc, a.atc, a.drug), text: a.drug },
      subject,
      ...(a.nda === null ? {} : { context: encounterByNda.get(a.nda) }),
      effectivePeriod: { start: a.date, end: a.daysSupply > 1 ? addDays(a.date, a.daysSupply - 1) : a.date },
      ...(primaryRef === undefined ? {} : { reasonReference: [primaryRef] }),
      note: [{ text: `cycle ${a.cycle}${a.daysSupply > 1 ? `, ${a.daysSupply} days` : ''}` }],
      dosage: { route: code(S.snomed, route, routeDisplay), dose: { value: a.dose, unit: a.unit, system: S.ucum, code: doseUnit } },
    });
  }

  for (const p of patient.procedures) {
    const profile = p.kind === 'surgery' ? [P.surgicalProcedure] : p.kind === 'radiotherapy' ? [P.radiotherapyCourseSummary] : undefined;
    emit('Procedure', {
      resourceType: 'Procedure',
      id: next('proc'),
      ...(profile === undefined ? {} : { meta: { profile } }),
      status: 'completed',
      category: p.kind === 'radiotherapy' ? code(S.snomed, '108290001', 'Radiation oncology AND/OR radiotherapy') : p.kind === 'surgery' ? code(S.snomed, '387713003', 'Surgical procedure') : { text: p.kind },
      code: { ...(/^[A-Z]{4}\d{3}$/.test(p.code) ? code(S.ccam, p.code) : {}), text: p.description },
      subject,
      ...encounter(p.nda),
      performedDateTime: p.date,
      bodySite: [{ text: p.bodySite }],
      ...(primaryRef === undefined ? {} : { reasonReference: [primaryRef] }),
    });
  }

  for (const exam of patient.imaging) {
    emit('ImagingStudy', {
      resourceType: 'ImagingStudy',
      id: fhirId(`${base}-img-${exam.accessionNumber}`),
      identifier: [
        { system: S.dicomUid, value: `urn:oid:${exam.studyUid}` },
        { type: code(S.identifierType, 'ACSN', 'Accession ID'), system: systems.accession, value: exam.accessionNumber },
      ],
      status: 'available',
      modality: [{ system: S.dicom, code: exam.modality }],
      subject,
      ...encounter(exam.nda),
      started: exam.date,
      numberOfSeries: exam.seriesUids.length,
      description: exam.description,
      series: exam.seriesUids.map((uid, i) => ({ uid, number: i + 1, modality: { system: S.dicom, code: exam.modality }, bodySite: { display: exam.bodySite } })),
    });
  }
  for (const slide of patient.slides) {
    const specimen = specimenRefs.get(slide.specimenId);
    emit('ImagingStudy', {
      resourceType: 'ImagingStudy',
      id: next('wsi'),
      identifier: [{ system: S.dicomUid, value: `urn:oid:${slide.studyUid}` }],
      status: 'available',
      modality: [{ system: S.dicom, code: 'SM' }],
      subject,
      started: slide.date,
      numberOfSeries: 1,
      description: `whole-slide image, ${slide.stain}`,
      series: [{ uid: slide.seriesUid, number: 1, modality: { system: S.dicom, code: 'SM' }, ...(specimen === undefined ? {} : { specimen: [specimen] }) }],
    });
  }

  for (const q of patient.qualityOfLife) {
    emit('QuestionnaireResponse', {
      resourceType: 'QuestionnaireResponse',
      id: next('qol'),
      // EORTC publishes no FHIR Questionnaire: a placeholder canonical for the QLQ-C30 summary scales.
      questionnaire: 'http://parcours.invalid/fhir/Questionnaire/eortc-qlq-c30-scales',
      status: 'completed',
      subject,
      authored: q.date,
      item: [
        { linkId: 'global-health', text: 'Global health status/QoL', answer: [{ valueDecimal: q.globalHealth }] },
        { linkId: 'physical-functioning', text: 'Physical functioning', answer: [{ valueDecimal: q.physicalFunctioning }] },
        { linkId: 'fatigue', text: 'Fatigue', answer: [{ valueDecimal: q.fatigue }] },
        { linkId: 'pain', text: 'Pain', answer: [{ valueDecimal: q.pain }] },
      ],
    });
  }

  for (const note of notes) {
    const type = NOTE_TYPE[note.kind];
    emit('DocumentReference', {
      resourceType: 'DocumentReference',
      // The note's own id, so that notes-spans.jsonl joins to the DocumentReference.
      id: fhirId(note.id),
      status: 'current',
      docStatus: 'final',
      type: type === null ? { text: note.title } : { ...code(S.loinc, type[0], type[1]), text: note.title },
      subject,
      date: `${note.date}T12:00:00+01:00`,
      description: note.title,
      content: [{ attachment: { contentType: 'text/plain; charset=utf-8', language: 'fr', title: note.title, creation: note.date, data: Buffer.from(note.text, 'utf8').toString('base64') } }],
    });
  }
}

/** The "DNA change type" component (LOINC 48019-4) of a genomic test: what it looked for, found or not. */
function dnaChangeType(alteration: string): { code: CodeableConcept; valueCodeableConcept: CodeableConcept }[] {
  const term = DNA_CHANGE_TYPES[alteration as keyof typeof DNA_CHANGE_TYPES] as { code: string; display: string } | undefined;
  return term === undefined ? [] : [{ code: code(S.loinc, '48019-4', 'DNA change type'), valueCodeableConcept: code(S.sequenceOntology, term.code, term.display) }];
}
