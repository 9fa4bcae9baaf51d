import { AppError } from '@parcours/core';
import {
  as,
  col,
  createTempTableAs,
  fn,
  inList,
  insertSelect,
  literal,
  param,
  select,
  table,
  type InsertNode,
  type Warehouse,
  type WarehouseSession,
} from '@parcours/store';
import { type CohortDefinition } from '../definition/cohort-definition.js';
import { type CohortLibrary, resolveCohort } from '../definition/cohort-library.js';
import { type CohortSource, definitionError } from '../definition/definition-issue.js';
import { validateCohortDefinition } from '../definition/parse-cohort-definition.js';
import { type CompiledCohort, attritionQuery, compileCohort, conceptSetMembersQuery, membersQuery, vocabularyCheckQuery } from '../compile/compile-cohort.js';
import { countLines } from '../lines/read-lines.js';

export interface CohortRunOptions {
  /** Where the cohorts a combination names are found (the definition's folder for the command line). */
  readonly library?: CohortLibrary;
  /** Called after each step with its name (a CTE of the chain, 'attrition', 'members') and duration. */
  readonly onStep?: (step: { readonly name: string; readonly seconds: number }) => void;
}

/** Patients remaining after a rule (the first row: with an index event). */
export interface AttritionRow {
  readonly rule: string;
  readonly description?: string;
  readonly remaining: number;
}

export interface ArmResult {
  readonly id: string;
  readonly name: string;
  readonly cohortDefinitionId: number;
  readonly count: number;
}

export interface CohortRunResult {
  readonly cohortDefinitionId: number;
  /** Patients in the cohort. */
  readonly count: number;
  readonly attrition: readonly AttritionRow[];
  readonly arms: readonly ArmResult[];
}

/**
 * Runs a cohort on a warehouse: checks its codes against the warehouse's vocabulary, computes its index events and
 * the events left after each inclusion rule, and writes the members to OMOP's `cohort` table with a
 * `cohort_definition` row — and one more of each per arm, named `<id>/<arm>` — replacing the rows of an earlier
 * run, in one transaction (docs/cohorts.md).
 *
 * @example
 * const result = await runCohort(warehouse, await readCohortDefinition('cohorts/ros1-nsclc-advanced.yaml'), { library: cohortFolder('cohorts') });
 * // { cohortDefinitionId: 1, count: 438, attrition: [{ rule: 'entry', remaining: 181084 }, { rule: 'adult', remaining: 160270 }, ...], arms: [...] }
 */
export async function runCohort(warehouse: Warehouse, cohort: CohortSource | CohortDefinition, options: CohortRunOptions = {}): Promise<CohortRunResult> {
  const source = 'lineOf' in cohort ? cohort : validateCohortDefinition(cohort);
  const resolved = await resolveCohort(source, options.library);
  const unresolved = compileCohort(resolved);
  await checkVocabulary(warehouse, unresolved);
  if (unresolved.readsLines && (await countLines(warehouse)) === 0) {
    throw new AppError('conflict', 'this cohort reads lines of therapy and the warehouse has none', { details: { hint: 'derive them first: parcours lines (deriveAndWriteLines)' } });
  }
  // Compiled again with the concept sets' ids, read once: the stages then filter on bound ids.
  const compiled = compileCohort(resolved, { conceptSets: await readConceptSets(warehouse, unresolved) });
  return warehouse.transaction((tx) => writeCohort(tx, compiled, options.onStep));
}

/** The concept ids of each concept set of a compiled cohort, by CTE name. */
export async function readConceptSets(warehouse: Pick<WarehouseSession, 'query'>, compiled: CompiledCohort): Promise<Map<string, number[]>> {
  const ids = new Map<string, number[]>(compiled.conceptSets.map((name) => [name, []]));
  const query = conceptSetMembersQuery(compiled);
  if (query === undefined) return ids;
  for (const row of await warehouse.query<{ k: number; concept_id: number }>(query)) ids.get(compiled.conceptSets[row.k]!)?.push(row.concept_id);
  for (const list of ids.values()) list.sort((a, b) => a - b);
  return ids;
}

/** Fails with the path (and file:line) of every code the warehouse's vocabulary does not know, or set it empties. */
export async function checkVocabulary(warehouse: Pick<WarehouseSession, 'query'>, compiled: CompiledCohort): Promise<void> {
  const query = vocabularyCheckQuery(compiled);
  if (query === undefined) return;
  const rows = await warehouse.query<{ k: number; n: bigint | number }>(query);
  const found = new Map(rows.map((r) => [r.k, Number(r.n)]));
  const missing = compiled.checks.filter((_, k) => (found.get(k) ?? 0) === 0);
  // A set whose code is unknown is empty too: report the code only.
  const within = (path: string, set: string): boolean => path === set || path.startsWith(`${set}.`) || path.startsWith(`${set}[`);
  const failed = missing.filter((m) => m.kind !== 'set' || !missing.some((o) => o.kind !== 'set' && o.source === m.source && within(o.path, m.path)));
  if (failed.length === 0) return;
  const first = failed[0]!;
  // Problems of the first failing file, located; a combination may fail in several files, one at a time.
  throw definitionError(
    failed.filter((f) => f.source === first.source).map((f) => ({ path: f.path, message: f.message })),
    first.source,
  );
}

