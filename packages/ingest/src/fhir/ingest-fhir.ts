import { open, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { AppError, isoDateToDayNumber } from '@parcours/core';
import { col, fn, as, inList, select, table, type DeleteNode, type Warehouse } from '@parcours/store';
import type { FileDigest } from '../load/file-digest.js';
import type { IngestOptions } from '../load/ingest-options.js';
import type { LoadReport } from '../load/load-report.js';
import { runLoad, type LoadContext } from '../load/run-load.js';
import { fail, FhirFieldError, referenceKey } from './fhir-field.js';
import { C, FhirLoad, ROW } from './fhir-load.js';
import type { FhirPatient } from './fhir-patient.js';
import { isFhirR4ResourceType, MAPPED_RESOURCE_TYPES, type MappedResourceType } from './fhir-resource-types.js';
import { mapCondition } from './map-condition.js';
import { mapDiagnosticReport, mapDocumentReference } from './map-document.js';
import { mapEncounter } from './map-encounter.js';
import { mapImagingStudy } from './map-imaging-study.js';
import { mapMedication } from './map-medication.js';
import { mapObservation } from './map-observation.js';
import { mapPatient } from './map-patient.js';
import { mapProcedure } from './map-procedure.js';
import { mapQuestionnaireResponse } from './map-questionnaire-response.js';
import { mapSpecimen } from './map-specimen.js';
import type { Outcome } from './outcome.js';
import { orderFhirFiles, readFhirFile, resourceTypeOfFileName, sha256Of, type FhirRecord } from './read-fhir-files.js';

const MAPPED = new Set<string>(MAPPED_RESOURCE_TYPES);
const FHIR_FILE = /\.(ndjson|jsonl|json)$/i;
/** Resource types whose text is de-identified: while they may come, patients' identifiers are kept in memory. */
const NOTE_TYPES = new Set(['DocumentReference', 'DiagnosticReport']);

/**
 * FHIR R4 (Bundles, Bulk Data NDJSON) → OMOP CDM v5.4, pseudonymized, in one atomic load (see docs/fhir-mapping.md).
 * Paths are files or folders (searched for *.ndjson, *.jsonl and *.json, sub-folders included); files are read in
 * Bulk Data load order (Patient first, then what refers to it). Every record is loaded, quarantined, excluded
 * (opposition) or skipped with a reason, and the counts reconcile.
 *
 * @example await ingestFhir(warehouse, ['out/fhir/site-01'], { pseudonymizer, dateShiftMaxDays: 180 }) // { read: 140760, loaded: …, reconciled: true }
 */
export async function ingestFhir(warehouse: Warehouse, paths: readonly string[], options: IngestOptions): Promise<LoadReport> {
  const { found, notFhir } = await fhirFiles(paths);
  const files = orderFhirFiles(found).map((f) => f.path);
  const collectIdentifiers = files.some((f) => {
    const type = resourceTypeOfFileName(basename(f));
    return type === undefined || NOTE_TYPES.has(type);
  });
  return runLoad(
    warehouse,
    {
      kind: 'fhir',
      files,
      pseudonymizer: options.pseudonymizer,
      ...(options.opposition === undefined ? {} : { opposition: options.opposition }),
      ...(options.batchRows === undefined ? {} : { batchRows: options.batchRows }),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    },
    async (ctx, fresh) => {
      for (const name of notFhir) ctx.warn({ file: name, code: 'not-a-fhir-file', message: 'found in a folder but holds no FHIR resource (no resourceType at its start): not read' });
      const load = await FhirLoad.start(ctx, options, collectIdentifiers);
      try {
        await readFiles(load, ctx, fresh, options);
        if (options.signal?.aborted === true) return;
        await load.finishNotes();
        await writeObservationPeriods(load);
      } finally {
        await load.close();
      }
    },
  );
}

/**
 * The FHIR files named by the paths: files as given, folders searched (recursively) for NDJSON and JSON files. A
 * file found in a folder that does not start like FHIR (no "resourceType" in its first 64 KiB: a generator's
 * truth.json, a spans.jsonl) is set aside and reported, rather than read as thousands of rejected records.
 */
async function fhirFiles(paths: readonly string[]): Promise<{ readonly found: { readonly name: string; readonly path: string }[]; readonly notFhir: string[] }> {
  const found: { name: string; path: string }[] = [];
  const notFhir: string[] = [];
  const visit = async (path: string, explicit: boolean): Promise<void> => {
    let info;
    try {
      info = await stat(path);
    } catch (cause) {
      throw new AppError('not_found', 'input file or folder not found', { cause, details: { file: basename(path) } });
    }
    if (info.isDirectory()) {
      const entries = await readdir(path, { withFileTypes: true });
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const e of entries) {
        if (e.name.startsWith('.')) continue;
        if (e.isDirectory()) await visit(join(path, e.name), false);
        else if (e.isFile() && FHIR_FILE.test(e.name)) {
          if (await startsLikeFhir(join(path, e.name))) found.push({ name: e.name, path: join(path, e.name) });
          else notFhir.push(e.name);
        }
      }
    } else if (explicit || FHIR_FILE.test(path)) found.push({ name: basename(path), path });
  };
  for (const p of paths) await visit(p, true);
  if (found.length === 0) throw new AppError('invalid_argument', 'no FHIR file found (expected .ndjson, .jsonl or .json files)', { details: { hint: 'give NDJSON or Bundle files, or folders holding them' } });
  return { found, notFhir };
}

