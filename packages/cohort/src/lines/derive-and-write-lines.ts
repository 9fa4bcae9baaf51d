import { WELL_KNOWN_CONCEPTS } from '@parcours/core';
import {
  and,
  as,
  col,
  dateDiffDays,
  eq,
  fn,
  inQuery,
  literal,
  param,
  select,
  table,
  type AppendValue,
  type QueryNode,
  type Warehouse,
  type WarehouseSession,
} from '@parcours/store';
import { DEFAULT_LINE_RULES, type LineRules } from '../oncology/line-rules.js';
import { type DrugExposureEvent, type LineAnchors, deriveLinesOfTherapy } from '../oncology/lines-of-therapy.js';
import { DRUG_EXPOSURE_ID_FIELD_CONCEPT_ID, lineEpisodeRows } from '../oncology/line-episode-rows.js';
import { type AntineoplasticDrugs, isAntineoplasticExposure, readAntineoplasticDrugs } from './antineoplastic-drugs.js';
import { type AdvancedStageRule, type PersonAnchorRow, DEFAULT_ADVANCED_STAGE_RULES, advancedDiseaseDate, personAnchorsQuery, progressionDatesQuery } from './line-anchors.js';

const C = WELL_KNOWN_CONCEPTS;

export interface DeriveLinesOptions {
  /** Line rules (default DEFAULT_LINE_RULES, docs/lines-of-therapy.md). */
  readonly rules?: LineRules;
  /** When a cancer is advanced at diagnosis, by stage (default: IV; FIGO III–IV for ovarian cancers). */
  readonly advancedStages?: readonly AdvancedStageRule[];
  /** Rows per batch read from the warehouse (default 50,000). */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
  /** Called after each batch of exposures with the persons derived so far. */
  readonly onProgress?: (progress: { readonly persons: number; readonly exposures: number }) => void;
}

export interface DeriveLinesReport {
  /** Persons with at least one antineoplastic or endocrine exposure. */
  readonly treatedPersons: number;
  readonly exposures: number;
  readonly personsWithLines: number;
  readonly lines: number;
  readonly episodeEvents: number;
  /** Derived line episodes of an earlier run, replaced. */
  readonly replaced: number;
  readonly seconds: { readonly read: number; readonly derive: number; readonly write: number; readonly total: number };
}

/** The episodes this derivation owns: 'Treatment Regimen' episodes 'algorithmically derived from EHR'. */
export const derivedLineEpisode = (alias?: string) =>
  and(eq(col('episode_concept_id', alias), literal(C.EPISODE.treatmentRegimen)), eq(col('episode_type_concept_id', alias), literal(C.EPISODE_TYPE.algorithmicallyDerivedFromEhr)));

const EPOCH = param('1970-01-01', 'date');

/** Antineoplastic exposures, person after person: ids, concepts and start/end as day numbers. */
function exposuresQuery(): QueryNode {
  return select(
    [
      col('person_id', 'de'),
      col('drug_exposure_id', 'de'),
      col('drug_concept_id', 'de'),
      col('drug_source_concept_id', 'de'),
      as(dateDiffDays(EPOCH, col('drug_exposure_start_date', 'de')), 'start_day'),
      as(dateDiffDays(EPOCH, col('drug_exposure_end_date', 'de')), 'end_day'),
    ],
    table('drug_exposure', 'de'),
    isAntineoplasticExposure('de'),
    { orderBy: [{ expression: col('person_id', 'de') }] },
  );
}

interface ExposureRow {
  readonly person_id: number;
  readonly drug_exposure_id: number;
  readonly drug_concept_id: number;
  readonly drug_source_concept_id: number | null;
  readonly start_day: number;
  readonly end_day: number;
}

/** Growable Int32 column. */
class IntColumn {
  private data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  at(i: number): number {
    return this.data[i]!;
  }
}

/**
 * The derived episodes, column by column (a million lines and ten million links fit in ~100 MB), with episode ids
 * relative to the first: the real ids are known only inside the write transaction.
 */
class DerivedLines {
  readonly person = new IntColumn();
  readonly start = new IntColumn();
  readonly end = new IntColumn();
  /** Disease episode id, or -1 for none. */
  readonly parent = new IntColumn();
  readonly number = new IntColumn();
  readonly regimen: string[] = [];
  readonly eventEpisode = new IntColumn();
  readonly eventId = new IntColumn();

  get lines(): number {
    return this.regimen.length;
  }

