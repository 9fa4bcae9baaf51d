import { WELL_KNOWN_CONCEPTS, dayNumberToIsoDate, isoDateToDayNumber, tableSpec, type WarehouseTableName } from '@parcours/core';
import { initWarehouse, omopColumns, type AppendValue, type Warehouse } from '@parcours/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, reportSkips } from '../../store/test/engines.js';
import {
  LAST_ACTIVITY_SOURCES,
  computeEndpoints,
  endpointRows,
  type EndpointName,
  type EndpointOptions,
  type EndpointResult,
} from '../src/index.js';

// Hand-made timelines written into a warehouse on every engine, with each endpoint's time, event and reason
// worked out by hand from docs/endpoints.md. Days are offsets from the patient's index date.

reportSkips();

interface Timeline {
  readonly name: string;
  readonly personId: number;
  readonly index: string;
  /** No person row (the patient is only in the index list). */
  readonly noPerson?: boolean;
  readonly death?: number;
  /** One-day outpatient visits. */
  readonly visits?: readonly number[];
  /** Inpatient stays [start, end]. */
  readonly stays?: readonly (readonly [number, number])[];
  /** Drug exposures [start, end]. */
  readonly drugs?: readonly (readonly [number, number])[];
  readonly labs?: readonly number[];
  /** Disease Progression episodes. */
  readonly progressions?: readonly number[];
  /** Other episodes that must not count as progressions or lines (a Disease First Occurrence). */
  readonly diseaseEpisodes?: readonly number[];
  /** Treatment Regimen episodes [start, end]; end null when not recorded. */
  readonly lines?: readonly (readonly [number, number | null])[];
  /** Default: from the first to the last fact. */
  readonly observationPeriod?: readonly [number, number];
  /** One fact in another clinical table: [table, day]. */
  readonly fact?: readonly [WarehouseTableName, number];
  /** `time event reason` per endpoint, or `excluded reason`. */
  readonly expected: Readonly<Record<EndpointName, string>>;
}

/** Patients run together with the same options. */
interface Group {
  readonly name: string;
  readonly options: EndpointOptions;
  readonly timelines: readonly Timeline[];
}

const all = (s: string): Record<EndpointName, string> => ({ rwOS: s, rwPFS: s, TTNT: s, TTD: s });

