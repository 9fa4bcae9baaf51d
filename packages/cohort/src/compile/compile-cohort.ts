import {
  and,
  as,
  col,
  cte,
  derivedTable,
  eq,
  except,
  exists,
  fn,
  inQuery,
  intersect,
  literal,
  param,
  select,
  table,
  union,
  unionAll,
  withQuery,
  type CteNode,
  type ExpressionNode,
  type FromItemNode,
  type FunctionNode,
  type QueryNode,
  type SelectNode,
} from '@parcours/store';
import { type CohortDefinition, type SetExpression } from '../definition/cohort-definition.js';
import { type ResolvedCohort } from '../definition/cohort-library.js';
import { formatPath } from '../definition/definition-issue.js';
import { CohortCompiler, SharedCtes, describeEntry } from './cohort-compiler.js';
import { type VocabularyCheck } from './concept-sets.js';

export interface CompiledRule {
  readonly name: string;
  readonly description?: string;
  readonly path: string;
  /** The CTE of the index events that pass this rule and every earlier one. */
  readonly stage: string;
}

export interface CompiledArm {
  /** The CTE of the members in the arm. */
  readonly stage: string;
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly path: string;
}

/**
 * A definition compiled to syntax-tree pieces (never SQL text): a chain of CTEs — concept sets, the index events,
 * one stage per inclusion rule (the events of the stage before that pass the rule, an exists(…) over the index
 * event), and the members with their end date and one boolean per arm — and the checks the warehouse's vocabulary
 * must pass first. Attrition counts the patients of each stage.
 */
export interface CompiledCohort {
  readonly definition: CohortDefinition;
  readonly ctes: readonly CteNode[];
  /** CTE of the index events (person_id, index_date). */
  readonly entryStage: string;
  /** The first attrition row's description. */
  readonly entry: string;
  readonly rules: readonly CompiledRule[];
  /** CTE of the members: person_id, index_date, end_date. */
  readonly members: string;
  readonly arms: readonly CompiledArm[];
  readonly checks: readonly VocabularyCheck[];
  /** The concept-set CTEs the checks read (a subset of `ctes`). */
  readonly vocabularyCtes: readonly CteNode[];
  /** Whether the cohort reads lines of therapy (episodes) for its entry, rules or arms. */
  readonly readsLines: boolean;
  /** Names of the concept-set CTEs (concept sets, genes, fusions) whose ids `conceptSetMembersQuery` reads. */
  readonly conceptSets: readonly string[];
}

/**
 * Compiles a definition (and the cohorts it combines) to CTEs. Every value of the definition is a bound
 * parameter; identifiers are the compiler's own.
 *
 * @example
 * const compiled = compileCohort(await resolveCohort(parseCohortDefinition(text)));
 * await warehouse.query(attritionQuery(compiled)); // [{ entry: 812n, rule_1: 640n, ... }]
 */
export function compileCohort(resolved: ResolvedCohort, options: CompileOptions = {}): CompiledCohort {
  const shared = new SharedCtes();
  const into: Accumulated = { ctes: [], sets: [], setNames: [], checks: [], resolution: options.conceptSets ?? new Map(), readsLines: false };
  const definition = resolved.source.definition;
  if (definition.combine === undefined) {
    const part = compileStages(resolved, '', shared, into);
    return { definition, ...part, ctes: [...shared.ctes, ...into.sets, ...into.ctes], checks: into.checks, vocabularyCtes: into.sets, conceptSets: into.setNames, readsLines: into.readsLines };
  }
  const members = compileCombination(resolved, '', shared, into);
  return {
    definition,
    ctes: [...shared.ctes, ...into.sets, ...into.ctes],
    entryStage: members,
    entry: describeCombination(definition.combine),
    rules: [],
    members,
    arms: [],
    checks: into.checks,
    vocabularyCtes: into.sets,
    conceptSets: into.setNames,
    readsLines: into.readsLines,
  };
}

export interface CompileOptions {
  /**
   * The concept ids of each concept-set CTE (by name), read from the warehouse with `conceptSetMembersQuery`: sets
   * are then written as lists of bound ids, which the engines filter inside table scans.
   */
  readonly conceptSets?: ReadonlyMap<string, readonly number[]>;
}

interface Accumulated {
  /** Stage CTEs, in order. */
  readonly ctes: CteNode[];
  /** Concept-set and gene CTEs (they come first: stages read them). */
  readonly sets: CteNode[];
  readonly checks: VocabularyCheck[];
  /** Names of the concept-set CTEs. */
  readonly setNames: string[];
  readonly resolution: ReadonlyMap<string, readonly number[]>;
  readsLines: boolean;
}

