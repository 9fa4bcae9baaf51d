import { daysFromCivil, daysInMonth, dayNumberToIsoDate, type WarehouseTableName } from '@parcours/core';
import { deidentifyText, generalizeBirthDate, type BirthDatePrecision, type PatientIdentifiers } from '@parcours/pseudo';
import type { AppendValue } from '@parcours/store';
import type { FileDigest } from '../load/file-digest.js';
import type { IngestOptions } from '../load/ingest-options.js';
import type { QuarantineCode } from '../load/load-report.js';
import type { LoadContext } from '../load/run-load.js';
import { isRowProblem, planColumns, type ColumnPlan, type RowProblem } from './cdm-column-plan.js';
import { openCdmCsv } from './cdm-csv-reader.js';
import { eventReferencesOf, referencesOf, SHIFTED_KEYS, type EventSelector, type EventTargets, type KeyOffsets } from './cdm-references.js';
import type { CdmTableFile } from './cdm-table-files.js';
import { directIdentifierScrubber, type RowScrubber } from './direct-identifiers.js';
import { omopPersonKeys, type OmopPerson, type OmopPersons } from './omop-persons.js';
import { dateColumnsOf, shiftDates, shiftDatetime, type DateColumns } from './shift-dates.js';
import { VOCABULARY_KEYS, VocabularyOverlap } from './vocabulary-overlap.js';

const MAX_ID = 2 ** 31 - 1;
const PROGRESS_EVERY = 10_000;

/** Why a row of one of this load's keyed tables was not loaded: the rows pointing to it follow it. */
type Dropped = 'excluded' | 'quarantined';

/** What every file of one OMOP load shares. */
export interface OmopLoadState {
  readonly ctx: LoadContext;
  readonly options: IngestOptions;
  readonly persons: OmopPersons;
  readonly offsets: KeyOffsets;
  readonly events: EventTargets;
  /** The first person_id this load gives: a person found with a smaller one was loaded before. */
  readonly firstNewPersonId: number;
  /** Input ids of rows of keyed tables that were excluded or quarantined (few: only those rows are kept). */
  readonly dropped: Map<WarehouseTableName, Map<number, Dropped>>;
  /**
   * When this load has notes: each person's source identifier and birth date, by input person_id, for the
   * de-identifier to find in their notes. Held in memory for the load only, never written.
   */
  readonly noteIdentifiers: Map<number, PatientIdentifiers> | undefined;
}

/** Where a file stands in the load, for progress. */
export interface FilePosition {
  readonly index: number;
  readonly total: number;
}

/** One record's fate, decided by the table's handler. */
type Outcome =
  | { readonly row: AppendValue[] }
  | { readonly problem: RowProblem }
  | { readonly excluded: true }
  | { readonly skipped: 'person-already-loaded' | 'duplicate-record' };

interface FileRun {
  readonly state: OmopLoadState;
  readonly file: CdmTableFile;
  readonly digest: FileDigest;
  readonly position: FilePosition;
}

type RecordHandler = (fields: readonly string[], plan: ColumnPlan, line: number) => Promise<Outcome | undefined> | Outcome | undefined;

/**
 * Read a table file and account for each record: its handler returns the row to load or why not (or undefined
 * when it accounts for the record itself); records that fail before the handler (a number of fields other than
 * the header's, broken quoting) are quarantined here.
 */
