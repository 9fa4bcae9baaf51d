import {
  and,
  as,
  binary,
  col,
  eq,
  fn,
  inQuery,
  innerJoin,
  ne,
  or,
  param,
  select,
  table,
  type ExpressionNode,
  type QueryNode,
  type WarehouseSession,
} from '@parcours/store';
import { classifyAntineoplastic, type DrugClass } from '../oncology/drug-class.js';

/** What line derivation needs to know of a drug concept: the ingredient name(s) and the class. */
export interface DrugInfo {
  /** Ingredient names in lower case (several for a combination product). */
  readonly names: readonly string[];
  readonly drugClass: DrugClass;
}

/**
 * The antineoplastic and endocrine drugs of the warehouse's vocabulary (ATC L01 and L02): the ATC concepts
 * themselves (what drug_source_concept_id holds) and every drug concept under them through concept_ancestor
 * (what drug_concept_id holds: ingredients, and in a full Athena vocabulary the clinical and branded drugs).
 */
export interface AntineoplasticDrugs {
  readonly atc: ReadonlyMap<number, DrugInfo>;
  readonly drugs: ReadonlyMap<number, DrugInfo>;
}

const isL01orL02 = (code: ExpressionNode): ExpressionNode => or(binary('like', code, param('L01%')), binary('like', code, param('L02%')));

/** `select concept_id from concept where ATC L01/L02`: the classification concepts of antineoplastic drugs. */
export function antineoplasticAtcQuery(): QueryNode {
  return select([col('concept_id', 'a')], table('concept', 'a'), and(eq(col('vocabulary_id', 'a'), param('ATC')), isL01orL02(col('concept_code', 'a'))));
}

/** `select descendant_concept_id …`: the drug concepts (not ATC) under an antineoplastic ATC class. */
export function antineoplasticDrugQuery(): QueryNode {
  return select([col('descendant_concept_id', 'ca')], table('concept_ancestor', 'ca'), inQuery(col('ancestor_concept_id', 'ca'), antineoplasticAtcQuery()));
}

/**
 * A drug exposure row is antineoplastic when its drug concept is under ATC L01/L02 or its source concept is an
 * L01/L02 ATC concept (supportive drugs, antiemetics and growth factors, are outside both).
 */
export function isAntineoplasticExposure(alias: string): ExpressionNode {
  return or(inQuery(col('drug_concept_id', alias), antineoplasticDrugQuery()), inQuery(col('drug_source_concept_id', alias), antineoplasticAtcQuery()));
}

/**
 * Reads the antineoplastic drugs of the vocabulary (three small queries). The class of a drug concept is that of
 * its most specific ATC class (the longest code: an ingredient is under L01ED01 'targeted' and under L01 'other').
 */
export async function readAntineoplasticDrugs(session: Pick<WarehouseSession, 'query'>): Promise<AntineoplasticDrugs> {
  const atcRows = await session.query<{ concept_id: number; concept_code: string; name: string }>(
    select([col('concept_id', 'a'), col('concept_code', 'a'), as(fn('lower', col('concept_name', 'a')), 'name')], table('concept', 'a'), and(eq(col('vocabulary_id', 'a'), param('ATC')), isL01orL02(col('concept_code', 'a')))),
  );
  const atc = new Map<number, DrugInfo>();
  const atcCode = new Map<number, string>();
  for (const r of atcRows) {
    atcCode.set(r.concept_id, r.concept_code);
    const drugClass = classifyAntineoplastic(r.concept_code);
    if (drugClass !== undefined) atc.set(r.concept_id, { names: [r.name], drugClass });
  }

  const under = await session.query<{ drug_id: number; atc_id: number; name: string; concept_class_id: string }>(
    select(
      [as(col('descendant_concept_id', 'ca'), 'drug_id'), as(col('ancestor_concept_id', 'ca'), 'atc_id'), as(fn('lower', col('concept_name', 'd')), 'name'), col('concept_class_id', 'd')],
      table('concept_ancestor', 'ca'),
      and(inQuery(col('ancestor_concept_id', 'ca'), antineoplasticAtcQuery()), ne(col('vocabulary_id', 'd'), param('ATC'))),
      { joins: [innerJoin(table('concept', 'd'), eq(col('concept_id', 'd'), col('descendant_concept_id', 'ca')))] },
    ),
  );
  // Ingredients of the drugs that are not ingredients themselves (clinical and branded drugs of a full vocabulary).
  const ingredientRows = await session.query<{ drug_id: number; name: string }>(
    select(
      [as(col('descendant_concept_id', 'ca'), 'drug_id'), as(fn('lower', col('concept_name', 'i')), 'name')],
      table('concept_ancestor', 'ca'),
      and(eq(col('concept_class_id', 'i'), param('Ingredient')), ne(col('descendant_concept_id', 'ca'), col('ancestor_concept_id', 'ca')), inQuery(col('descendant_concept_id', 'ca'), antineoplasticDrugQuery())),
      { joins: [innerJoin(table('concept', 'i'), eq(col('concept_id', 'i'), col('ancestor_concept_id', 'ca')))] },
    ),
  );
  const ingredients = new Map<number, Set<string>>();
  for (const r of ingredientRows) {
    let set = ingredients.get(r.drug_id);
    if (set === undefined) ingredients.set(r.drug_id, (set = new Set()));
    set.add(r.name);
  }

  const deepest = new Map<number, { code: string; name: string; ingredient: boolean }>();
  for (const r of under) {
    const code = atcCode.get(r.atc_id) ?? '';
    const known = deepest.get(r.drug_id);
    if (known === undefined || code.length > known.code.length) deepest.set(r.drug_id, { code, name: r.name, ingredient: r.concept_class_id === 'Ingredient' });
  }
  const drugs = new Map<number, DrugInfo>();
  for (const [drugId, d] of deepest) {
    const drugClass = classifyAntineoplastic(d.code);
    if (drugClass === undefined) continue;
    const names = d.ingredient ? [d.name] : [...(ingredients.get(drugId) ?? new Set([d.name]))].sort();
    drugs.set(drugId, { names, drugClass });
  }
  return { atc, drugs };
}
