import { WELL_KNOWN_CONCEPTS as C, cachedConceptId, isoDateToDayNumber, standardConceptId } from '@parcours/core';
import {
  addDays,
  and,
  as,
  asc,
  between,
  cast,
  col,
  cte,
  derivedTable,
  desc,
  eq,
  exists,
  inList,
  innerJoin,
  leftJoin,
  literal,
  lte,
  or,
  over,
  param,
  rowNumber,
  select,
  table,
  withQuery,
  type ExpressionNode,
  type QueryNode,
  type WarehouseSession,
} from '@parcours/store';
import { type CovariateName } from '../protocol/study-protocol.js';

/** ECOG is read from the latest record this many days before the index date (or on it). */
export const ECOG_LOOKBACK_DAYS = 60;
/** A brain metastasis recorded up to this many days after the index belongs to the baseline work-up. */
export const BRAIN_METASTASIS_WINDOW_DAYS = 30;

/** One member's baseline, as read from the warehouse. */
export interface BaselineRecord {
  readonly personId: number;
  readonly indexDate: string;
  readonly ageYears: number | null;
  readonly sex: 'female' | 'male' | null;
  readonly ecog: number | null;
  readonly smoking: string | null;
  /** The stage group's concept code ('STAGE-IIIB'), or null. */
  readonly stageCode: string | null;
  readonly brainMetastasis: boolean;
}

// A type, not an interface: rows must satisfy the store's Row index signature.
type BaselineRow = {
  readonly person_id: number;
  readonly index_date: string;
  readonly year_of_birth: number | null;
  readonly month_of_birth: number | null;
  readonly gender_concept_id: number | null;
  readonly ecog: number | null;
  readonly smoking: string | null;
  readonly stage_code: string | null;
  readonly brain: number;
};

/** `select …, row_number() over (partition by person order by date desc, id desc) as rn`: the latest record per member. */
function latest(source: string, idColumn: string, dateColumn: string, value: ExpressionNode, where: (alias: string) => ExpressionNode, extraJoins: Parameters<typeof select>[3] = {}): QueryNode {
  return select(
    [col('person_id', 'm'), as(value, 'value'), as(over(rowNumber(), { partitionBy: [col('person_id', 'm')], orderBy: [desc(col(dateColumn, 'x')), desc(col(idColumn, 'x'))] }), 'rn')],
    table('members', 'm'),
    undefined,
    { joins: [innerJoin(table(source, 'x'), and(eq(col('person_id', 'x'), col('person_id', 'm')), where('x'))), ...(extraJoins.joins ?? [])] },
  );
}

/**
 * One query for the baseline of every member of a cohort: age and sex from PERSON, the latest ECOG (measurement,
 * up to 60 days before the index), the latest smoking status (observation) and stage group (measurement of a TNM
 * stage-group item, read through its value concept's code) on or before the index, and whether a brain metastasis
 * (ICD-10 C79.3) was recorded before or up to 30 days after it. Only what the protocol asks for is meaningful; the
 * query reads everything because the per-member joins are cheap next to the cohort itself.
 */