async function readRecords(run: FileRun, handle: RecordHandler, atEnd?: () => Promise<void>): Promise<void> {
  const { ctx, options } = run.state;
  const { file } = run;
  const csv = await openCdmCsv(file.path, options.maxRecordBytes);
  let records = 0;
  if (csv !== undefined) {
    const plan = planColumns(file.table!, csv.header, file.name);
    for (const w of plan.warnings) ctx.warn(w);
    for await (const record of csv.records()) {
      records++;
      ctx.counters.read++;
      if (record.malformed === true) {
        quarantine(ctx, file, record.line, { code: 'malformed-record', reason: 'the record cannot be parsed (a quote is not closed or is misplaced)' });
      } else if (record.fields.length !== plan.headerLength) {
        quarantine(ctx, file, record.line, { code: 'wrong-column-count', reason: `expected ${plan.headerLength} fields as in the header, found ${record.fields.length}` });
      } else {
        const outcome = await handle(record.fields, plan, record.line);
        if (outcome !== undefined) account(run, outcome, record.line);
      }
      if (records % PROGRESS_EVERY === 0) {
        options.signal?.throwIfAborted();
        ctx.progress({ file: file.name, fileIndex: run.position.index, files: run.position.total, bytesRead: csv.bytesRead(), bytesTotal: run.digest.bytes, records });
      }
      await ctx.rows.flushIfFull();
    }
    await atEnd?.();
  }
  ctx.progress({ file: file.name, fileIndex: run.position.index, files: run.position.total, bytesRead: run.digest.bytes, bytesTotal: run.digest.bytes, records });
  ctx.fileRead(run.digest, records);
}

function account(run: FileRun, outcome: Outcome, line: number): void {
  const { ctx } = run.state;
  if ('row' in outcome) {
    ctx.rows.push(run.file.table!, outcome.row);
    ctx.counters.loaded++;
  } else if ('problem' in outcome) {
    quarantine(ctx, run.file, line, outcome.problem);
  } else if ('excluded' in outcome) {
    ctx.counters.excluded++;
  } else {
    ctx.counters.skip(outcome.skipped);
  }
}

function quarantine(ctx: LoadContext, file: CdmTableFile, line: number, p: { readonly column?: string; readonly code: QuarantineCode; readonly reason: string }): void {
  ctx.quarantine({ file: file.name, line, resourceType: file.table ?? file.sourceTable, ...(p.column === undefined ? {} : { path: p.column }), code: p.code, reason: p.reason });
}

const problem = (column: string, code: QuarantineCode, reason: string): Outcome => ({ problem: { column, code, reason } });

// ---------------------------------------------------------------------------------------------------------------
// PERSON

interface PersonColumns {
  readonly personId: number;
  readonly sourceValue: number;
  /** Header position of person_source_value (-1 when the file has none). */
  readonly sourceField: number;
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly birthDatetime: number;
  readonly references: readonly ShiftedReference[];
}

function personColumns(plan: ColumnPlan): PersonColumns {
  const sourceValue = plan.indexOf('person_source_value');
  return {
    personId: plan.indexOf('person_id'),
    sourceValue,
    sourceField: plan.source[sourceValue] ?? -1,
    year: plan.indexOf('year_of_birth'),
    month: plan.indexOf('month_of_birth'),
    day: plan.indexOf('day_of_birth'),
    birthDatetime: plan.indexOf('birth_datetime'),
    references: shiftedReferences(plan),
  };
}

function sourceValueOf(fields: readonly string[], at: PersonColumns): string {
  return at.sourceField < 0 ? '' : (fields[at.sourceField] ?? '').trim();
}

/**
 * PERSON: each person is re-keyed through the registry (patient key from the source value, see omop-persons.ts):
 * a person the warehouse knows keeps their person_id, a new one gets the next id; person_source_value becomes the
 * keyed pseudonym; the birth date moves with the person's dates, then is cut to the precision kept. Persons on the
 * opposition list are excluded, and every record of theirs in the other tables with them; a person whose row is
 * quarantined is remembered as such, so that their other records say why they are quarantined too.
 */
export async function loadPersons(state: OmopLoadState, file: CdmTableFile, digest: FileDigest, position: FilePosition): Promise<void> {
  const precision: BirthDatePrecision = state.options.birthDatePrecision ?? 'year';
  let at: PersonColumns | undefined;
  await readRecords({ state, file, digest, position }, (fields, plan) => {
    at ??= personColumns(plan);
    const id = plan.convertColumn(at.personId, fields);
    if (isRowProblem(id)) return { problem: id };
    const outcome = personRow(state, plan, at, fields, id as number, precision);
    if ('problem' in outcome && !state.persons.has(id as number)) state.persons.set(id as number, 'quarantined');
    return outcome;
  });
}

