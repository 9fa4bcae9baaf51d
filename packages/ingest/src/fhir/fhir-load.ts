import { WELL_KNOWN_CONCEPTS, type WarehouseTableName } from '@parcours/core';
import { deidentifyText, type BirthDatePrecision } from '@parcours/pseudo';
import { and, col, eq, isNull, omopRowBuilder, param, select, table, type AppendValue } from '@parcours/store';
import type { IngestOptions } from '../load/ingest-options.js';
import type { LoadContext } from '../load/run-load.js';
import { CompactKeyMap } from './compact-key-map.js';
import { clip, day, fail, obj, referenceKey, str, type Json } from './fhir-field.js';
import { FhirPatient, type DiseaseEpisode } from './fhir-patient.js';
import { createNoteDeidentifier, type NoteDeidentifier, type NoteDone, type NoteJob } from './note-deidentifier.js';
import { SYSTEM } from './fhir-systems.js';

/** Row builders of every table the FHIR mapping writes (typed column names: a misspelt column fails to compile). */
export const ROW = {
  person: omopRowBuilder('person'),
  death: omopRowBuilder('death'),
  location: omopRowBuilder('location'),
  care_site: omopRowBuilder('care_site'),
  observation_period: omopRowBuilder('observation_period'),
  visit_occurrence: omopRowBuilder('visit_occurrence'),
  condition_occurrence: omopRowBuilder('condition_occurrence'),
  drug_exposure: omopRowBuilder('drug_exposure'),
  procedure_occurrence: omopRowBuilder('procedure_occurrence'),
  measurement: omopRowBuilder('measurement'),
  observation: omopRowBuilder('observation'),
  specimen: omopRowBuilder('specimen'),
  note: omopRowBuilder('note'),
  image_occurrence: omopRowBuilder('image_occurrence'),
  episode: omopRowBuilder('episode'),
  episode_event: omopRowBuilder('episode_event'),
} as const;

export const C = WELL_KNOWN_CONCEPTS;

/**
 * The state of one FHIR load shared by the resource mappers: the load's context (rows, ids, counters), the
 * patients met so far, and compact indexes from FHIR references to the rows they became. Everything here is
 * in memory for one load; what is written goes through `ctx.rows`.
 */
export class FhirLoad {
  readonly ctx: LoadContext;
  readonly maxShiftDays: number;
  readonly birthDatePrecision: BirthDatePrecision;
  readonly surrogates: boolean;
  /** Whether notes may come (DocumentReference or DiagnosticReport files, or Bundles): identifiers are kept for them. */
  readonly collectIdentifiers: boolean;

  /** Every resource seen, by 'Type/id': a second one is a duplicate. */
  readonly seen = new CompactKeyMap(1 << 16);
  /** 'Patient/id' and Bundle fullUrls → index in `patients` (−1: looked up, not in the warehouse either). */
  readonly patientRefs = new CompactKeyMap(1 << 12);
  readonly patients: FhirPatient[] = [];
  /** 'Encounter/id' → visit_occurrence_id. */
  readonly visits = new CompactKeyMap(1 << 14);
  /** 'Condition/id' of a primary cancer → index in `episodes`. */
  readonly conditionEpisodes = new CompactKeyMap(1 << 10);
  readonly episodes: DiseaseEpisode[] = [];

  private readonly careSites = new Map<string, number>();
  private readonly locations = new Map<string, number>();

  private constructor(ctx: LoadContext, options: IngestOptions, collectIdentifiers: boolean) {
    this.ctx = ctx;
    this.maxShiftDays = options.dateShiftMaxDays ?? 0;
    this.birthDatePrecision = options.birthDatePrecision ?? 'year';
    this.surrogates = options.surrogates === true;
    this.collectIdentifiers = collectIdentifiers;
  }

  /** A load, with the warehouse's care sites and département locations read so that they are reused, not repeated. */
  static async start(ctx: LoadContext, options: IngestOptions, collectIdentifiers: boolean): Promise<FhirLoad> {
    const load = new FhirLoad(ctx, options, collectIdentifiers);
    const sites = await ctx.session.query<{ care_site_id: number; care_site_name: string | null; care_site_source_value: string | null }>(
      select([col('care_site_id'), col('care_site_name'), col('care_site_source_value')], table('care_site')),
    );
    for (const s of sites) {
      if (s.care_site_source_value !== null) load.careSites.set(`id|${s.care_site_source_value}`, s.care_site_id);
      if (s.care_site_name !== null && !load.careSites.has(`name|${s.care_site_name}`)) load.careSites.set(`name|${s.care_site_name}`, s.care_site_id);
    }
    // Only département-level rows (no street, city or zip) are ours to reuse.
    const places = await ctx.session.query<{ location_id: number; county: string | null }>(
      select([col('location_id'), col('county')], table('location'), and(eq(col('country_source_value'), param('FR')), isNull(col('address_1')), isNull(col('city')), isNull(col('zip')))),
    );
    for (const p of places) if (p.county !== null && !load.locations.has(p.county)) load.locations.set(p.county, p.location_id);
    return load;
  }