export function baselineQuery(cohortDefinitionId: number): QueryNode {
  const brainSource = cachedConceptId('ICD10', 'C79.3');
  const brainConcepts = [...new Set([brainSource, standardConceptId(brainSource)].filter((id) => id !== 0))];
  const members = select([as(col('subject_id'), 'person_id'), as(col('cohort_start_date'), 'index_date')], table('cohort'), eq(col('cohort_definition_id'), param(cohortDefinitionId, 'integer')));
  const onOrBefore = (alias: string, dateColumn: string, lookback?: number): ExpressionNode =>
    lookback === undefined ? lte(col(dateColumn, alias), col('index_date', 'm')) : between(col(dateColumn, alias), addDays(col('index_date', 'm'), -lookback), col('index_date', 'm'));
  const ecog = latest('measurement', 'measurement_id', 'measurement_date', col('value_as_number', 'x'), (x) => and(eq(col('measurement_concept_id', x), param(C.MEASUREMENT.ecog, 'integer')), onOrBefore(x, 'measurement_date', ECOG_LOOKBACK_DAYS)));
  const smoking = latest('observation', 'observation_id', 'observation_date', col('value_as_string', 'x'), (x) => and(eq(col('observation_concept_id', x), param(C.OBSERVATION.smokingStatus, 'integer')), onOrBefore(x, 'observation_date')));
  const stage = latest('measurement', 'measurement_id', 'measurement_date', col('concept_code', 'v'), (x) => and(inList(col('measurement_concept_id', x), [C.TNM_ITEM.clinicalStageGroup, C.TNM_ITEM.pathologicalStageGroup]), onOrBefore(x, 'measurement_date')), {
    joins: [innerJoin(table('concept', 'v'), eq(col('concept_id', 'v'), col('value_as_concept_id', 'x')))],
  });
  const brain = exists(
    select([literal(1)], table('condition_occurrence', 'c'), and(
      eq(col('person_id', 'c'), col('person_id', 'm')),
      brainConcepts.length === 0 ? literal(false) : or(inList(col('condition_concept_id', 'c'), brainConcepts), inList(col('condition_source_concept_id', 'c'), brainConcepts)),
      lte(col('condition_start_date', 'c'), addDays(col('index_date', 'm'), BRAIN_METASTASIS_WINDOW_DAYS)),
    )),
  );
  const firstOf = (name: string): ExpressionNode => and(eq(col('person_id', name), col('person_id', 'm')), eq(col('rn', name), literal(1)));
  return withQuery(
    [cte('members', members)],
    select(
      [
        col('person_id', 'm'),
        col('index_date', 'm'),
        col('year_of_birth', 'p'),
        col('month_of_birth', 'p'),
        col('gender_concept_id', 'p'),
        as(cast(col('value', 'e'), 'double'), 'ecog'),
        as(col('value', 's'), 'smoking'),
        as(col('value', 'g'), 'stage_code'),
        as(cast(brain, 'integer'), 'brain'),
      ],
      table('members', 'm'),
      undefined,
      {
        joins: [
          leftJoin(table('person', 'p'), eq(col('person_id', 'p'), col('person_id', 'm'))),
          leftJoin(derivedTable(ecog, 'e'), firstOf('e')),
          leftJoin(derivedTable(smoking, 's'), firstOf('s')),
          leftJoin(derivedTable(stage, 'g'), firstOf('g')),
        ],
        orderBy: [asc(col('person_id', 'm'))],
      },
    ),
  );
}


/** Reads the baseline of a cohort's members (ordered by person_id). */
export async function readBaseline(session: Pick<WarehouseSession, 'query'>, cohortDefinitionId: number): Promise<BaselineRecord[]> {
  const rows = await session.query<BaselineRow>(baselineQuery(cohortDefinitionId));
  return rows.map((r) => ({
    personId: Number(r.person_id),
    indexDate: r.index_date,
    ageYears: ageAt(r.index_date, r.year_of_birth, r.month_of_birth),
    sex: r.gender_concept_id === C.GENDER.female ? 'female' : r.gender_concept_id === C.GENDER.male ? 'male' : null,
    ecog: r.ecog === null ? null : Number(r.ecog),
    smoking: r.smoking,
    stageCode: r.stage_code,
    brainMetastasis: Number(r.brain) === 1,
  }));
}

/**
 * Age in years at the index: from the middle of the month of birth when it is known, else from the middle of the
 * year (pseudonymization may keep only the year), to one decimal.
 */
export function ageAt(indexDate: string, yearOfBirth: number | null, monthOfBirth: number | null): number | null {
  if (yearOfBirth === null) return null;
  const month = monthOfBirth ?? 7;
  const birth = isoDateToDayNumber(`${String(yearOfBirth).padStart(4, '0')}-${String(month).padStart(2, '0')}-${monthOfBirth === null ? '01' : '15'}`);
  return Math.round(((isoDateToDayNumber(indexDate) - birth) / 365.25) * 10) / 10;
}

/** The covariates a protocol may name, and how each becomes a column of the analysis. */
export const COVARIATE_LABELS: Readonly<Record<CovariateName, string>> = {
  age: 'Age at index, years',
  sex: 'Sex',
  ecog: 'ECOG performance status',
  smoking: 'Smoking status',
  stage: 'Stage group',
  'brain-metastases': 'Brain metastases',
  'calendar-period': 'Year of index',
};