function personRow(state: OmopLoadState, plan: ColumnPlan, at: PersonColumns, fields: readonly string[], inputId: number, precision: BirthDatePrecision): Outcome {
  const { ctx, options, persons } = state;
  const sourceValue = sourceValueOf(fields, at);
  if (sourceValue !== '' && ctx.opposition?.matches(sourceValue) === true) {
    if (!persons.has(inputId)) ctx.counters.patientsExcluded++;
    persons.set(inputId, 'excluded');
    return { excluded: true };
  }
  if (persons.has(inputId)) return problem('person_id', 'duplicate-key', 'a person_id met before in this load');
  const keys = omopPersonKeys(ctx.pseudonymizer, sourceValue, inputId);
  const shiftDays = ctx.pseudonymizer.dateShiftDays(keys.patient, options.dateShiftMaxDays ?? 0);
  const known = ctx.persons.personId(keys.patient);
  if (known !== undefined) {
    if (state.noteIdentifiers !== undefined) rememberForNotes(state, inputId, sourceValue, birthDateOf(plan.convert(fields), at));
    persons.set(inputId, { personId: known, shiftDays });
    return { skipped: known >= state.firstNewPersonId ? 'duplicate-record' : 'person-already-loaded' };
  }
  // The source value never reaches a converter, a row or a message: the pseudonym takes its place first.
  const pseudonymized = fields.slice();
  if (at.sourceField >= 0) pseudonymized[at.sourceField] = keys.patient;
  const row = plan.convert(pseudonymized);
  if (isRowProblem(row)) return { problem: row };
  const moved = shiftReferences(state, at.references, row);
  if (moved !== undefined) return moved;
  rememberForNotes(state, inputId, sourceValue, birthDateOf(row, at));
  const personId = ctx.ids.take('person');
  row[at.personId] = personId;
  if (at.sourceValue >= 0) row[at.sourceValue] = keys.patient;
  generalizeBirth(row, at, shiftDays, precision);
  ctx.persons.register(personId, [{ kind: 'patient', pseudonym: keys.patient }, ...(keys.ipp === undefined ? [] : [{ kind: 'ipp' as const, pseudonym: keys.ipp }])], ctx.rows);
  persons.set(inputId, { personId, shiftDays });
  return { row };
}

/**
 * A PERSON file an earlier load already read (the ledger skips it) still tells how this load's other files name
 * their persons: its persons are looked up in the registry; nothing is written or counted.
 */
export async function indexPersons(state: OmopLoadState, file: CdmTableFile): Promise<void> {
  const { ctx, options, persons } = state;
  const csv = await openCdmCsv(file.path, state.options.maxRecordBytes);
  if (csv === undefined) return;
  const plan = planColumns('person', csv.header, file.name);
  const at = personColumns(plan);
  for await (const record of csv.records()) {
    if (record.malformed === true || record.fields.length !== plan.headerLength) continue;
    const id = plan.convertColumn(at.personId, record.fields);
    if (isRowProblem(id) || persons.has(id as number)) continue;
    const sourceValue = sourceValueOf(record.fields, at);
    if (sourceValue !== '' && ctx.opposition?.matches(sourceValue) === true) {
      persons.set(id as number, 'excluded');
      continue;
    }
    const keys = omopPersonKeys(ctx.pseudonymizer, sourceValue, id as number);
    const known = ctx.persons.personId(keys.patient);
    if (known === undefined) continue;
    persons.set(id as number, { personId: known, shiftDays: ctx.pseudonymizer.dateShiftDays(keys.patient, options.dateShiftMaxDays ?? 0) });
    if (state.noteIdentifiers !== undefined) rememberForNotes(state, id as number, sourceValue, birthDateOf(plan.convert(record.fields), at));
  }
}