const GROUPS: readonly Group[] = [
  {
    name: 'default options',
    options: {},
    timelines: [
      {
        name: 'death after the last activity',
        personId: 1,
        index: '2020-01-10',
        visits: [0, 30, 60],
        drugs: [[0, 0], [21, 21], [42, 42], [60, 60]],
        lines: [[0, 60]],
        death: 90,
        expected: { rwOS: '90 1 death', rwPFS: '90 1 death', TTNT: '90 1 death', TTD: '60 1 death' },
      },
      {
        name: 'death before the last record (a posthumous lab)',
        personId: 2,
        index: '2020-02-03',
        visits: [0, 60],
        labs: [120],
        lines: [[0, 50]],
        death: 80,
        expected: { rwOS: '80 1 death', rwPFS: '80 1 death', TTNT: '80 1 death', TTD: '50 1 death' },
      },
      {
        name: 'alive: censored at the last activity; the line stopped long before it',
        personId: 3,
        index: '2019-11-20',
        visits: [0, 45, 200],
        drugs: [[0, 0], [21, 21], [42, 42]],
        labs: [210],
        lines: [[0, 42]],
        diseaseEpisodes: [-40, 30],
        expected: { rwOS: '210 0 last-activity', rwPFS: '210 0 last-activity', TTNT: '210 0 last-activity', TTD: '42 1 treatment-gap' },
      },
      {
        name: 'progression on the index date does not count; the next one does',
        personId: 4,
        index: '2021-05-05',
        visits: [0, 150, 300],
        progressions: [0, 150],
        lines: [[0, 140], [170, 250]],
        expected: { rwOS: '300 0 last-activity', rwPFS: '150 1 progression', TTNT: '170 1 next-line', TTD: '140 1 next-line' },
      },
      {
        name: 'progression recorded after the death: the death comes first',
        personId: 5,
        index: '2018-07-01',
        visits: [0, 100],
        progressions: [200],
        lines: [[0, 90]],
        death: 180,
        expected: { rwOS: '180 1 death', rwPFS: '180 1 death', TTNT: '180 1 death', TTD: '90 1 death' },
      },
      {
        name: 'progression, next line, then death',
        personId: 6,
        index: '2020-03-15',
        visits: [0, 95, 240],
        progressions: [95],
        lines: [[0, 60], [100, 160]],
        death: 250,
        expected: { rwOS: '250 1 death', rwPFS: '95 1 progression', TTNT: '100 1 next-line', TTD: '60 1 next-line' },
      },
      {
        name: 'oral drug still dispensed at the last activity: TTD censored at the end of the last supply',
        personId: 7,
        index: '2022-01-03',
        visits: [0, 84],
        drugs: [[0, 27], [28, 55], [56, 83], [84, 111]],
        lines: [[0, 111]],
        expected: { rwOS: '84 0 last-activity', rwPFS: '84 0 last-activity', TTNT: '84 0 last-activity', TTD: '111 0 on-treatment' },
      },
      {
        name: 'nothing after the index date, no line',
        personId: 8,
        index: '2020-06-01',
        visits: [-30],
        drugs: [[-10, -10]],
        expected: { rwOS: '0 0 no-follow-up', rwPFS: '0 0 no-follow-up', TTNT: 'excluded no-index-line', TTD: 'excluded no-index-line' },
      },
      {
        name: 'activity on the index day only',
        personId: 9,
        index: '2020-06-02',
        visits: [0],
        lines: [[0, 0]],
        expected: { rwOS: '0 0 no-follow-up', rwPFS: '0 0 no-follow-up', TTNT: '0 0 no-follow-up', TTD: '0 0 on-treatment' },
      },
      {
        name: 'death on the index date',
        personId: 10,
        index: '2020-06-03',
        visits: [0],
        lines: [[0, 0]],
        death: 0,
        expected: all('0 1 death'),
      },
      {
        name: 'death before the index date',
        personId: 11,
        index: '2020-06-04',
        visits: [-10],
        death: -5,
        expected: all('excluded death-before-index'),
      },
      {
        name: 'no person row',
        personId: 999,
        index: '2020-06-05',
        noPerson: true,
        expected: all('excluded unknown-person'),
      },
      {
        name: 'index on line 2: earlier lines and progressions do not count',
        personId: 12,
        index: '2021-09-09',
        visits: [-200, 0, 210],
        progressions: [-110, 140],
        lines: [[-200, -100], [0, 90], [150, 200]],
        expected: { rwOS: '210 0 last-activity', rwPFS: '140 1 progression', TTNT: '150 1 next-line', TTD: '90 1 next-line' },
      },
      {
        name: 'no line starts on the index date',
        personId: 13,
        index: '2021-02-02',
        visits: [0, 90],
        lines: [[10, 90]],
        expected: { rwOS: '90 0 last-activity', rwPFS: '90 0 last-activity', TTNT: 'excluded no-index-line', TTD: 'excluded no-index-line' },
      },
      {
        name: 'an inpatient stay counts to its discharge',
        personId: 14,
        index: '2021-02-03',
        visits: [0],
        stays: [[100, 130]],
        expected: { rwOS: '130 0 last-activity', rwPFS: '130 0 last-activity', TTNT: 'excluded no-index-line', TTD: 'excluded no-index-line' },
      },
      {
        name: 'a drug exposure counts at its start, not at the end of its supply',
        personId: 15,
        index: '2021-02-04',
        visits: [0],
        drugs: [[0, 300]],
        expected: { rwOS: '0 0 no-follow-up', rwPFS: '0 0 no-follow-up', TTNT: 'excluded no-index-line', TTD: 'excluded no-index-line' },
      },
      {
        name: 'TTD: 119 days of follow-up after the line is not yet a gap',
        personId: 16,
        index: '2021-04-01',
        visits: [0, 219],
        lines: [[0, 100]],
        expected: { rwOS: '219 0 last-activity', rwPFS: '219 0 last-activity', TTNT: '219 0 last-activity', TTD: '100 0 on-treatment' },
      },
      {
        name: 'TTD: 120 days is a gap',
        personId: 17,
        index: '2021-04-02',
        visits: [0, 220],
        lines: [[0, 100]],
        expected: { rwOS: '220 0 last-activity', rwPFS: '220 0 last-activity', TTNT: '220 0 last-activity', TTD: '100 1 treatment-gap' },
      },
      {
        name: 'TTD: a line without an end date ends the day before the next line',
        personId: 18,
        index: '2021-04-03',
        visits: [0, 280],
        lines: [[0, null], [200, 260]],
        expected: { rwOS: '280 0 last-activity', rwPFS: '280 0 last-activity', TTNT: '200 1 next-line', TTD: '199 1 next-line' },
      },
      {
        name: 'TTD: a line without an end date and nothing after it goes on to the last activity',
        personId: 19,
        index: '2021-04-04',
        visits: [0, 300],
        lines: [[0, null]],
        expected: { rwOS: '300 0 last-activity', rwPFS: '300 0 last-activity', TTNT: '300 0 last-activity', TTD: '300 0 on-treatment' },
      },
      {
        name: 'a progression recorded after the last visit shows the patient alive then',
        personId: 20,
        index: '2021-04-05',
        visits: [0, 50],
        progressions: [80],
        expected: { rwOS: '80 0 last-activity', rwPFS: '80 1 progression', TTNT: 'excluded no-index-line', TTD: 'excluded no-index-line' },
      },
      // Every source of LAST_ACTIVITY_SOURCES counts (one patient each, the source holding the latest date).
      ...LAST_ACTIVITY_SOURCES.map(
        (s, k): Timeline => ({
          name: `last activity read from ${s.table}`,
          personId: 100 + k,
          index: dayNumberToIsoDate(isoDateToDayNumber('2019-01-01') + 11 * k),
          visits: [0],
          fact: [s.table, 100 + k],
          expected: { rwOS: `${100 + k} 0 last-activity`, rwPFS: `${100 + k} 0 last-activity`, TTNT: 'excluded no-index-line', TTD: 'excluded no-index-line' },
        }),
      ),
    ],
  },
  {
    // Cut-off 2021-12-31, 300 days after 2021-03-06.
    name: 'data cut-off 2021-12-31, minimum follow-up 90 days',
    options: { dataCutOff: '2021-12-31', minimumFollowUpDays: 90 },
    timelines: [
      {
        name: 'death after the cut-off, activity past it',
        personId: 30,
        index: '2021-03-06',
        visits: [0, 100, 400],
        progressions: [350],
        lines: [[0, 80], [350, 420]],
        death: 500,
        expected: { rwOS: '300 0 data-cut-off', rwPFS: '300 0 data-cut-off', TTNT: '300 0 data-cut-off', TTD: '80 1 next-line' },
      },
      {
        name: 'death after the cut-off, last activity before it',
        personId: 31,
        index: '2021-03-06',
        visits: [0, 200],
        lines: [[0, 150]],
        death: 400,
        expected: { rwOS: '300 0 data-cut-off', rwPFS: '200 0 last-activity', TTNT: '200 0 last-activity', TTD: '150 1 death' },
      },
      {
        name: 'a line going on past the cut-off',
        personId: 32,
        index: '2021-03-06',
        visits: [0, 410],
        lines: [[0, 400]],
        expected: all('300 0 data-cut-off'),
      },
      {
        name: 'death before the cut-off',
        personId: 33,
        index: '2021-03-06',
        visits: [0, 100],
        lines: [[0, 100]],
        death: 250,
        expected: { rwOS: '250 1 death', rwPFS: '250 1 death', TTNT: '250 1 death', TTD: '100 1 death' },
      },
      {
        name: 'indexed 100 days before the cut-off: kept',
        personId: 34,
        index: '2021-09-22',
        visits: [0, 50],
        expected: { rwOS: '50 0 last-activity', rwPFS: '50 0 last-activity', TTNT: 'excluded no-index-line', TTD: 'excluded no-index-line' },
      },
      {
        name: 'indexed 60 days before the cut-off: less than the minimum follow-up',
        personId: 35,
        index: '2021-11-01',
        visits: [0, 50],
        expected: all('excluded insufficient-follow-up'),
      },
      {
        name: 'indexed after the cut-off',
        personId: 36,
        index: '2022-02-01',
        visits: [0, 50],
        expected: all('excluded index-after-cut-off'),
      },
    ],
  },
  {
    name: 'death not an event of TTNT; 14 grace days for progression',
    options: { ttntDeathIsEvent: false, progressionGraceDays: 14 },
    timelines: [
      {
        name: 'death without a next line censors TTNT',
        personId: 40,
        index: '2020-01-10',
        visits: [0, 60],
        lines: [[0, 60]],
        death: 90,
        expected: { rwOS: '90 1 death', rwPFS: '90 1 death', TTNT: '90 0 death', TTD: '60 1 death' },
      },
      {
        name: 'a progression within the grace days does not count',
        personId: 41,
        index: '2020-01-11',
        visits: [0, 100],
        progressions: [14, 60],
        lines: [[0, 90]],
        expected: { rwOS: '100 0 last-activity', rwPFS: '60 1 progression', TTNT: '100 0 last-activity', TTD: '90 0 on-treatment' },
      },
    ],
  },
  {
    name: 'follow-up to the end of the observation period',
    options: { followUpEnd: 'observation-period' },
    timelines: [
      {
        name: 'observation period beyond the last visit',
        personId: 50,
        index: '2020-01-12',
        visits: [0, 100],
        observationPeriod: [-100, 400],
        expected: { rwOS: '400 0 last-activity', rwPFS: '400 0 last-activity', TTNT: 'excluded no-index-line', TTD: 'excluded no-index-line' },
      },
    ],
  },
];