/** A definition with an entry event: index events, one stage per rule, members, one set per arm. */
function compileStages(resolved: ResolvedCohort, prefix: string, shared: SharedCtes, into: Accumulated): Pick<CompiledCohort, 'entryStage' | 'entry' | 'rules' | 'members' | 'arms'> {
  const { definition } = resolved.source;
  const compiler = new CohortCompiler(resolved.source, prefix, shared, into.resolution);
  if (definition.entry === undefined) throw new TypeError('a cohort without entry or combine (checked at parse time)');
  const stages: CteNode[] = [];

  compiler.beginStage('entry', null, definition.entry.line?.number);
  const index = compiler.indexEvents(definition.entry);
  const entryStage = `${prefix}index_event`;
  stages.push(...compiler.endStage(), cte(entryStage, index));

  // Each rule keeps the events of the stage before that satisfy it.
  let input = entryStage;
  const rules: CompiledRule[] = (definition.inclusion ?? []).map((rule, i) => {
    const stage = `${prefix}stage_${i + 1}`;
    compiler.beginStage(`stage_${i + 1}`, input);
    const passing = compiler.criterionSet(rule, ['inclusion', i], input);
    stages.push(...compiler.endStage(), cte(stage, passing));
    input = stage;
    return { name: rule.name, ...(rule.description === undefined ? {} : { description: rule.description }), path: formatPath(['inclusion', i]), stage };
  });

  const members = `${prefix}members`;
  compiler.beginStage('members', input);
  const withEnd = compiler.membersWithEnd(definition.exit, input);
  stages.push(...compiler.endStage(), cte(members, withEnd));

  // Every arm reads the members: one scope, so that their lines and line drugs are read once for all arms.
  compiler.beginStage('arms', members);
  const armSets = (definition.arms ?? []).map((arm, i) => cte(`${prefix}arm_${i + 1}`, compiler.criterionSet(arm, ['arms', i], members)));
  stages.push(...compiler.endStage(), ...armSets);
  const arms: CompiledArm[] = (definition.arms ?? []).map((arm, i) => ({
    stage: armSets[i]!.name,
    id: arm.id,
    name: arm.name ?? arm.id,
    ...(arm.description === undefined ? {} : { description: arm.description }),
    path: formatPath(['arms', i]),
  }));

  into.sets.push(...compiler.ctes);
  into.setNames.push(...compiler.setNames);
  into.ctes.push(...stages);
  into.checks.push(...compiler.checks);
  into.readsLines ||= compiler.readsLines;
  return { entryStage, entry: describeEntry(definition.entry), rules, members, arms };
}

/**
 * A combination as a members CTE `<prefix>members (person_id, index_date, end_date)`: persons from the set
 * operation over the cohorts' members, with the earliest start and the latest end among the cohorts that count for
 * them (every operand of a union or intersection, the first of a difference). Returns the CTE's name.
 */
function compileCombination(resolved: ResolvedCohort, prefix: string, shared: SharedCtes, into: Accumulated): string {
  const { combine } = resolved.source.definition;
  if (combine === undefined) throw new TypeError('not a combination');
  const compiled = new Map<string, string>();
  const membersOf = (id: string): string => {
    const found = compiled.get(id);
    if (found !== undefined) return found;
    const reference = resolved.references.get(id);
    if (reference === undefined) throw new TypeError('unresolved cohort reference');
    const sub = `${prefix}c${compiled.size + 1}_`;
    const name = reference.source.definition.combine === undefined ? compileStages(reference, sub, shared, into).members : compileCombination(reference, sub, shared, into);
    compiled.set(id, name);
    return name;
  };
  const persons = (e: string | SetExpression): QueryNode => {
    if (typeof e === 'string') return select([col('person_id')], table(membersOf(e)));
    const [operator, operands] = operation(e);
    const queries = operands.map(persons);
    return operator === 'union' ? union(...queries) : operator === 'intersection' ? intersect(...queries) : except(...queries);
  };
  const positive = (e: string | SetExpression): string[] => {
    if (typeof e === 'string') return [membersOf(e)];
    const [operator, operands] = operation(e);
    return operator === 'difference' ? positive(operands[0]!) : operands.flatMap(positive);
  };
  const who = persons(combine);
  const leaves = [...new Set(positive(combine))];
  const rows = leaves.map((m) => select([col('person_id'), col('index_date'), col('end_date')], table(m)));
  const from: FromItemNode = rows.length === 1 ? table(leaves[0]!, 'm') : derivedTable(unionAll(...rows), 'm');
  const name = `${prefix}members`;
  into.ctes.push(
    cte(
      name,
      select([col('person_id', 'm'), as(fn('min', col('index_date', 'm')), 'index_date'), as(fn('max', col('end_date', 'm')), 'end_date')], from, inQuery(col('person_id', 'm'), who), {
        groupBy: [col('person_id', 'm')],
      }),
    ),
  );
  return name;
}

