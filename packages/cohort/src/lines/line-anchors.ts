import { WELL_KNOWN_CONCEPTS } from '@parcours/core';
import {
  addDays,
  and,
  as,
  binary,
  col,
  cte,
  dateDiffDays,
  eq,
  fn,
  gte,
  inQuery,
  innerJoin,
  leftJoin,
  literal,
  lte,
  not,
  or,
  param,
  select,
  table,
  withQuery,
  type CteNode,
  type ExpressionNode,
  type QueryNode,
} from '@parcours/store';
import { parseConceptCode } from '../definition/concept-code.js';
import { expandStage, stageConceptCode } from '../definition/stage-groups.js';
import { DIAGNOSIS_WORKUP_DAYS } from '../compile/cohort-compiler.js';
import { conceptSetQuery, inConceptSet, type ResolvedConceptSet } from '../compile/concept-sets.js';
import { isAntineoplasticExposure } from './antineoplastic-drugs.js';

const C = WELL_KNOWN_CONCEPTS;

/**
 * When disease is advanced at diagnosis, by stage group: stage IV everywhere, and FIGO III–IV for cancers of the
 * ovary, fallopian tube and peritoneum (FIGO III is spread beyond the pelvis; its first-line chemotherapy is
 * treatment of advanced disease, as in SOLO-1 and PRIMA, which enrolled FIGO III–IV).
 */
export interface AdvancedStageRule {
  /** ICD-10 codes (with their subcategories) the rule applies to; empty: every cancer not matched by another rule. */
  readonly icd10: readonly string[];
  /** Stage groups (with their subdivisions) that are advanced disease at diagnosis. */
  readonly stages: readonly string[];
}

export const DEFAULT_ADVANCED_STAGE_RULES: readonly AdvancedStageRule[] = Object.freeze([
  Object.freeze({ icd10: Object.freeze(['C48', 'C56', 'C57']), stages: Object.freeze(['III', 'IV']) }),
  Object.freeze({ icd10: Object.freeze([]), stages: Object.freeze(['IV']) }),
]);

/** One treated person's anchors, in day numbers (null: not recorded). */
export interface PersonAnchorRow {
  readonly person_id: number;
  /** Diagnosis of a primary cancer whose stage at diagnosis is advanced. */
  readonly advanced_at_diagnosis: number | null;
  readonly first_metastasis: number | null;
  readonly first_progression: number | null;
  readonly first_primary: number | null;
  /** 1 when any stage group is recorded for the person. */
  readonly staged: number;
  readonly death_date: number | null;
  readonly observation_end: number | null;
  readonly disease_episode_id: number | null;
}

const EPOCH = param('1970-01-01', 'date');
const dayNumber = (date: ExpressionNode): ExpressionNode => dateDiffDays(EPOCH, date);

function codesSet(codes: readonly string[], path: string): ResolvedConceptSet {
  return { include: codes.map((c) => ({ code: parseConceptCode(c), path })), exclude: [], descendants: true, path };
}

function stageSet(stages: readonly string[]): ResolvedConceptSet {
  const groups = [...new Set(stages.flatMap(expandStage))];
  return { include: groups.map((g) => ({ code: { vocabulary: 'Parcours' as const, code: stageConceptCode(g) }, path: '' })), exclude: [], descendants: true, path: '' };
}

const stageItem = (item: ExpressionNode): ExpressionNode => or(eq(item, literal(C.TNM_ITEM.clinicalStageGroup)), eq(item, literal(C.TNM_ITEM.pathologicalStageGroup)));

/**
 * One row per person with an antineoplastic exposure: what their lines are anchored on (see `lineAnchors`).
 * Aggregates per person in SQL, so the whole warehouse is read in one pass whatever its size.
 */