/** A patient outside every index set, with plenty of data: it must never show up. */
const OUTSIDER: Timeline = {
  name: 'not in the index set',
  personId: 500,
  index: '2020-01-10',
  visits: [0, 500],
  progressions: [10],
  lines: [[0, 20], [30, 40]],
  death: 600,
  expected: all('-'),
};

/** Rows for every table, built from the OMOP specification: required columns get neutral values. */
class Rows {
  private readonly byTable = new Map<WarehouseTableName, AppendValue[][]>();
  private nextId = 1;

  add(name: WarehouseTableName, values: Readonly<Record<string, AppendValue>>): void {
    const spec = tableSpec(name)!;
    const row = spec.columns.map((c, k) => {
      if (c.name in values) return values[c.name];
      if (!c.required) return null;
      if (k === 0 && c.type === 'integer') return this.nextId++;
      if (c.type === 'integer') return 0;
      if (c.type === 'date') return values['date'] ?? '2000-01-01';
      return 'x';
    });
    const rows = this.byTable.get(name) ?? [];
    rows.push(row);
    this.byTable.set(name, rows);
  }

  /** One fact of `name` on `date`: every required date column of the table gets it. */
  fact(name: WarehouseTableName, personId: number, date: string): void {
    const values: Record<string, AppendValue> = { person_id: personId, date };
    for (const c of tableSpec(name)!.columns) if (c.type === 'date') values[c.name] = date;
    this.add(name, values);
  }