  *episodeRows(base: number, batch: number): Generator<AppendValue[][]> {
    let rows: AppendValue[][] = [];
    for (let i = 0; i < this.lines; i++) {
      const parent = this.parent.at(i);
      rows.push([
        base + i,
        this.person.at(i),
        C.EPISODE.treatmentRegimen,
        this.start.at(i),
        null,
        this.end.at(i),
        null,
        parent < 0 ? null : parent,
        this.number.at(i),
        C.NO_MATCHING_CONCEPT,
        C.EPISODE_TYPE.algorithmicallyDerivedFromEhr,
        this.regimen[i]!,
        C.NO_MATCHING_CONCEPT,
      ]);
      if (rows.length === batch) {
        yield rows;
        rows = [];
      }
    }
    if (rows.length > 0) yield rows;
  }

  *eventRows(base: number, batch: number): Generator<AppendValue[][]> {
    let rows: AppendValue[][] = [];
    for (let i = 0; i < this.eventId.length; i++) {
      rows.push([base + this.eventEpisode.at(i), this.eventId.at(i), DRUG_EXPOSURE_ID_FIELD_CONCEPT_ID]);
      if (rows.length === batch) {
        yield rows;
        rows = [];
      }
    }
    if (rows.length > 0) yield rows;
  }
}

const EPISODE_COLUMNS = [
  'episode_id',
  'person_id',
  'episode_concept_id',
  'episode_start_date',
  'episode_start_datetime',
  'episode_end_date',
  'episode_end_datetime',
  'episode_parent_id',
  'episode_number',
  'episode_object_concept_id',
  'episode_type_concept_id',
  'episode_source_value',
  'episode_source_concept_id',
] as const;
const EPISODE_EVENT_COLUMNS = ['episode_id', 'event_id', 'episode_event_field_concept_id'] as const;

async function* batches<T>(rows: Generator<T[]>): AsyncGenerator<T[]> {
  yield* rows;
}

/**
 * Derives every treated patient's lines of therapy from the warehouse and writes them as OMOP episodes: one
 * 'Treatment Regimen' EPISODE per line (type 'algorithmically derived from EHR', episode_number = line number,
 * episode_source_value = regimen, parent = the patient's disease episode) and one EPISODE_EVENT per drug exposure
 * of the line. Lines derived by an earlier run are replaced, in one transaction.
 *
 * Reads are streamed and aggregated in SQL (no query per patient): the vocabulary's antineoplastic drugs, one
 * anchor row per treated patient (advanced-disease date, progressions, death, end of observation, see
 * `advancedDiseaseDate`), then the exposures in person order, each patient derived as its rows end.
 *
 * @example
 * const report = await deriveAndWriteLines(warehouse);
 * // 20,000 synthetic patients: { treatedPersons: 14434, exposures: 274000, personsWithLines: 7948, lines: 10277, ... }
 */