export function personAnchorsQuery(rules: readonly AdvancedStageRule[] = DEFAULT_ADVANCED_STAGE_RULES): QueryNode {
  const ctes: CteNode[] = [];
  // A rule's cancers, and the cancers of no earlier rule for the catch-all rule.
  const ruleTerms: ExpressionNode[] = [];
  const earlier: string[] = [];
  rules.forEach((rule, k) => {
    const stages = `anchor_stage_${k + 1}`;
    ctes.push(cte(stages, conceptSetQuery(stageSet(rule.stages))));
    const stageOk = inConceptSet(col('value_as_concept_id', 's'), stages);
    if (rule.icd10.length > 0) {
      const sites = `anchor_site_${k + 1}`;
      ctes.push(cte(sites, conceptSetQuery(codesSet(rule.icd10.map((c) => `ICD10:${c}`), ''))));
      earlier.push(sites);
      ruleTerms.push(and(inConceptSet(col('condition_source_concept_id', 'pc'), sites), stageOk));
    } else {
      const elsewhere = earlier.map((sites) => inConceptSet(col('condition_source_concept_id', 'pc'), sites));
      ruleTerms.push(and(...elsewhere.map((e) => not(e)), stageOk));
    }
  });
  ctes.push(cte('anchor_metastasis', conceptSetQuery(codesSet(['ICD10:C77', 'ICD10:C78', 'ICD10:C79'], ''))));
  ctes.push(cte('treated', select([col('person_id', 'de')], table('drug_exposure', 'de'), isAntineoplasticExposure('de'), { distinct: true })));
  ctes.push(cte('primary_cancer', select([col('person_id'), col('condition_start_date'), col('condition_source_concept_id')], table('condition_occurrence'), eq(col('condition_status_source_value'), param('primary')))));

  const dx = col('condition_start_date', 'pc');
  const advanced = select(
    [col('person_id', 'pc'), as(fn('min', dx), 'd')],
    table('primary_cancer', 'pc'),
    and(stageItem(col('measurement_concept_id', 's')), gte(col('measurement_date', 's'), addDays(dx, -DIAGNOSIS_WORKUP_DAYS)), lte(col('measurement_date', 's'), addDays(dx, DIAGNOSIS_WORKUP_DAYS)), or(...ruleTerms)),
    { joins: [innerJoin(table('measurement', 's'), eq(col('person_id', 's'), col('person_id', 'pc')))], groupBy: [col('person_id', 'pc')] },
  );
  const firstPrimary = select([col('person_id'), as(fn('min', col('condition_start_date')), 'd')], table('primary_cancer'), undefined, { groupBy: [col('person_id')] });
  const staged = select([col('person_id', 's'), as(fn('max', literal(1)), 'd')], table('measurement', 's'), stageItem(col('measurement_concept_id', 's')), { groupBy: [col('person_id', 's')] });
  const metastasis = select(
    [col('person_id', 'm'), as(fn('min', col('condition_start_date', 'm')), 'd')],
    table('condition_occurrence', 'm'),
    or(inConceptSet(col('condition_source_concept_id', 'm'), 'anchor_metastasis'), inConceptSet(col('condition_concept_id', 'm'), 'anchor_metastasis'), binary('like', col('condition_status_source_value', 'm'), param('secondary%'))),
    { groupBy: [col('person_id', 'm')] },
  );
  const episodeMin = (concept: number, column: 'episode_start_date' | 'episode_id') =>
    select([col('person_id', 'e'), as(fn('min', col(column, 'e')), 'd')], table('episode', 'e'), eq(col('episode_concept_id', 'e'), literal(concept)), { groupBy: [col('person_id', 'e')] });
  const death = select([col('person_id', 'd'), as(fn('min', col('death_date', 'd')), 'd')], table('death', 'd'), undefined, { groupBy: [col('person_id', 'd')] });
  const observation = select([col('person_id', 'o'), as(fn('max', col('observation_period_end_date', 'o')), 'd')], table('observation_period', 'o'), undefined, { groupBy: [col('person_id', 'o')] });

  const parts: [string, QueryNode][] = [
    ['advanced_at_diagnosis', advanced],
    ['first_metastasis', metastasis],
    ['first_progression', episodeMin(C.EPISODE.diseaseProgression, 'episode_start_date')],
    ['first_primary', firstPrimary],
    ['staged', staged],
    ['death_date', death],
    ['observation_end', observation],
    ['disease_episode_id', episodeMin(C.EPISODE.diseaseFirstOccurrence, 'episode_id')],
  ];
  const dates = new Set(['advanced_at_diagnosis', 'first_metastasis', 'first_progression', 'first_primary', 'death_date', 'observation_end']);
  for (const [name, query] of parts) ctes.push(cte(`anchor_${name}`, query));
  return withQuery(
    ctes,
    select(
      [
        col('person_id', 't'),
        ...parts.map(([name]) => as(name === 'staged' ? fn('coalesce', col('d', name), literal(0)) : dates.has(name) ? dayNumber(col('d', name)) : col('d', name), name)),
      ],
      table('treated', 't'),
      undefined,
      { joins: parts.map(([name]) => leftJoin(table(`anchor_${name}`, name), eq(col('person_id', name), col('person_id', 't')))) },
    ),
  );
}

/** `select person_id, day from episode where progression, treated persons only`: every documented progression date. */
export function progressionDatesQuery(): QueryNode {
  return select(
    [col('person_id', 'e'), as(dayNumber(col('episode_start_date', 'e')), 'day')],
    table('episode', 'e'),
    and(eq(col('episode_concept_id', 'e'), literal(C.EPISODE.diseaseProgression)), inQuery(col('person_id', 'e'), select([col('person_id', 'de')], table('drug_exposure', 'de'), isAntineoplasticExposure('de')))),
  );
}

/**
 * The advanced-disease date of a person, from the record: the earliest of the diagnosis of a cancer advanced at
 * diagnosis (by `AdvancedStageRule`), the first metastasis and the first documented progression. A person whose
 * cancer was never staged (haematological and paediatric cancers, an unstaged record) is taken as advanced from
 * the first primary diagnosis. `undefined` with `curativeOnly`: staged, never advanced — every exposure is
 * curative-intent treatment and there is no line to derive. `undefined` alone: nothing known (no cancer
 * recorded), so every exposure counts.
 */
export function advancedDiseaseDate(row: PersonAnchorRow): { readonly date: number | undefined; readonly curativeOnly: boolean } {
  const unstaged = row.staged === 1 ? null : row.first_primary;
  const candidates = [row.advanced_at_diagnosis, row.first_metastasis, row.first_progression, unstaged].filter((d): d is number => d !== null);
  if (candidates.length > 0) return { date: Math.min(...candidates), curativeOnly: false };
  // Staged and never advanced: curative-intent treatment only. Nothing recorded at all: every exposure counts.
  return { date: undefined, curativeOnly: row.staged === 1 };
}
