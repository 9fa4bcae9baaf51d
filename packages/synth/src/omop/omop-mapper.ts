import {
  AppError,
  biomarkerConcepts,
  cachedConceptId,
  dayNumberToIsoDate,
  episodeObjectConceptId,
  ingredientConceptIdOfAtc,
  isoDateToDayNumber,
  metastasisIcd10,
  stageConceptId,
  standardConceptId,
  tnmConceptId,
  unitConceptId,
  WELL_KNOWN_CONCEPTS,
} from '@parcours/core';
import type { AppendValue } from '@parcours/store';
import type { ClinicalNote, SiteProfile, Stay, SyntheticPatient } from '../model/synthetic-patient.js';
import { omopRowBuilder, SYNTH_OMOP_TABLES, type SynthOmopTable } from './omop-row.js';

/**
 * Where the rows go, which decides what may be in them:
 * - 'warehouse': the analysis warehouse. No direct identifier: no IPP, NDA, name or DICOM UID as received
 *   (person_source_value is null, visits carry their kind, UIDs are replaced by opaque per-run values), and no note
 *   text at all, since notes are full of identifiers and the pseudonymization package does not exist yet.
 * - 'export': an OMOP CSV export as a hospital information system would produce it for ingestion tests, identifiers
 *   included (IPP in person_source_value, NDA in visit_source_value, DICOM UIDs, note text).
 */
export type OmopMode = 'warehouse' | 'export';

export type OmopRowSink = (table: SynthOmopTable, row: AppendValue[]) => void;

const C = WELL_KNOWN_CONCEPTS;
const EHR = C.TYPE_CONCEPT.ehr;
const MAX_ID = 2 ** 31 - 1;

const VISIT_CONCEPT: Readonly<Record<Stay['kind'], number>> = {
  inpatient: C.VISIT.inpatient,
  // A day-hospital stay (hôpital de jour) is an outpatient visit in OMOP's sense: no overnight stay.
  'day-hospital': C.VISIT.outpatient,
  outpatient: C.VISIT.outpatient,
  emergency: C.VISIT.emergency,
};

const build = {
  care_site: omopRowBuilder('care_site'),
  person: omopRowBuilder('person'),
  observation_period: omopRowBuilder('observation_period'),
  visit_occurrence: omopRowBuilder('visit_occurrence'),
  condition_occurrence: omopRowBuilder('condition_occurrence'),
  drug_exposure: omopRowBuilder('drug_exposure'),
  procedure_occurrence: omopRowBuilder('procedure_occurrence'),
  measurement: omopRowBuilder('measurement'),
  observation: omopRowBuilder('observation'),
  death: omopRowBuilder('death'),
  specimen: omopRowBuilder('specimen'),
  note: omopRowBuilder('note'),
  image_occurrence: omopRowBuilder('image_occurrence'),
  episode: omopRowBuilder('episode'),
  episode_event: omopRowBuilder('episode_event'),
};

/**
 * Maps synthetic patients to OMOP CDM v5.4 rows (https://ohdsi.github.io/CommonDataModel/cdm54.html) plus the OHDSI
 * imaging extension's image_occurrence. Surrogate keys are 32-bit integers counted from 1 per table in the order
 * patients arrive, so the same population gives the same keys.
 *
 * @example
 * const mapper = new OmopMapper('warehouse', sites);
 * mapper.mapPatient(patient, [], (table, row) => rows[table].push(row)); // person, visit_occurrence, measurement...
 */
export class OmopMapper {
  readonly mode: OmopMode;
  private readonly careSites: ReadonlyMap<string, number>;
  private readonly sites: readonly SiteProfile[];
  private readonly next = new Map<SynthOmopTable, number>(SYNTH_OMOP_TABLES.map((t) => [t, 1]));
  private uidSequence = 0;
  private readonly written = new Map<SynthOmopTable, number>(SYNTH_OMOP_TABLES.map((t) => [t, 0]));

  constructor(mode: OmopMode, sites: readonly SiteProfile[]) {
    this.mode = mode;
    this.sites = sites;
    this.careSites = new Map(sites.map((s, i) => [s.siteId, i + 1]));
  }

  /** One care_site per hospital (names are invented establishments, not patient data). */
  careSiteRows(sink: OmopRowSink): void {
    const emit = this.counting(sink);
    this.sites.forEach((s, i) =>
      emit('care_site', build.care_site({ care_site_id: i + 1, care_site_name: s.name, care_site_source_value: s.siteId, place_of_service_source_value: 'cancer centre' })),
    );
  }