  async writeTo(warehouse: Warehouse): Promise<void> {
    for (const [name, rows] of this.byTable) await warehouse.append(name, rows, { columns: omopColumns(name) });
  }
}

function writeTimeline(rows: Rows, t: Timeline): void {
  if (t.noPerson === true) return;
  const index = isoDateToDayNumber(t.index);
  const at = (offset: number): string => dayNumberToIsoDate(index + offset);
  const p = t.personId;
  rows.add('person', { person_id: p, gender_concept_id: WELL_KNOWN_CONCEPTS.GENDER.female, year_of_birth: 1960 });
  const days = [0, ...(t.visits ?? []), ...(t.stays ?? []).flat(), ...(t.drugs ?? []).flat(), ...(t.labs ?? []), ...(t.death === undefined ? [] : [t.death])];
  const [from, to] = t.observationPeriod ?? [Math.min(...days), Math.max(...days)];
  rows.add('observation_period', { person_id: p, observation_period_start_date: at(from), observation_period_end_date: at(to), period_type_concept_id: WELL_KNOWN_CONCEPTS.TYPE_CONCEPT.ehr });
  for (const v of t.visits ?? []) rows.add('visit_occurrence', { person_id: p, visit_concept_id: WELL_KNOWN_CONCEPTS.VISIT.outpatient, visit_start_date: at(v), visit_end_date: at(v) });
  for (const [s, e] of t.stays ?? []) rows.add('visit_occurrence', { person_id: p, visit_concept_id: WELL_KNOWN_CONCEPTS.VISIT.inpatient, visit_start_date: at(s), visit_end_date: at(e) });
  for (const [s, e] of t.drugs ?? []) rows.add('drug_exposure', { person_id: p, drug_exposure_start_date: at(s), drug_exposure_end_date: at(e) });
  for (const d of t.labs ?? []) rows.add('measurement', { person_id: p, measurement_date: at(d) });
  if (t.death !== undefined) rows.add('death', { person_id: p, death_date: at(t.death) });
  const episode = (concept: number, start: number, end: number | null, n: number | null): void =>
    rows.add('episode', { person_id: p, episode_concept_id: concept, episode_start_date: at(start), episode_end_date: end === null ? null : at(end), episode_number: n, episode_type_concept_id: WELL_KNOWN_CONCEPTS.EPISODE_TYPE.algorithmicallyDerivedFromEhr });
  for (const d of t.progressions ?? []) episode(WELL_KNOWN_CONCEPTS.EPISODE.diseaseProgression, d, null, null);
  for (const d of t.diseaseEpisodes ?? []) episode(WELL_KNOWN_CONCEPTS.EPISODE.diseaseFirstOccurrence, d, null, null);
  (t.lines ?? []).forEach(([s, e], k) => episode(WELL_KNOWN_CONCEPTS.EPISODE.treatmentRegimen, s, e, k + 1));
  if (t.fact !== undefined) rows.fact(t.fact[0], p, at(t.fact[1]));
}