async function writeCohort(tx: WarehouseSession, compiled: CompiledCohort, onStep: CohortRunOptions['onStep']): Promise<CohortRunResult> {
  let clock = performance.now();
  const step = (name: string): void => {
    const now = performance.now();
    onStep?.({ name, seconds: (now - clock) / 1000 });
    clock = now;
  };
  const { definition } = compiled;
  const names = [definition.id, ...compiled.arms.map((a) => `${definition.id}/${a.id}`)];
  const ids = await cohortDefinitionIds(tx, names);
  const idOf = (name: string): number => ids.get(name)!;
  await tx.execute({ kind: 'delete', table: table('cohort'), where: inList(col('cohort_definition_id'), [...ids.values()]) });
  await tx.execute({ kind: 'delete', table: table('cohort_definition'), where: inList(col('cohort_definition_id'), [...ids.values()]) });
  await tx.execute(cohortDefinitionRows(compiled, idOf));
  step('cohort_definition');

  // Each CTE becomes a temporary table of the same name, in order: every stage is computed once, on the survivors of
  // the stage before, and the engine plans the next one knowing their true size. A temporary table shadows any
  // warehouse table of its name, so the drops below can only reach ours. On failure the transaction's rollback
  // removes them (DDL is transactional on both engines); a DROP there would fail on PostgreSQL's aborted transaction
  // and hide the error.
  for (const stage of compiled.ctes) {
    await tx.execute(createTempTableAs(stage.name, stage.query));
    step(stage.name);
  }
  const [counts] = await tx.query<Record<string, bigint | number>>(attritionQuery(compiled, MATERIALIZED));
  step('attrition');
  const n = (column: string): number => Number(counts?.[column] ?? 0);
  await tx.execute(insertSelect(table('cohort'), COHORT_COLUMNS, membersQuery(compiled, idOf(definition.id), MATERIALIZED)));
  for (const arm of compiled.arms) await tx.execute(insertSelect(table('cohort'), COHORT_COLUMNS, membersQuery(compiled, idOf(`${definition.id}/${arm.id}`), { ...MATERIALIZED, arm })));
  step('members');
  for (const stage of [...compiled.ctes].reverse()) await tx.execute({ kind: 'dropTable', table: table(stage.name) });
  const attrition: AttritionRow[] = [{ rule: 'entry', description: compiled.entry, remaining: n('entry') }];
  compiled.rules.forEach((rule, k) => attrition.push({ rule: rule.name, ...(rule.description === undefined ? {} : { description: rule.description }), remaining: n(`rule_${k + 1}`) }));
  return {
    cohortDefinitionId: idOf(definition.id),
    count: attrition[attrition.length - 1]!.remaining,
    attrition,
    arms: compiled.arms.map((a, k) => ({ id: a.id, name: a.name, cohortDefinitionId: idOf(`${definition.id}/${a.id}`), count: n(`arm_${k + 1}`) })),
  };
}

const MATERIALIZED = { materialized: true } as const;
const COHORT_COLUMNS = ['cohort_definition_id', 'subject_id', 'cohort_start_date', 'cohort_end_date'];

/**
 * The cohort_definition_id of each name: the one an earlier run used, else new ids after the largest in use, so
 * that a study's references stay valid across runs.
 */
async function cohortDefinitionIds(tx: WarehouseSession, names: readonly string[]): Promise<Map<string, number>> {
  const existing = await tx.query<{ cohort_definition_id: number; cohort_definition_name: string }>(
    select([col('cohort_definition_id'), col('cohort_definition_name')], table('cohort_definition'), inList(col('cohort_definition_name'), names)),
  );
  const ids = new Map(existing.map((r) => [r.cohort_definition_name, r.cohort_definition_id]));
  const [top] = await tx.query<{ n: number | null }>(select([as(fn('max', col('cohort_definition_id')), 'n')], table('cohort_definition')));
  let next = (top?.n ?? 0) + 1;
  for (const name of names) if (!ids.has(name)) ids.set(name, next++);
  return ids;
}

/** cohort_definition rows: the cohort, then each arm; the syntax column keeps the definition as JSON. */
function cohortDefinitionRows(compiled: CompiledCohort, idOf: (name: string) => number): InsertNode {
  const { definition } = compiled;
  const row = (name: string, description: string, syntax: unknown) => [
    param(idOf(name), 'integer'),
    param(name.slice(0, 255), 'varchar'),
    param(description, 'varchar'),
    // OMOP has no concept for "defined by a Parcours cohort language file" nor for the person table here: 0.
    literal(0),
    param(JSON.stringify(syntax), 'varchar'),
    literal(0),
    param(null, 'date'),
  ];
  return {
    kind: 'insert',
    table: table('cohort_definition'),
    columns: ['cohort_definition_id', 'cohort_definition_name', 'cohort_definition_description', 'definition_type_concept_id', 'cohort_definition_syntax', 'subject_concept_id', 'cohort_initiation_date'],
    rows: [
      row(definition.id, [definition.name, definition.description].filter(Boolean).join('\n\n'), definition),
      ...compiled.arms.map((a, i) => row(`${definition.id}/${a.id}`, [`${definition.name}: ${a.name}`, a.description].filter(Boolean).join('\n\n'), { parcours: definition.parcours, cohort: definition.id, arm: definition.arms?.[i] })),
    ],
  };
}