  private id(table: SynthOmopTable): number {
    const id = this.next.get(table) ?? 1;
    if (id > MAX_ID) throw new AppError('unsupported', `too many ${table} rows for 32-bit keys`, { details: { field: table } });
    this.next.set(table, id + 1);
    return id;
  }

  /** A stand-in for a DICOM UID in the warehouse: unique in the run, meaningless outside it. */
  private opaqueUid(): string {
    return `2.25.${++this.uidSequence}`;
  }

  /** The sink, counting the rows that go through it. */
  private counting(sink: OmopRowSink): OmopRowSink {
    return (table, row) => {
      this.written.set(table, (this.written.get(table) ?? 0) + 1);
      sink(table, row);
    };
  }

  mapPatient(patient: SyntheticPatient, notes: readonly ClinicalNote[], sink: OmopRowSink): void {
    const emit = this.counting(sink);
    const exporting = this.mode === 'export';
    const personId = this.id('person');
    const who = patient.identity;
    const [year, month, day] = who.birthDate.split('-').map(Number);
    emit(
      'person',
      build.person({
        person_id: personId,
        gender_concept_id: who.sex === 'F' ? C.GENDER.female : C.GENDER.male,
        year_of_birth: year,
        month_of_birth: month,
        day_of_birth: day,
        race_concept_id: C.RACE.unknown,
        ethnicity_concept_id: C.ETHNICITY.unknown,
        care_site_id: this.careSites.get(patient.site) ?? null,
        person_source_value: exporting ? patient.ipp : null,
        gender_source_value: who.sex,
      }),
    );

    // Observation period: the span of every date written for the patient, and of last contact or death — the
    // same rule as FHIR ingestion ("from the first to the last date loaded"), so that both give the same period.
    let first = patient.lastContactDate;
    let last = patient.deathDate ?? patient.lastContactDate;
    const see = (d: string): void => {
      if (d < first) first = d;
      if (d > last) last = d;
    };
    for (const s of patient.stays) {
      see(s.start);
      see(s.end);
    }
    for (const c of patient.cancers) {
      see(c.diagnosisDate);
      for (const m of c.metastases) see(m.date);
    }
    for (const a of patient.administrations) {
      see(a.date);
      see(drugEndDate(a));
    }
    for (const list of [patient.procedures, patient.labs, patient.imaging, patient.specimens, patient.slides, patient.ecog, patient.biomarkers, patient.progressions, patient.qualityOfLife, notes]) {
      for (const x of list) see(x.date);
    }
    emit('observation_period', build.observation_period({ observation_period_id: this.id('observation_period'), person_id: personId, observation_period_start_date: first, observation_period_end_date: last, period_type_concept_id: EHR }));

    const visitByNda = new Map<string, number>();
    for (const s of patient.stays) {
      const visitId = this.id('visit_occurrence');
      visitByNda.set(s.nda, visitId);
      emit(
        'visit_occurrence',
        build.visit_occurrence({
          visit_occurrence_id: visitId,
          person_id: personId,
          visit_concept_id: VISIT_CONCEPT[s.kind],
          visit_start_date: s.start,
          visit_end_date: s.end,
          visit_type_concept_id: EHR,
          care_site_id: this.careSites.get(patient.site) ?? null,
          visit_source_value: exporting ? s.nda : s.kind,
        }),
      );
    }
    const visit = (nda: string | null): number | null => (nda === null ? null : (visitByNda.get(nda) ?? null));

    // Each primary cancer is also a disease episode (OMOP oncology extension, OncologyWG conventions) linked to its
    // condition by episode_event; progressions are Disease Dynamic episodes under it.
    let firstEpisode: { readonly id: number; readonly object: number } | undefined;
    for (const cancer of patient.cancers) {
      const source = cachedConceptId('ICD10', cancer.icd10);
      const conditionId = this.id('condition_occurrence');
      const episodeId = this.id('episode');
      const object = episodeObjectConceptId(standardConceptId(source), source);
      firstEpisode ??= { id: episodeId, object };
      emit(
        'episode',
        build.episode({
          episode_id: episodeId,
          person_id: personId,
          episode_concept_id: C.EPISODE.diseaseFirstOccurrence,
          episode_start_date: cancer.diagnosisDate,
          episode_object_concept_id: object,
          episode_type_concept_id: C.EPISODE_TYPE.definedInEhr,
          episode_source_value: cancer.icd10,
        }),
      );
      emit('episode_event', build.episode_event({ episode_id: episodeId, event_id: conditionId, episode_event_field_concept_id: C.CDM_FIELD.conditionOccurrenceId }));
      emit(
        'condition_occurrence',
        build.condition_occurrence({
          condition_occurrence_id: conditionId,
          person_id: personId,
          condition_concept_id: standardConceptId(source),
          condition_start_date: cancer.diagnosisDate,
          condition_type_concept_id: C.TYPE_CONCEPT.ehrEncounterDiagnosis,
          condition_source_value: cancer.icd10,
          condition_source_concept_id: source,
          condition_status_source_value: 'primary',
        }),
      );
      // ICD-O-3 histology (a non-standard Observation-domain concept in OMOP): kept by source concept, with the
      // topography, so that histology-based cohorts and the episode derivation can find it.
      emit(
        'observation',
        build.observation({
          observation_id: this.id('observation'),
          person_id: personId,
          observation_concept_id: C.NO_MATCHING_CONCEPT,
          observation_date: cancer.diagnosisDate,
          observation_type_concept_id: EHR,
          value_as_string: cancer.topography,
          observation_source_value: cancer.morphology,
          observation_source_concept_id: cachedConceptId('ICDO3', cancer.morphology),
          value_source_value: cancer.topography,
        }),
      );
      for (const m of cancer.metastases) {
        const code = metastasisIcd10(m.site);
        const metastasis = cachedConceptId('ICD10', code);
        emit(
          'condition_occurrence',
          build.condition_occurrence({
            condition_occurrence_id: this.id('condition_occurrence'),
            person_id: personId,
            condition_concept_id: standardConceptId(metastasis),
            condition_start_date: m.date,
            condition_type_concept_id: C.TYPE_CONCEPT.ehrEncounterDiagnosis,
            condition_source_value: code,
            condition_source_concept_id: metastasis,
            condition_status_source_value: `secondary: ${m.site}`.slice(0, 50),
          }),
        );
      }
      if (cancer.tnm !== null) {
        const items: readonly [number, number, string][] = [
          [C.TNM_ITEM.clinicalT, tnmConceptId(cancer.tnm.t), cancer.tnm.t],
          [C.TNM_ITEM.clinicalN, tnmConceptId(cancer.tnm.n), cancer.tnm.n],
          [C.TNM_ITEM.clinicalM, tnmConceptId(cancer.tnm.m), cancer.tnm.m],
        ];
        for (const [item, value, text] of items) this.staging(emit, personId, cancer.diagnosisDate, item, value, text);
      }
      if (cancer.stageGroup !== null) this.staging(emit, personId, cancer.diagnosisDate, C.TNM_ITEM.clinicalStageGroup, stageConceptId(cancer.stageGroup), cancer.stageGroup);
    }

    for (const a of patient.administrations) {
      emit(
        'drug_exposure',
        build.drug_exposure({
          drug_exposure_id: this.id('drug_exposure'),
          person_id: personId,
          drug_concept_id: ingredientConceptIdOfAtc(a.atc, a.drug),
          drug_exposure_start_date: a.date,
          drug_exposure_end_date: drugEndDate(a),
          drug_type_concept_id: C.TYPE_CONCEPT.ehrAdministrationRecord,
          quantity: a.dose,
          days_supply: a.daysSupply,
          sig: `${a.drug} ${a.dose} ${a.unit} cycle ${a.cycle}`,
          visit_occurrence_id: visit(a.nda),
          drug_source_value: a.atc,
          drug_source_concept_id: cachedConceptId('ATC', a.atc),
          route_source_value: a.route,
          dose_unit_source_value: a.unit,
        }),
      );
    }

    for (const p of patient.procedures) {
      emit(
        'procedure_occurrence',
        build.procedure_occurrence({
          procedure_occurrence_id: this.id('procedure_occurrence'),
          person_id: personId,
          procedure_concept_id: C.NO_MATCHING_CONCEPT,
          procedure_date: p.date,
          procedure_type_concept_id: EHR,
          visit_occurrence_id: visit(p.nda),
          procedure_source_value: p.code.slice(0, 50),
          modifier_source_value: p.kind,
        }),
      );
    }

    for (const exam of patient.imaging) {
      const procedureId = this.id('procedure_occurrence');
      const modality = C.IMAGING_MODALITY[exam.modality];
      emit(
        'procedure_occurrence',
        build.procedure_occurrence({
          procedure_occurrence_id: procedureId,
          person_id: personId,
          procedure_concept_id: modality,
          procedure_date: exam.date,
          procedure_type_concept_id: EHR,
          visit_occurrence_id: visit(exam.nda),
          procedure_source_value: `${exam.modality} ${exam.bodySite}`.slice(0, 50),
          procedure_source_concept_id: modality,
        }),
      );
      const study = exporting ? exam.studyUid : this.opaqueUid();
      for (const series of exam.seriesUids) {
        emit(
          'image_occurrence',
          build.image_occurrence({
            image_occurrence_id: this.id('image_occurrence'),
            person_id: personId,
            procedure_occurrence_id: procedureId,
            visit_occurrence_id: visit(exam.nda),
            image_occurrence_date: exam.date,
            image_study_uid: study,
            image_series_uid: exporting ? series : this.opaqueUid(),
            modality_concept_id: modality,
          }),
        );
      }
    }

    for (const s of patient.specimens) {
      const specimenId = this.id('specimen');
      emit(
        'specimen',
        build.specimen({
          specimen_id: specimenId,
          person_id: personId,
          specimen_concept_id: C.NO_MATCHING_CONCEPT,
          specimen_type_concept_id: EHR,
          specimen_date: s.date,
          // The laboratory's specimen number identifies the patient's sample: export only.
          specimen_source_id: exporting ? s.id.slice(0, 50) : null,
          specimen_source_value: s.type,
          anatomic_site_source_value: s.bodySite.slice(0, 50),
        }),
      );
    }
    for (const slide of patient.slides) {
      // A whole-slide image is an imaging series of modality SM on its own "digitization" procedure.
      const procedureId = this.id('procedure_occurrence');
      const sm = C.IMAGING_MODALITY.SM;
      emit(
        'procedure_occurrence',
        build.procedure_occurrence({
          procedure_occurrence_id: procedureId,
          person_id: personId,
          procedure_concept_id: sm,
          procedure_date: slide.date,
          procedure_type_concept_id: EHR,
          procedure_source_value: `SM slide ${slide.stain}`,
          procedure_source_concept_id: sm,
        }),
      );
      emit(
        'image_occurrence',
        build.image_occurrence({
          image_occurrence_id: this.id('image_occurrence'),
          person_id: personId,
          procedure_occurrence_id: procedureId,
          image_occurrence_date: slide.date,
          image_study_uid: exporting ? slide.studyUid : this.opaqueUid(),
          image_series_uid: exporting ? slide.seriesUid : this.opaqueUid(),
          modality_concept_id: sm,
          local_path: exporting ? `slides/${slide.id}` : null,
        }),
      );
    }

    for (const lab of patient.labs) {
      emit(
        'measurement',
        build.measurement({
          measurement_id: this.id('measurement'),
          person_id: personId,
          measurement_concept_id: standardConceptId(cachedConceptId('LOINC', lab.loinc)),
          measurement_date: lab.date,
          measurement_type_concept_id: C.TYPE_CONCEPT.lab,
          value_as_number: lab.value,
          unit_concept_id: unitConceptId(lab.unit),
          range_low: lab.low ?? null,
          range_high: lab.high ?? null,
          measurement_source_value: lab.loinc,
          measurement_source_concept_id: cachedConceptId('LOINC', lab.loinc),
          unit_source_value: lab.unit,
        }),
      );
    }
    for (const e of patient.ecog) {
      emit(
        'measurement',
        build.measurement({
          measurement_id: this.id('measurement'),
          person_id: personId,
          measurement_concept_id: C.MEASUREMENT.ecog,
          measurement_date: e.date,
          measurement_type_concept_id: EHR,
          value_as_number: e.value,
          unit_concept_id: C.UNIT.score,
          measurement_source_value: '89247-1',
          measurement_source_concept_id: C.MEASUREMENT.ecog,
          value_source_value: String(e.value),
        }),
      );
    }
    for (const b of patient.biomarkers) {
      const concepts = biomarkerConcepts(b);
      emit(
        'measurement',
        build.measurement({
          measurement_id: this.id('measurement'),
          person_id: personId,
          measurement_concept_id: concepts.measurementConceptId,
          measurement_date: b.date,
          measurement_type_concept_id: C.TYPE_CONCEPT.lab,
          value_as_number: b.value ?? null,
          unit_concept_id: b.value === undefined ? null : unitConceptId(b.unit),
          measurement_source_value: concepts.sourceValue,
          measurement_source_concept_id: concepts.sourceConceptId,
          unit_source_value: b.unit ?? null,
          value_source_value: b.result,
        }),
      );
    }

    const smokingDate = patient.cancers[0]?.diagnosisDate ?? first;
    emit(
      'observation',
      build.observation({
        observation_id: this.id('observation'),
        person_id: personId,
        observation_concept_id: C.OBSERVATION.smokingStatus,
        observation_date: smokingDate,
        observation_type_concept_id: EHR,
        value_as_string: patient.smoking,
        observation_source_value: '72166-2',
        observation_source_concept_id: cachedConceptId('LOINC', '72166-2'),
        value_source_value: patient.smoking,
      }),
    );
    for (const p of patient.progressions) {
      emit(
        'episode',
        build.episode({
          episode_id: this.id('episode'),
          person_id: personId,
          episode_concept_id: C.EPISODE.diseaseProgression,
          episode_start_date: p.date,
          episode_parent_id: firstEpisode?.id ?? null,
          episode_object_concept_id: firstEpisode?.object ?? C.NO_MATCHING_CONCEPT,
          episode_type_concept_id: C.EPISODE_TYPE.definedInEhr,
        }),
      );
    }
    for (const q of patient.qualityOfLife) {
      for (const [scale, value] of [
        ['global-health', q.globalHealth],
        ['physical-functioning', q.physicalFunctioning],
        ['fatigue', q.fatigue],
        ['pain', q.pain],
      ] as const) {
        emit(
          'observation',
          build.observation({
            observation_id: this.id('observation'),
            person_id: personId,
            // No EORTC QLQ-C30 concept in the bundled vocabulary: concept 0, the scale in the source value.
            observation_concept_id: C.NO_MATCHING_CONCEPT,
            observation_date: q.date,
            observation_type_concept_id: EHR,
            value_as_number: value,
            unit_concept_id: C.UNIT.score,
            observation_source_value: `EORTC QLQ-C30 ${scale}`,
          }),
        );
      }
    }

    if (patient.deathDate !== null) {
      const cause = patient.cancers[0];
      const causeSource = cause === undefined ? C.NO_MATCHING_CONCEPT : cachedConceptId('ICD10', cause.icd10);
      emit(
        'death',
        build.death({
          person_id: personId,
          death_date: patient.deathDate,
          death_type_concept_id: C.DEATH_TYPE.ehr,
          cause_concept_id: standardConceptId(causeSource),
          cause_source_value: cause?.icd10 ?? null,
          cause_source_concept_id: causeSource,
        }),
      );
    }

    // Notes carry identifiers: only the hospital-side export writes them (see OmopMode).
    if (exporting) {
      for (const n of notes) {
        emit(
          'note',
          build.note({
            note_id: this.id('note'),
            person_id: personId,
            note_date: n.date,
            note_type_concept_id: EHR,
            // No LOINC document-ontology, UTF-8 or French-language concept in the bundle: 0 (see the report).
            note_class_concept_id: C.NO_MATCHING_CONCEPT,
            note_title: n.title.slice(0, 250),
            note_text: n.text,
            encoding_concept_id: C.NO_MATCHING_CONCEPT,
            language_concept_id: C.NO_MATCHING_CONCEPT,
            note_source_value: n.id.slice(0, 50),
          }),
        );
      }
    }
  }

  private staging(emit: OmopRowSink, personId: number, date: string, item: number, value: number, text: string): void {
    emit(
      'measurement',
      build.measurement({
        measurement_id: this.id('measurement'),
        person_id: personId,
        measurement_concept_id: item,
        measurement_date: date,
        measurement_type_concept_id: EHR,
        value_as_concept_id: value,
        measurement_source_value: 'TNM 8th',
        value_source_value: text.slice(0, 50),
      }),
    );
  }

  /** Rows emitted so far, per table. */
  counts(): Record<SynthOmopTable, number> {
    const out = {} as Record<SynthOmopTable, number>;
    for (const t of SYNTH_OMOP_TABLES) out[t] = this.written.get(t) ?? 0;
    return out;
  }
}

/** The last day an administration covers: its date, or the end of an oral dispensing's days of supply. */
function drugEndDate(a: { readonly date: string; readonly daysSupply: number }): string {
  return a.daysSupply > 1 ? dayNumberToIsoDate(isoDateToDayNumber(a.date) + a.daysSupply - 1) : a.date;
}