/** A result in the notation of `expected`, patient by patient. */
function notation(result: EndpointResult): Map<number, string> {
  const out = new Map<number, string>();
  for (const r of endpointRows(result)) out.set(r.personId, `${r.time} ${r.event} ${r.reason}`);
  for (const x of result.excluded) out.set(x.personId, `excluded ${x.reason}`);
  return out;
}

/** The end date must be the index plus the time, whichever way it is given. */
function checkDates(result: EndpointResult): void {
  endpointRows(result).forEach((r) => {
    const end = r.event === 1 ? r.eventDate : r.censorDate;
    expect(isoDateToDayNumber(end!) - isoDateToDayNumber(r.indexDate)).toBe(r.time);
  });
}

const ENDPOINT_NAMES: readonly EndpointName[] = ['rwOS', 'rwPFS', 'TTNT', 'TTD'];
const resultsByEngine = new Map<string, Map<string, Record<EndpointName, EndpointResult>>>();

describe.each(ENGINES.map((e) => [e.name, e] as const))('hand-made timelines on %s', (engineName, engine) => {
  let warehouse: Warehouse;
  const results = new Map<string, Record<EndpointName, EndpointResult>>();

  beforeAll(async () => {
    if (!engine.available) return;
    warehouse = await engine.open();
    await initWarehouse(warehouse);
    const rows = new Rows();
    for (const g of GROUPS) for (const t of g.timelines) writeTimeline(rows, t);
    writeTimeline(rows, OUTSIDER);
    // Cohort 77: some of the default group, one of them entering twice (the first entry is the index).
    rows.add('cohort', { cohort_definition_id: 77, subject_id: 4, cohort_start_date: '2021-05-05', cohort_end_date: '2021-06-01' });
    rows.add('cohort', { cohort_definition_id: 77, subject_id: 4, cohort_start_date: '2021-08-01', cohort_end_date: '2021-09-01' });
    rows.add('cohort', { cohort_definition_id: 77, subject_id: 6, cohort_start_date: '2020-03-15', cohort_end_date: '2020-04-01' });
    rows.add('cohort', { cohort_definition_id: 78, subject_id: 500, cohort_start_date: '2020-01-10', cohort_end_date: '2020-04-01' });
    await rows.writeTo(warehouse);
    for (const g of GROUPS) {
      const patients = g.timelines.map((t) => ({ personId: t.personId, indexDate: t.index }));
      results.set(g.name, await computeEndpoints(warehouse, { patients }, ENDPOINT_NAMES, g.options));
    }
    resultsByEngine.set(engineName, results);
  });

  afterAll(async () => {
    if (engine.available) await warehouse.close();
  });

  for (const g of GROUPS) {
    describe(g.name, () => {
      it.skipIf(!engine.available).each(g.timelines.map((t) => [t.name, t] as const))('%s', (_, t) => {
        const r = results.get(g.name)!;
        const got = Object.fromEntries(ENDPOINT_NAMES.map((e) => [e, notation(r[e]).get(t.personId)]));
        expect(got).toEqual(t.expected);
      });
    });
  }

  it.skipIf(!engine.available)('gives one record or one exclusion per patient of the index set, ordered by person_id, with consistent dates', () => {
    for (const g of GROUPS) {
      for (const e of ENDPOINT_NAMES) {
        const r = results.get(g.name)![e];
        expect(r.personId.length + r.excluded.length).toBe(g.timelines.length);
        expect([...r.personId]).toEqual([...r.personId].sort((a, b) => a - b));
        expect([...r.personId, ...r.excluded.map((x) => x.personId)]).not.toContain(OUTSIDER.personId);
        expect(r.time.every((t) => t >= 0)).toBe(true);
        checkDates(r);
      }
    }
  });

  it.skipIf(!engine.available)('reads a cohort of the cohort table from each subject’s first entry', async () => {
    const fromCohort = await computeEndpoints(warehouse, { cohortDefinitionId: 77 }, ENDPOINT_NAMES);
    const fromList = await computeEndpoints(warehouse, { patients: [{ personId: 4, indexDate: '2021-05-05' }, { personId: 6, indexDate: '2020-03-15' }] }, ENDPOINT_NAMES);
    for (const e of ENDPOINT_NAMES) expect(endpointRows(fromCohort[e])).toEqual(endpointRows(fromList[e]));
    expect(endpointRows(fromCohort.TTNT).map((r) => r.personId)).toEqual([4, 6]);
  });

  it.skipIf(!engine.available)('runs again on the same warehouse (the temporary index table is dropped), and on an empty list', async () => {
    const again = await computeEndpoints(warehouse, { patients: [{ personId: 1, indexDate: '2020-01-10' }] }, ['rwOS']);
    expect(endpointRows(again.rwOS)).toEqual([{ personId: 1, indexDate: '2020-01-10', time: 90, event: 1, eventDate: '2020-04-09', reason: 'death' }]);
    const none = await computeEndpoints(warehouse, { patients: [] }, ['rwOS', 'TTD']);
    expect(none.rwOS.time.length + none.TTD.time.length).toBe(0);
  });
});

describe('both engines', () => {
  it.skipIf(!ENGINES.every((e) => e.available))('give the same records', () => {
    const [a, b] = [...resultsByEngine.values()];
    for (const [group, byEndpoint] of a!) {
      for (const e of ENDPOINT_NAMES) expect(endpointRows(b!.get(group)![e])).toEqual(endpointRows(byEndpoint[e]));
    }
  });
});