  /** The date-shift offset of a patient, from their canonical key pseudonym (see docs/fhir-mapping.md). */
  offsetOf(patientPseudonym: string): number {
    return this.maxShiftDays === 0 ? 0 : this.ctx.pseudonymizer.dateShiftDays(patientPseudonym, this.maxShiftDays);
  }

  addPatient(patient: FhirPatient, keys: readonly (string | undefined)[]): void {
    const index = this.patients.push(patient) - 1;
    for (const k of keys) if (k !== undefined) this.patientRefs.set(k, index);
  }

  /** The patient a reference key points to in this load (or found earlier in the warehouse), else undefined. */
  patientByKey(key: string): FhirPatient | undefined | null {
    const i = this.patientRefs.get(key);
    if (i === undefined) return undefined;
    return i < 0 ? null : this.patients[i];
  }

  /**
   * A patient referred to by a resource of this load but whose Patient resource is not in it: found in the
   * warehouse by the pseudonym of the reference ('Patient/id' is registered as a person key), or null. The
   * person's canonical pseudonym (person_source_value) gives their date-shift offset, so that their dates move with
   * those loaded before.
   */
  async patientFromWarehouse(key: string): Promise<FhirPatient | null> {
    const personId = this.ctx.persons.personId(this.ctx.pseudonymizer.pseudonym('patient', key));
    if (personId === undefined) {
      this.patientRefs.set(key, -1);
      return null;
    }
    const [row] = await this.ctx.session.query<{ person_source_value: string | null }>(select([col('person_source_value')], table('person'), eq(col('person_id'), param(personId))));
    const patient = new FhirPatient(personId, row?.person_source_value == null ? 0 : this.offsetOf(row.person_source_value), { isNew: false, collectIdentifiers: this.collectIdentifiers });
    this.addPatient(patient, [key]);
    return patient;
  }

  // One record's effects are held until it has mapped completely, so that a record quarantined halfway leaves
  // nothing behind: its rows, and the earliest and latest of its (shifted) days.
  private readonly recordTables: WarehouseTableName[] = [];
  private readonly recordRows: AppendValue[][] = [];
  private readonly recordNotes: { readonly job: NoteJob; readonly done: NoteDone }[] = [];
  private noteDeidentifier: NoteDeidentifier | undefined;
  private recordMin = 0;
  private recordMax = 0;

  beginRecord(): void {
    this.recordTables.length = 0;
    this.recordRows.length = 0;
    this.recordNotes.length = 0;
    this.recordMin = 2 ** 31 - 1;
    this.recordMax = -(2 ** 31);
  }

  /** A row of the record being mapped (written when the record commits). */
  push(table: WarehouseTableName, row: AppendValue[]): void {
    this.recordTables.push(table);
    this.recordRows.push(row);
  }

  /** The record mapped: its rows go to the batcher, its dates count in the patient's observation period. */
  commitRecord(patient: FhirPatient): void {
    const rows = this.ctx.rows;
    for (let i = 0; i < this.recordRows.length; i++) rows.push(this.recordTables[i]!, this.recordRows[i]!);
    if (this.recordNotes.length > 0) {
      const notes = this.notes();
      for (const n of this.recordNotes) notes.submit(n.job, n.done);
    }
    this.recordTables.length = 0;
    this.recordRows.length = 0;
    this.recordNotes.length = 0;
    if (this.recordMin <= this.recordMax) {
      patient.see(this.recordMin);
      patient.see(this.recordMax);
    }
  }

  /** A date field of a patient's resource, shifted by the patient's offset (a day number). */
  date(patient: FhirPatient, o: Json, key: string, path: string): number | undefined {
    const d = day(o, key, path);
    if (d === undefined) return undefined;
    return this.shifted(patient, d);
  }

  /** A day of the patient's record, shifted, and counted in the record's span. */
  shifted(patient: FhirPatient, d: number): number {
    const s = d + patient.offset;
    if (s < this.recordMin) this.recordMin = s;
    if (s > this.recordMax) this.recordMax = s;
    return s;
  }

  requiredDate(patient: FhirPatient, o: Json, key: string, path: string): number {
    const d = this.date(patient, o, key, path);
    if (d === undefined) fail('missing-field', path, 'is required');
    return d;
  }