export async function deriveAndWriteLines(warehouse: Warehouse, options: DeriveLinesOptions = {}): Promise<DeriveLinesReport> {
  const started = performance.now();
  const rules = options.rules ?? DEFAULT_LINE_RULES;
  const batchSize = options.batchSize ?? 50_000;
  const drugs = await readAntineoplasticDrugs(warehouse);

  const anchors = new Map<number, PersonAnchorRow>();
  for await (const batch of warehouse.stream<PersonAnchorRow & Record<string, number | null>>(personAnchorsQuery(options.advancedStages ?? DEFAULT_ADVANCED_STAGE_RULES), { batchSize, ...(options.signal === undefined ? {} : { signal: options.signal }) })) {
    for (const row of batch) anchors.set(row.person_id, row);
  }
  const progressions = new Map<number, number[]>();
  for await (const batch of warehouse.stream<{ person_id: number; day: number }>(progressionDatesQuery(), { batchSize })) {
    for (const row of batch) {
      const list = progressions.get(row.person_id);
      if (list === undefined) progressions.set(row.person_id, [row.day]);
      else list.push(row.day);
    }
  }

  const out = new DerivedLines();
  let deriveMs = 0;
  let treatedPersons = 0;
  let exposures = 0;
  let personsWithLines = 0;
  let person: number | undefined;
  let events: DrugExposureEvent[] = [];
  const finish = (): void => {
    if (person === undefined || events.length === 0) return;
    const t = performance.now();
    treatedPersons++;
    const lineAnchors = anchorsOf(anchors.get(person), progressions.get(person));
    if (lineAnchors !== null) {
      const lines = deriveLinesOfTherapy(events, rules, lineAnchors);
      if (lines.length > 0) {
        personsWithLines++;
        const parent = anchors.get(person)?.disease_episode_id ?? null;
        const { episodes, episodeEvents } = lineEpisodeRows(lines, events, { personId: person, firstEpisodeId: out.lines, diseaseEpisodeId: parent });
        for (const e of episodes) {
          out.person.push(person);
          out.start.push(lines[e.episode_number - 1]!.start);
          out.end.push(lines[e.episode_number - 1]!.end);
          out.parent.push(parent ?? -1);
          out.number.push(e.episode_number);
          out.regimen.push(e.episode_source_value);
        }
        // A combination product is one exposure under two ingredient names: link it once per line.
        let previous = -1;
        const seen = new Set<number>();
        for (const link of episodeEvents) {
          if (link.episode_id !== previous) {
            seen.clear();
            previous = link.episode_id;
          }
          if (seen.has(link.event_id)) continue;
          seen.add(link.event_id);
          out.eventEpisode.push(link.episode_id);
          out.eventId.push(link.event_id);
        }
      }
    }
    deriveMs += performance.now() - t;
  };

  for await (const batch of warehouse.stream<ExposureRow & Record<string, number | null>>(exposuresQuery(), { batchSize, ...(options.signal === undefined ? {} : { signal: options.signal }) })) {
    for (const row of batch) {
      if (row.person_id !== person) {
        finish();
        person = row.person_id;
        events = [];
      }
      exposures++;
      addExposure(events, row, drugs);
    }
    options.onProgress?.({ persons: treatedPersons, exposures });
  }
  finish();
  const readMs = performance.now() - started - deriveMs;

  const writeStarted = performance.now();
  const replaced = await warehouse.transaction(async (tx) => {
    const removed = await deleteDerivedLines(tx);
    const base = (await maxEpisodeId(tx)) + 1;
    await tx.append('episode', batches(out.episodeRows(base, batchSize)), { columns: EPISODE_COLUMNS });
    await tx.append('episode_event', batches(out.eventRows(base, batchSize)), { columns: EPISODE_EVENT_COLUMNS });
    return removed;
  });
  const writeMs = performance.now() - writeStarted;
  return {
    treatedPersons,
    exposures,
    personsWithLines,
    lines: out.lines,
    episodeEvents: out.eventId.length,
    replaced,
    seconds: { read: readMs / 1000, derive: deriveMs / 1000, write: writeMs / 1000, total: (performance.now() - started) / 1000 },
  };
}

/** One exposure row as engine events: one per ingredient, classed by its ATC source code, else by its drug. */
function addExposure(events: DrugExposureEvent[], row: ExposureRow, drugs: AntineoplasticDrugs): void {
  const bySource = row.drug_source_concept_id === null ? undefined : drugs.atc.get(row.drug_source_concept_id);
  const byDrug = drugs.drugs.get(row.drug_concept_id);
  const drugClass = bySource?.drugClass ?? byDrug?.drugClass;
  const names = byDrug?.names ?? bySource?.names;
  if (drugClass === undefined || names === undefined) return;
  // A record ending before it starts is read as a one-day exposure rather than failing the whole derivation.
  const end = Math.max(row.start_day, row.end_day);
  for (const drug of names) events.push({ drug, start: row.start_day, end, drugClass, id: row.drug_exposure_id });
}

/** The anchors of one person's derivation, or null when the person has only curative-intent treatment. */
function anchorsOf(row: PersonAnchorRow | undefined, progressionDates: readonly number[] | undefined): LineAnchors | null {
  if (row === undefined) return {};
  const advanced = advancedDiseaseDate(row);
  if (advanced.curativeOnly) return null;
  return {
    ...(advanced.date === undefined ? {} : { advancedDiseaseDate: advanced.date }),
    ...(progressionDates === undefined ? {} : { progressionDates }),
    ...(row.death_date === null ? {} : { deathDate: row.death_date }),
    ...(row.observation_end === null ? {} : { observationEnd: row.observation_end }),
  };
}

/** Removes the line episodes of an earlier derivation (and their links); returns how many episodes. */
export async function deleteDerivedLines(tx: WarehouseSession): Promise<number> {
  await tx.execute({ kind: 'delete', table: table('episode_event'), where: inQuery(col('episode_id'), select([col('episode_id', 'e')], table('episode', 'e'), derivedLineEpisode('e'))) });
  return tx.execute({ kind: 'delete', table: table('episode'), where: derivedLineEpisode() });
}

async function maxEpisodeId(tx: WarehouseSession): Promise<number> {
  const [row] = await tx.query<{ n: number | null }>(select([as(fn('max', col('episode_id')), 'n')], table('episode')));
  return row?.n ?? 0;
}