/** What a person's notes may say about them that their record knows: the source identifier, the birth date. */
function rememberForNotes(state: OmopLoadState, inputId: number, sourceValue: string, birthDate: string | undefined): void {
  if (state.noteIdentifiers === undefined || (sourceValue === '' && birthDate === undefined)) return;
  state.noteIdentifiers.set(inputId, { ...(sourceValue === '' ? {} : { identifiers: [sourceValue] }), ...(birthDate === undefined ? {} : { birthDate }) });
}

/** The full birth date of a converted PERSON row as YYYY-MM-DD, when the row has it. */
function birthDateOf(row: AppendValue[] | RowProblem, at: PersonColumns): string | undefined {
  if (isRowProblem(row)) return undefined;
  const datetime = row[at.birthDatetime];
  if (typeof datetime === 'string') return datetime.slice(0, 10);
  const [year, month, day] = [numberAt(row, at.year), numberAt(row, at.month), numberAt(row, at.day)];
  if (year === undefined || month === undefined || day === undefined || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return dayNumberToIsoDate(daysFromCivil(year, month, day));
}

/**
 * The birth date as kept: when the full date is known (birth_datetime, or year, month and day) it moves with the
 * person's other dates, then only the precision asked for is kept (year/month/day_of_birth; birth_datetime only at
 * day precision, at midnight: the time of birth is not kept). A partial date cannot be shifted and is only cut.
 */
function generalizeBirth(row: AppendValue[], at: PersonColumns, shiftDays: number, precision: BirthDatePrecision): void {
  const year = row[at.year] as number;
  const month = numberAt(row, at.month);
  const day = numberAt(row, at.day);
  const datetime = row[at.birthDatetime];
  const validMonth = month !== undefined && month >= 1 && month <= 12;
  let iso: string;
  if (typeof datetime === 'string') iso = shiftDatetime(datetime, shiftDays).slice(0, 10);
  else if (validMonth && day !== undefined && day >= 1 && day <= daysInMonth(year, month)) iso = dayNumberToIsoDate(daysFromCivil(year, month, day) + shiftDays);
  else iso = validMonth ? `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}` : String(year).padStart(4, '0');
  const kept = generalizeBirthDate(iso, precision);
  row[at.year] = kept.year;
  row[at.month] = kept.month;
  row[at.day] = kept.day;
  row[at.birthDatetime] = kept.day === null || typeof datetime !== 'string' ? null : `${iso} 00:00:00`;
}

function numberAt(row: readonly AppendValue[], index: number): number | undefined {
  const v = row[index];
  return typeof v === 'number' ? v : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// References

interface ShiftedReference {
  readonly index: number;
  readonly column: string;
  readonly target: WarehouseTableName;
  readonly required: boolean;
}

/** The references of a table to rows whose ids are shifted (not to persons), with their positions. */
function shiftedReferences(plan: ColumnPlan): ShiftedReference[] {
  return referencesOf(plan.table)
    .filter((r) => r.target !== 'person')
    .map((r) => ({ index: plan.indexOf(r.column), column: r.column, target: r.target, required: r.required }));
}

/**
 * Move each reference by its table's offset. A reference to a row this load excluded excludes the row too (it is
 * about an opposed patient); a required reference to a quarantined row quarantines it.
 */
function shiftReferences(state: OmopLoadState, references: readonly ShiftedReference[], row: AppendValue[]): Outcome | undefined {
  for (const r of references) {
    const v = row[r.index];
    if (typeof v !== 'number') continue;
    const fate = state.dropped.get(r.target)?.get(v);
    if (fate === 'excluded') return { excluded: true };
    if (fate === 'quarantined' && r.required) return problem(r.column, 'unresolved-reference', `the ${r.target} row it points to was quarantined`);
    const moved = v + state.offsets.of(r.target);
    if (moved > MAX_ID) return problem(r.column, 'invalid-value', "the id, moved after the warehouse's ids, exceeds OMOP's 32-bit integers");
    row[r.index] = moved;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Clinical, imaging and results tables

interface EventColumn {
  readonly index: number;
  readonly selector: number;
  readonly column: string;
  readonly by: EventSelector;
  readonly required: boolean;
}

interface TableRules {
  readonly person: number;
  readonly personColumn: string | undefined;
  readonly key: number;
  readonly keyColumn: string | undefined;
  readonly generatedKey: boolean;
  readonly references: readonly ShiftedReference[];
  readonly events: readonly EventColumn[];
  readonly dates: DateColumns;
  readonly scrub: RowScrubber | undefined;
  readonly notes: readonly { readonly index: number; readonly length: number | undefined }[];
  /** NOTE text moves its dates with the patient's; NOTE_NLP snippets have no patient at hand. */
  readonly notesOfPatient: boolean;
}

function tableRules(state: OmopLoadState, plan: ColumnPlan): TableRules {
  const personColumn = plan.table === 'cohort' ? 'subject_id' : plan.indexOf('person_id') >= 0 ? 'person_id' : undefined;
  const keyColumn = SHIFTED_KEYS.get(plan.table);
  const noteColumns = plan.table === 'note' ? ['note_title', 'note_text'] : plan.table === 'note_nlp' ? ['snippet'] : [];
  return {
    person: personColumn === undefined ? -1 : plan.indexOf(personColumn),
    personColumn,
    key: keyColumn === undefined ? -1 : plan.indexOf(keyColumn),
    keyColumn,
    generatedKey: plan.generatedKey !== undefined,
    references: shiftedReferences(plan),
    events: eventReferencesOf(plan.table).map((e) => ({ index: plan.indexOf(e.column), selector: plan.indexOf(e.selector), column: e.column, by: e.by, required: e.required })),
    dates: dateColumnsOf(plan.columns),
    scrub: directIdentifierScrubber(plan.table, plan, state.ctx.pseudonymizer),
    notes: noteColumns.map((c) => ({ index: plan.indexOf(c), length: plan.columns[plan.indexOf(c)]?.length })),
    notesOfPatient: plan.table === 'note',
  };
}

/**
 * Any table other than PERSON and the vocabulary: person_id re-keyed (an unknown person quarantines the row, an
 * opposed one excludes it), the table's own key and every reference moved by their tables' offsets, dates moved
 * with the person's shift, direct identifiers removed or pseudonymized, note text de-identified.
 */
export async function loadClinicalTable(state: OmopLoadState, file: CdmTableFile, digest: FileDigest, position: FilePosition): Promise<void> {
  const { ctx } = state;
  const table = file.table!;
  let rules: TableRules | undefined;
  let maxKey = 0;
  const drop = (inputKey: AppendValue | RowProblem, fate: Dropped): void => {
    if (typeof inputKey !== 'number') return;
    let ids = state.dropped.get(table);
    if (ids === undefined) state.dropped.set(table, (ids = new Map<number, Dropped>()));
    ids.set(inputKey, fate);
  };
  await readRecords({ state, file, digest, position }, (fields, plan) => {
    rules ??= tableRules(state, plan);
    const inputKey = rules.key < 0 || rules.generatedKey ? null : plan.convertColumn(rules.key, fields);
    const outcome = clinicalRow(state, plan, rules, fields);
    if ('row' in outcome) {
      const key = rules.key < 0 ? 0 : (outcome.row[rules.key] as number);
      if (key > maxKey) maxKey = key;
    } else if ('excluded' in outcome) drop(inputKey, 'excluded');
    else if ('problem' in outcome) drop(inputKey, 'quarantined');
    return outcome;
  });
  // The ids this load wrote are taken: a later file of the same table (or a generated key) continues after them.
  const next = ctx.ids.peek(table);
  if (next !== undefined && maxKey >= next) ctx.ids.reserve(table, maxKey - next + 1);
}

function clinicalRow(state: OmopLoadState, plan: ColumnPlan, rules: TableRules, fields: readonly string[]): Outcome {
  const { ctx } = state;
  // The person first: an opposed patient's record is excluded whatever else is wrong with it.
  const person = personOf(state, plan, rules, fields);
  if (person !== undefined && !('personId' in person)) return person;
  const row = plan.convert(fields);
  if (isRowProblem(row)) return { problem: row };
  if (person !== undefined) row[rules.person] = person.personId;
  const moved = shiftReferences(state, rules.references, row) ?? shiftEventReferences(state, rules.events, row);
  if (moved !== undefined) return moved;
  if (rules.generatedKey) row[rules.key] = ctx.ids.take(plan.table);
  else if (rules.key >= 0) {
    const key = (row[rules.key] as number) + state.offsets.of(plan.table);
    if (key > MAX_ID) return problem(rules.keyColumn!, 'invalid-value', "the id, moved after the warehouse's ids, exceeds OMOP's 32-bit integers");
    row[rules.key] = key;
  }
  const shiftDays = person?.shiftDays ?? 0;
  shiftDates(row, rules.dates, shiftDays);
  rules.scrub?.(row);
  if (rules.notes.length > 0) deidentifyNotes(state, rules, row, shiftDays, rules.notesOfPatient ? notePatient(state, plan, rules, fields) : undefined);
  return { row };
}

/** The person of a record of a person-scoped table, or why the record goes no further; undefined for other tables. */
function personOf(state: OmopLoadState, plan: ColumnPlan, rules: TableRules, fields: readonly string[]): OmopPerson | Outcome | undefined {
  if (rules.person < 0) return undefined;
  const id = plan.convertColumn(rules.person, fields);
  if (isRowProblem(id)) return { problem: id };
  const person = state.persons.resolve(id as number);
  if (person === 'excluded') return { excluded: true };
  if (person === 'quarantined') return problem(rules.personColumn!, 'unresolved-reference', "this person's PERSON row was quarantined");
  return person ?? problem(rules.personColumn!, 'unresolved-reference', 'no person of this load or of the warehouse has this person_id');
}

/**
 * Event references (fact_relationship, cost, episode_event, *_event_id) point to a table named by another column;
 * they move with that table's offset. When the table cannot be told and ids move, an optional reference is
 * removed rather than left pointing to the wrong row, and a required one quarantines its row.
 */
function shiftEventReferences(state: OmopLoadState, events: readonly EventColumn[], row: AppendValue[]): Outcome | undefined {
  for (const e of events) {
    const v = row[e.index];
    if (typeof v !== 'number') continue;
    const selector = row[e.selector];
    const target = typeof selector === 'string' || typeof selector === 'number' ? state.events.tableOf(e.by, selector) : undefined;
    if (target === undefined) {
      if (state.offsets.allZero) continue; // nothing moves: the id is right whatever it points to
      if (e.required) return problem(e.column, 'unresolved-reference', 'cannot tell which table this event id points to, so it cannot follow the ids moved by this load');
      row[e.index] = null;
      continue;
    }
    if (target === 'person') {
      const p = state.persons.resolve(v);
      if (p === 'excluded') return { excluded: true };
      if (p !== undefined && p !== 'quarantined') row[e.index] = p.personId;
      else if (e.required) return problem(e.column, 'unresolved-reference', 'no person of this load or of the warehouse has this id');
      else row[e.index] = null;
      continue;
    }
    const moved = shiftReferences(state, [{ index: e.index, column: e.column, target, required: e.required }], row);
    if (moved !== undefined) return moved;
  }
  return undefined;
}

/**
 * NOTE title and text through the free-text de-identifier, with what the patient's record knows (their source
 * identifier, their birth date) and their date shift: typed placeholders, or consistent surrogates with
 * `surrogates`. Dates in a note move with its patient's other dates (by 0 days without a date shift). NOTE_NLP
 * snippets have no patient at hand: with a date shift, their dates become placeholders rather than move by a wrong
 * offset. A title made longer by placeholders is cut to its column's length.
 */
function deidentifyNotes(state: OmopLoadState, rules: TableRules, row: AppendValue[], shiftDays: number, patient: PatientIdentifiers | undefined): void {
  const { options, ctx } = state;
  const shifting = (options.dateShiftMaxDays ?? 0) > 0;
  for (const n of rules.notes) {
    const text = row[n.index];
    if (typeof text !== 'string') continue;
    const clean = deidentifyText(text, patient, {
      replacement: options.surrogates === true ? 'surrogate' : 'placeholder',
      pseudonymizer: ctx.pseudonymizer,
      ...(rules.notesOfPatient ? { dateShiftDays: shiftDays } : shifting ? {} : { dateShiftDays: 0 }),
    }).text;
    row[n.index] = n.length !== undefined && clean.length > n.length ? clean.slice(0, n.length) : clean;
  }
}

function notePatient(state: OmopLoadState, plan: ColumnPlan, rules: TableRules, fields: readonly string[]): PatientIdentifiers | undefined {
  const id = plan.convertColumn(rules.person, fields);
  return typeof id === 'number' ? state.noteIdentifiers?.get(id) : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary

/**
 * A vocabulary table: rows whose key the warehouse already holds are skipped ('vocabulary-already-present', see
 * vocabulary-overlap.ts); concept ids are never shifted. Domain rows and CDM field concepts are learnt on the way:
 * they tell which table an event reference points to.
 */
export async function loadVocabularyTable(state: OmopLoadState, file: CdmTableFile, digest: FileDigest, position: FilePosition): Promise<void> {
  const { ctx } = state;
  // Rows of an earlier file of the same table (CONCEPT split in parts) must be in the table to be found there.
  await ctx.rows.flush();
  const overlap = await VocabularyOverlap.open<number>(ctx.session, file.table!);
  const run: FileRun = { state, file, digest, position };
  const settle = (batch: Awaited<ReturnType<typeof overlap.settle>>): void => {
    for (const r of batch.fresh) account(run, { row: r.row }, r.item);
    for (let i = 0; i < batch.present.length; i++) ctx.counters.skip('vocabulary-already-present');
  };
  let learn: ((row: AppendValue[]) => void) | undefined;
  await readRecords(
    run,
    async (fields, plan, line) => {
      learn ??= learner(state, plan);
      const row = plan.convert(fields);
      if (isRowProblem(row)) return { problem: row };
      learn(row);
      settle(await overlap.offer(row, line));
      return undefined;
    },
    async () => settle(await overlap.settle()),
  );
}

function learner(state: OmopLoadState, plan: ColumnPlan): (row: AppendValue[]) => void {
  if (plan.table === 'domain') {
    const [id, concept] = [plan.indexOf('domain_id'), plan.indexOf('domain_concept_id')];
    return (row) => state.events.learnDomain(row[id] as string, row[concept] as number);
  }
  if (plan.table === 'concept') {
    const [id, name, vocabulary] = [plan.indexOf('concept_id'), plan.indexOf('concept_name'), plan.indexOf('vocabulary_id')];
    return (row) => state.events.learnConcept(row[id] as number, row[name] as string, row[vocabulary] as string);
  }
  return () => undefined;
}

export function isVocabularyTable(table: WarehouseTableName): boolean {
  return VOCABULARY_KEYS[table] !== undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Files whose records are all skipped

/**
 * A file whose every record is read, counted and skipped for one reason: the input's CDM_SOURCE (the warehouse
 * keeps its own row, which describes the warehouse) or a CDM 5.3 table that 5.4 removed.
 */
export async function skipTableFile(state: OmopLoadState, file: CdmTableFile, digest: FileDigest, position: FilePosition, reason: 'cdm-source-of-input' | 'table-not-in-cdm-v54'): Promise<void> {
  const { ctx } = state;
  const csv = await openCdmCsv(file.path, state.options.maxRecordBytes);
  let records = 0;
  if (csv !== undefined) {
    for await (const _record of csv.records()) {
      records++;
      ctx.counters.read++;
      ctx.counters.skip(reason);
    }
  }
  ctx.progress({ file: file.name, fileIndex: position.index, files: position.total, bytesRead: digest.bytes, bytesTotal: digest.bytes, records });
  ctx.fileRead(digest, records);
}