  /**
   * A note's text and title, to de-identify (see `deidentify`) once the record commits — possibly in a worker
   * thread; `row` then builds the note's row from the cleaned text and title.
   */
  pushNote(patient: FhirPatient, text: string, title: string | undefined, row: (text: string, title: string | undefined) => AppendValue[]): void {
    const rows = this.ctx.rows;
    this.recordNotes.push({ job: { text, title, identifiers: patient.identifiers, offset: patient.offset }, done: (cleanText, cleanTitle) => rows.push('note', row(cleanText, cleanTitle)) });
  }

  private notes(): NoteDeidentifier {
    this.noteDeidentifier ??= createNoteDeidentifier(this.ctx.pseudonymizer, this.surrogates);
    return this.noteDeidentifier;
  }

  /** Write the notes de-identified since the last call (the de-identifier bounds what it holds). */
  async settleNotes(): Promise<void> {
    await this.noteDeidentifier?.settle();
  }

  /** Wait for every note, write them, and stop the de-identification workers. */
  async finishNotes(): Promise<void> {
    await this.noteDeidentifier?.drain();
  }

  async close(): Promise<void> {
    await this.noteDeidentifier?.close();
  }

  /**
   * Free text of a patient cleaned of identifiers (@parcours/pseudo deidentifyText): the patient's own names,
   * numbers and addresses collected in this load, plus what the de-identifier recognises by itself; dates shifted
   * by the patient's offset; placeholders, or consistent surrogates with `surrogates`.
   */
  deidentify(patient: FhirPatient, text: string): string {
    return deidentifyText(text, patient.identifiers, {
      replacement: this.surrogates ? 'surrogate' : 'placeholder',
      dateShiftDays: patient.offset,
      pseudonymizer: this.ctx.pseudonymizer,
    }).text;
  }

  /** The visit_occurrence_id of a resource's encounter reference, when that Encounter was loaded in this load. */
  visitOf(o: Json, key: string, path: string): number | null {
    const ref = referenceKey(o, key, path);
    return ref === undefined ? null : (this.visits.get(ref) ?? null);
  }

  /**
   * The care_site of an organization reference (Patient.managingOrganization, Encounter.serviceProvider): one row
   * per organization, found by its FINESS (or other) identifier, else by name. An establishment is not patient data.
   */
  careSiteOf(o: Json, key: string, path: string): number | null {
    const ref = obj(o, key, path);
    if (ref === undefined) return null;
    const identifier = obj(ref, 'identifier', `${path}.identifier`);
    const id = identifier === undefined ? undefined : str(identifier, 'value', `${path}.identifier.value`);
    const name = str(ref, 'display', `${path}.display`);
    const byId = id === undefined ? undefined : this.careSites.get(`id|${id}`);
    if (byId !== undefined) return byId;
    const byName = name === undefined ? undefined : this.careSites.get(`name|${name}`);
    if (byName !== undefined) {
      if (id !== undefined) this.careSites.set(`id|${id}`, byName);
      return byName;
    }
    if (id === undefined && name === undefined) return null;
    const careSiteId = this.ctx.ids.take('care_site');
    this.ctx.rows.push('care_site', ROW.care_site({ care_site_id: careSiteId, care_site_name: clip(name, 255), care_site_source_value: clip(id, 50) }));
    if (id !== undefined) this.careSites.set(`id|${id}`, careSiteId);
    if (name !== undefined) this.careSites.set(`name|${name}`, careSiteId);
    return careSiteId;
  }

  /** The location row of a French département (the only part of an address the warehouse keeps), created once. */
  departmentLocation(department: string): number {
    let id = this.locations.get(department);
    if (id === undefined) {
      id = this.ctx.ids.take('location');
      this.ctx.rows.push('location', ROW.location({ location_id: id, county: department, location_source_value: department, country_source_value: 'FR' }));
      this.locations.set(department, id);
    }
    return id;
  }

  /** Whether a Coding or Identifier type says 'MR' (medical record number) or 'NH' (national health id), v2-0203. */
  static identifierTypeIs(identifier: Json, code: string, path: string): boolean {
    const type = obj(identifier, 'type', `${path}.type`);
    if (type === undefined) return false;
    const codings = type['coding'];
    if (!Array.isArray(codings)) return false;
    for (const c of codings) if (typeof c === 'object' && c !== null && (c as Json)['code'] === code && ((c as Json)['system'] === SYSTEM.identifierType || (c as Json)['system'] === undefined)) return true;
    return false;
  }
}

/** Encounter.class (v3 ActCode) → visit_concept_id: a day-hospital stay (SS) is an outpatient visit in OMOP's sense. */
export const VISIT_CONCEPT_OF_CLASS: Readonly<Record<string, number>> = {
  IMP: C.VISIT.inpatient,
  ACUTE: C.VISIT.inpatient,
  NONAC: C.VISIT.inpatient,
  AMB: C.VISIT.outpatient,
  SS: C.VISIT.outpatient,
  OBSENC: C.VISIT.outpatient,
  EMER: C.VISIT.emergency,
};
