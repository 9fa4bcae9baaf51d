import {
  and,
  as,
  binary,
  col,
  eq,
  except,
  inList,
  inQuery,
  innerJoin,
  or,
  param,
  select,
  table,
  union,
  type ExpressionNode,
  type FromItemNode,
  type QueryNode,
} from '@parcours/store';
import { type ConceptCode, parseConceptCode, subcategoryPattern } from '../definition/concept-code.js';
import { type CohortDefinition, type ConceptSetRef, type ConceptSetSpec } from '../definition/cohort-definition.js';
import { type CohortSource, type PathSegment, formatPath } from '../definition/definition-issue.js';

/** A code of a concept set, with where it was written. */
export interface LocatedCode {
  readonly code: ConceptCode;
  readonly path: string;
}

/** A concept set ready to compile: codes to include and exclude, with the path to report an empty set at. */
export interface ResolvedConceptSet {
  readonly include: readonly LocatedCode[];
  readonly exclude: readonly LocatedCode[];
  readonly descendants: boolean;
  readonly path: string;
}

/**
 * Something to verify against the warehouse's vocabulary before the cohort runs: `select count(*) from <from>
 * where <where>` must not be 0, or the definition is wrong at `path` (a code that matches no concept, a set
 * emptied by its exclusions).
 */
export interface VocabularyCheck {
  /** What is checked: a code, a gene symbol, or a whole concept set after its exclusions. */
  readonly kind: 'code' | 'gene' | 'set';
  readonly path: string;
  readonly message: string;
  readonly source: Pick<CohortSource, 'file' | 'lineOf'>;
  readonly from: FromItemNode;
  readonly where?: ExpressionNode;
}

/** Resolves a reference (a set name, a code, a list of codes) to the codes it stands for. */
export function resolveConceptSetRef(definition: CohortDefinition, ref: ConceptSetRef, at: readonly PathSegment[]): ResolvedConceptSet {
  const located = (texts: readonly string[], base: readonly PathSegment[]): LocatedCode[] => texts.map((t, i) => ({ code: parseConceptCode(t), path: formatPath([...base, i]) }));
  if (typeof ref !== 'string') return { include: located(ref, at), exclude: [], descendants: true, path: formatPath(at) };
  if (ref.includes(':')) return { include: [{ code: parseConceptCode(ref), path: formatPath(at) }], exclude: [], descendants: true, path: formatPath(at) };
  const declared = definition.conceptSets?.[ref];
  if (declared === undefined) throw new TypeError('unknown concept set (checked at parse time)');
  const base = ['conceptSets', ref];
  if (isCodeList(declared)) return { include: located(declared, base), exclude: [], descendants: true, path: formatPath(base) };
  return {
    include: located(declared.include, [...base, 'include']),
    exclude: located(declared.exclude ?? [], [...base, 'exclude']),
    descendants: declared.descendants ?? true,
    path: formatPath(base),
  };
}

function isCodeList(value: ConceptSetSpec | readonly string[]): value is readonly string[] {
  return Array.isArray(value);
}

/**
 * `concept.vocabulary_id = $v and (concept.concept_code in ($c1, $c2) [or concept_code like 'C34.%'])` for each
 * vocabulary, or-ed: the concepts the codes name (with their ICD subcategories by code when `subcategories`).
 */
export function codeMatch(codes: readonly ConceptCode[], alias: string, subcategories: boolean): ExpressionNode {
  const byVocabulary = new Map<string, ConceptCode[]>();
  for (const c of codes) byVocabulary.set(c.vocabulary, [...(byVocabulary.get(c.vocabulary) ?? []), c]);
  return or(
    ...[...byVocabulary].map(([vocabulary, list]) => {
      const exact = inList(col('concept_code', alias), [...new Set(list.map((c) => c.code))]);
      const patterns = subcategories ? list.map(subcategoryPattern).filter((p): p is string => p !== null) : [];
      return and(eq(col('vocabulary_id', alias), param(vocabulary)), patterns.length === 0 ? exact : or(exact, ...patterns.map((p) => binary('like', col('concept_code', alias), param(p)))));
    }),
  );
}

/**
 * The query of a concept set: the concepts its codes name, with their descendants through concept_ancestor (and
 * ICD subcategories by code) when asked, minus the excluded codes and theirs.
 *
 * @example
 * // ICD10:C34 with descendants, compiled:
 * // (select "c"."concept_id" from "concept" as "c" where (("c"."vocabulary_id" = $1) and (("c"."concept_code" in ($2)) or ("c"."concept_code" like $3))))
 * // union (select "ca"."descendant_concept_id" as "concept_id" from "concept_ancestor" as "ca" join "concept" as "c" on ... where ...)
 */
export function conceptSetQuery(set: ResolvedConceptSet): QueryNode {
  const members = (codes: readonly LocatedCode[]): QueryNode => {
    const plain = codes.map((c) => c.code);
    const direct = select([col('concept_id', 'c')], table('concept', 'c'), codeMatch(plain, 'c', set.descendants));
    if (!set.descendants) return direct;
    const below = select([as(col('descendant_concept_id', 'ca'), 'concept_id')], table('concept_ancestor', 'ca'), codeMatch(plain, 'c', false), {
      joins: [innerJoin(table('concept', 'c'), eq(col('concept_id', 'c'), col('ancestor_concept_id', 'ca')))],
    });
    return union(direct, below);
  };
  const included = members(set.include);
  return set.exclude.length === 0 ? included : except(included, members(set.exclude));
}

/** The key under which identical concept sets share one CTE. */
export function conceptSetKey(set: ResolvedConceptSet): string {
  const codes = (list: readonly LocatedCode[]): string[] => [...new Set(list.map((c) => `${c.code.vocabulary}\u0000${c.code.code}`))].sort();
  return JSON.stringify([codes(set.include), codes(set.exclude), set.descendants]);
}

/** `expr in (select concept_id from <set>)`. */
export function inConceptSet(expression: ExpressionNode, cteName: string): ExpressionNode {
  return inQuery(expression, select([col('concept_id')], table(cteName)));
}