function operation(e: SetExpression): ['union' | 'intersection' | 'difference', readonly (string | SetExpression)[]] {
  if ('union' in e) return ['union', e.union];
  if ('intersection' in e) return ['intersection', e.intersection];
  return ['difference', e.difference];
}

function describeCombination(e: SetExpression): string {
  const [operator, operands] = operation(e);
  return `${operator} of ${operands.map((o) => (typeof o === 'string' ? o : `(${describeCombination(o)})`)).join(', ')}`;
}

// Queries over the stages -----------------------------------------------------------------------------------------

/** How the queries read the stages: through their CTEs (one self-contained statement), or from tables of the same names. */
export interface StageReading {
  /** The stages were saved as (temporary) tables named like the CTEs: read those, without a `with` clause. */
  readonly materialized?: boolean;
}

const withStages = (compiled: CompiledCohort, query: QueryNode, reading: StageReading): QueryNode => (reading.materialized === true ? query : withQuery(compiled.ctes, query));

/** count(distinct person_id) of a stage (where `condition` holds). */
function patients(stage: string, condition?: ExpressionNode): SelectNode {
  const distinct: FunctionNode = { ...fn('count', col('person_id')), distinct: true };
  return select([distinct], table(stage), condition);
}

/**
 * One row: `entry` = patients with an index event, `rule_k` = patients whose events pass rules 1..k, `arm_k` =
 * members in arm k.
 *
 * @example
 * // with … select (select count(distinct "person_id") from "index_event") as "entry", (select count(distinct "person_id") from "stage_1") as "rule_1", …
 */
export function attritionQuery(compiled: CompiledCohort, reading: StageReading = {}): QueryNode {
  const columns = [
    as(patients(compiled.entryStage), 'entry'),
    ...compiled.rules.map((r, k) => as(patients(r.stage), `rule_${k + 1}`)),
    ...compiled.arms.map((a, k) => as(patients(a.stage), `arm_${k + 1}`)),
  ];
  return withStages(compiled, select(columns), reading);
}

/** The members with their end date. */
export function eventsQuery(compiled: CompiledCohort, reading: StageReading = {}): QueryNode {
  return withStages(compiled, select([col('person_id'), col('index_date'), col('end_date')], table(compiled.members)), reading);
}

/**
 * The cohort table rows of the members, or of one arm's members:
 * `select $id as cohort_definition_id, person_id as subject_id, index_date as cohort_start_date, end_date as cohort_end_date from members [where arm_k]`.
 */
export function membersQuery(compiled: CompiledCohort, cohortDefinitionId: number, options: StageReading & { readonly arm?: CompiledArm } = {}): QueryNode {
  const query = select(
    [as(param(cohortDefinitionId, 'integer'), 'cohort_definition_id'), as(col('person_id', 'm'), 'subject_id'), as(col('index_date', 'm'), 'cohort_start_date'), as(col('end_date', 'm'), 'cohort_end_date')],
    table(compiled.members, 'm'),
    options.arm === undefined ? undefined : exists(select([literal(1)], table(options.arm.stage, 'a'), and(eq(col('person_id', 'a'), col('person_id', 'm')), eq(col('index_date', 'a'), col('index_date', 'm'))))),
  );
  return withStages(compiled, query, options);
}

/**
 * One query counting, for every vocabulary check, the concepts it finds: rows `(k, n)`; a check with n = 0 is a
 * definition error at its path. Undefined when there is nothing to check.
 */
export function vocabularyCheckQuery(compiled: CompiledCohort): QueryNode | undefined {
  if (compiled.checks.length === 0) return undefined;
  const counts = compiled.checks.map((check, k) => select([as(param(k, 'integer'), 'k'), as(fn('count', literal(1)), 'n')], check.from, check.where));
  const all = counts.length === 1 ? counts[0]! : unionAll(...counts);
  return withQuery(compiled.vocabularyCtes, all);
}


/**
 * The concept ids of every concept set: rows `(k, concept_id)`, k indexing `compiled.conceptSets`. Undefined when
 * the definition has none.
 */
export function conceptSetMembersQuery(compiled: CompiledCohort): QueryNode | undefined {
  if (compiled.conceptSets.length === 0) return undefined;
  const members = compiled.conceptSets.map((name, k) => select([as(param(k, 'integer'), 'k'), col('concept_id')], table(name)));
  return withQuery(compiled.vocabularyCtes, members.length === 1 ? members[0]! : unionAll(...members));
}