const SNIFF_BYTES = 64 * 1024;

/** Whether a file is empty or names a resourceType in its first 64 KiB. */
async function startsLikeFhir(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return bytesRead === 0 || buffer.subarray(0, bytesRead).includes('"resourceType"');
  } finally {
    await handle.close();
  }
}

async function readFiles(load: FhirLoad, ctx: LoadContext, files: readonly FileDigest[], options: IngestOptions): Promise<void> {
  const signal = options.signal;
  for (let f = 0; f < files.length; f++) {
    const file = files[f]!;
    let records = 0;
    const onBytes = (bytesRead: number): void => ctx.progress({ file: file.name, fileIndex: f, files: files.length, bytesRead, bytesTotal: file.bytes, records });
    const reader = readFhirFile(file, { ...(options.maxRecordBytes === undefined ? {} : { maxRecordBytes: options.maxRecordBytes }), onBytes });
    for await (const record of reader) {
      records++;
      ctx.counters.read++;
      // Synchronous for almost every record: only a Patient, or a patient looked up in the warehouse, waits.
      const pending = mapRecord(load, record);
      if (pending !== undefined) await pending;
      // Rows are flushed in batches; checking every 64 records keeps memory bounded without a wait per record.
      if ((records & 0x3f) === 0) {
        if (signal?.aborted === true) return;
        await load.settleNotes();
        await ctx.rows.flushIfFull();
      }
    }
    ctx.fileRead(file, records);
  }
}

/** One record: quarantined, excluded, skipped or loaded — counted exactly once. */
function mapRecord(load: FhirLoad, record: FhirRecord): Promise<void> | undefined {
  const ctx = load.ctx;
  if (record.kind === 'rejected') {
    ctx.quarantine({ ...record.location, code: record.code, reason: record.reason, sha256: record.sha256, ...(record.resourceType === undefined ? {} : { resourceType: record.resourceType }) });
    return undefined;
  }
  const r = record.resource;
  const type = r.resourceType;
  if (!isFhirR4ResourceType(type)) {
    // The unknown name is not recorded: it is input text, and could be anything.
    ctx.quarantine({ ...record.location, path: 'resourceType', code: 'unknown-resource-type', reason: 'resourceType is not a FHIR R4 resource type', sha256: sha256Of(JSON.stringify(r)) });
    return undefined;
  }
  if (!MAPPED.has(type)) {
    ctx.counters.skip('resource-type-not-mapped');
    return undefined;
  }
  let self: string | undefined;
  let subject: string | undefined;
  try {
    const id = r['id'];
    if (id !== undefined && typeof id !== 'string') fail('wrong-type', `${type}.id`, 'must be a string');
    self = id === undefined || id === '' ? undefined : `${type}/${id}`;
    if (type !== 'Patient') {
      subject = referenceKey(r, 'subject', `${type}.subject`);
      if (subject === undefined) fail('missing-field', `${type}.subject`, 'a reference to the patient is required (OMOP person_id)');
    }
  } catch (e) {
    quarantineError(load, record, type, e);
    return undefined;
  }
  if (self !== undefined && !load.seen.add(self)) {
    ctx.counters.skip('duplicate-record');
    return undefined;
  }
  if (type === 'Patient') return mapPatientRecord(load, record, r);
  const found = load.patientByKey(subject!);
  if (found !== undefined) {
    mapForPatient(load, record, type as Exclude<MappedResourceType, 'Patient'>, self, found);
    return undefined;
  }
  return load.patientFromWarehouse(subject!).then((patient) => mapForPatient(load, record, type as Exclude<MappedResourceType, 'Patient'>, self, patient));
}

async function mapPatientRecord(load: FhirLoad, record: FhirRecord & { kind: 'resource' }, r: Record<string, unknown>): Promise<void> {
  load.beginRecord();
  let outcome: Outcome;
  try {
    outcome = await mapPatient(load, r, record.fullUrl);
  } catch (e) {
    quarantineError(load, record, 'Patient', e);
    return;
  }
  count(load, outcome);
}

function mapForPatient(load: FhirLoad, record: FhirRecord & { kind: 'resource' }, type: Exclude<MappedResourceType, 'Patient'>, self: string | undefined, patient: FhirPatient | null): void {
  let outcome: Outcome;
  try {
    if (patient === null) fail('unresolved-reference', `${type}.subject`, 'refers to a patient neither in this load nor in the warehouse');
    if (patient.excluded) outcome = 'excluded';
    else {
      load.beginRecord();
      outcome = mapResource(load, type, record.resource, patient, self, record.fullUrl);
      if (outcome === 'loaded') load.commitRecord(patient);
    }
  } catch (e) {
    quarantineError(load, record, type, e);
    return;
  }
  count(load, outcome);
}

function count(load: FhirLoad, outcome: Outcome): void {
  const counters = load.ctx.counters;
  if (outcome === 'loaded') counters.loaded++;
  else if (outcome === 'excluded') counters.excluded++;
  else counters.skip(outcome);
}

/** A record that failed a field rule: quarantined with its location, JSON path and reason (never its values). */
function quarantineError(load: FhirLoad, record: FhirRecord & { kind: 'resource' }, type: string, e: unknown): void {
  if (!(e instanceof FhirFieldError)) throw e;
  load.ctx.quarantine({ ...record.location, resourceType: type, path: e.path, code: e.code, reason: e.message, sha256: sha256Of(JSON.stringify(record.resource)) });
}

function mapResource(load: FhirLoad, type: Exclude<MappedResourceType, 'Patient'>, r: Record<string, unknown>, patient: FhirPatient, self: string | undefined, fullUrl: string | undefined): Outcome {
  switch (type) {
    case 'Encounter':
      return mapEncounter(load, r, patient, self, fullUrl);
    case 'Condition':
      return mapCondition(load, r, patient, self, fullUrl);
    case 'Observation':
      return mapObservation(load, r, patient);
    case 'MedicationAdministration':
    case 'MedicationRequest':
    case 'MedicationStatement':
      return mapMedication(load, r, patient, type);
    case 'Procedure':
      return mapProcedure(load, r, patient);
    case 'ImagingStudy':
      return mapImagingStudy(load, r, patient);
    case 'Specimen':
      return mapSpecimen(load, r, patient);
    case 'DiagnosticReport':
      return mapDiagnosticReport(load, r, patient);
    case 'DocumentReference':
      return mapDocumentReference(load, r, patient);
    case 'QuestionnaireResponse':
      return mapQuestionnaireResponse(load, r, patient);
  }
}

const PERIOD_CHUNK = 1000;

/**
 * One observation period per person, from the first to the last date loaded for them; for a person already in the
 * warehouse, merged with the period(s) they had (replaced by one spanning both).
 */
async function writeObservationPeriods(load: FhirLoad): Promise<void> {
  const spans = new Map<number, { min: number; max: number; isNew: boolean }>();
  for (const p of load.patients) {
    if (p.excluded || !p.hasDates) continue;
    const s = spans.get(p.personId);
    if (s === undefined) spans.set(p.personId, { min: p.minDay, max: p.maxDay, isNew: p.isNew });
    else {
      s.min = Math.min(s.min, p.minDay);
      s.max = Math.max(s.max, p.maxDay);
      s.isNew ||= p.isNew;
    }
  }
  const known = [...spans].filter(([, s]) => !s.isNew).map(([id]) => id);
  const session = load.ctx.session;
  for (let i = 0; i < known.length; i += PERIOD_CHUNK) {
    const ids = known.slice(i, i + PERIOD_CHUNK);
    const rows = await session.query<{ person_id: number; s: string; e: string }>(
      select([col('person_id'), as(fn('min', col('observation_period_start_date')), 's'), as(fn('max', col('observation_period_end_date')), 'e')], table('observation_period'), inList(col('person_id'), ids), {
        groupBy: [col('person_id')],
      }),
    );
    for (const row of rows) {
      const s = spans.get(row.person_id);
      if (s === undefined) continue;
      s.min = Math.min(s.min, isoDateToDayNumber(row.s));
      s.max = Math.max(s.max, isoDateToDayNumber(row.e));
    }
    const remove: DeleteNode = { kind: 'delete', table: table('observation_period'), where: inList(col('person_id'), ids) };
    await session.execute(remove);
  }
  for (const [personId, s] of spans) {
    load.ctx.rows.push(
      'observation_period',
      ROW.observation_period({
        observation_period_id: load.ctx.ids.take('observation_period'),
        person_id: personId,
        observation_period_start_date: s.min,
        observation_period_end_date: s.max,
        period_type_concept_id: C.TYPE_CONCEPT.ehr,
      }),
    );
    await load.ctx.rows.flushIfFull();
  }
}
