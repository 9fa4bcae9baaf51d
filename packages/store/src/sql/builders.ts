import type { TableSpec } from '@parcours/core';
import type {
  AddDaysNode,
  BetweenNode,
  BinaryOperator,
  CaseNode,
  CastNode,
  CreateTableAsNode,
  CreateTableNode,
  CteNode,
  DateDiffDaysNode,
  DerivedTableNode,
  ExistsNode,
  ExpressionNode,
  ExtractField,
  ExtractNode,
  FromItemNode,
  FunctionNode,
  IdentifierNode,
  InListNode,
  InsertNode,
  JoinNode,
  LiteralNode,
  OrderItem,
  ParameterNode,
  QueryNode,
  RawNode,
  SelectItem,
  SelectNode,
  SetOperator,
  SqlCastType,
  SqlFunctionName,
  SqlNode,
  SqlValue,
  TableRefNode,
  UnionNode,
  WindowFrame,
  WindowNode,
} from './nodes.js';

/**
 * Small constructors for the syntax tree, so that queries read like SQL.
 *
 * @example
 * select([col('gender_concept_id'), as(count(), 'n')], table('person'), undefined, { groupBy: [col('gender_concept_id')] })
 */
export const table = (name: string, alias?: string, schema?: string): TableRefNode => ({
  kind: 'table',
  name,
  ...(alias === undefined ? {} : { alias }),
  ...(schema === undefined ? {} : { schema }),
});

export const col = (name: string, tableAlias?: string): IdentifierNode => ({
  kind: 'identifier',
  name,
  ...(tableAlias === undefined ? {} : { table: tableAlias }),
});

/** A bound value: the only way a value from outside reaches SQL. */
export const param = (value: SqlValue, cast?: SqlCastType): ParameterNode => ({
  kind: 'parameter',
  value,
  ...(cast === undefined ? {} : { cast }),
});

export const star = (tableAlias?: string): ExpressionNode => ({ kind: 'star', ...(tableAlias === undefined ? {} : { table: tableAlias }) });

export const binary = (operator: BinaryOperator, left: ExpressionNode, right: ExpressionNode): ExpressionNode => ({
  kind: 'binary',
  operator,
  left,
  right,
});
export const eq = (l: ExpressionNode, r: ExpressionNode) => binary('=', l, r);
export const ne = (l: ExpressionNode, r: ExpressionNode) => binary('<>', l, r);
export const lt = (l: ExpressionNode, r: ExpressionNode) => binary('<', l, r);
export const lte = (l: ExpressionNode, r: ExpressionNode) => binary('<=', l, r);
export const gt = (l: ExpressionNode, r: ExpressionNode) => binary('>', l, r);
export const gte = (l: ExpressionNode, r: ExpressionNode) => binary('>=', l, r);
export const isNull = (e: ExpressionNode) => binary('is', e, { kind: 'literal', value: null });
export const isNotNull = (e: ExpressionNode) => binary('is not', e, { kind: 'literal', value: null });
export const not = (operand: ExpressionNode): ExpressionNode => ({ kind: 'not', operand });

/** `a and b and c`; `and()` of nothing is `true`. */
export function and(...terms: ExpressionNode[]): ExpressionNode {
  const [first, ...rest] = terms;
  if (first === undefined) return { kind: 'literal', value: true };
  return rest.reduce((acc, t) => binary('and', acc, t), first);
}

/** `a or b or c`; `or()` of nothing is `false`. */
export function or(...terms: ExpressionNode[]): ExpressionNode {
  const [first, ...rest] = terms;
  if (first === undefined) return { kind: 'literal', value: false };
  return rest.reduce((acc, t) => binary('or', acc, t), first);
}

export const inList = (operand: ExpressionNode, values: readonly SqlValue[]): InListNode => ({
  kind: 'in',
  operand,
  list: values.map((v) => param(v)),
});

/** `operand not in ($1, $2)` from values, or `operand not in (select …)`. With a sub-query, one NULL in its result
 * makes `not in` match nothing (SQL's three-valued logic, on every engine): prefer `notExists` for cohorts. */
export const notIn = (operand: ExpressionNode, values: readonly SqlValue[] | QueryNode): InListNode => ({
  kind: 'in',
  operand,
  list: isQueryNode(values) ? values : values.map((v) => param(v)),
  negated: true,
});

/** `operand in (select …)`. */
export const inQuery = (operand: ExpressionNode, query: QueryNode): InListNode => ({ kind: 'in', operand, list: query });

function isQueryNode(value: readonly SqlValue[] | QueryNode): value is QueryNode {
  return !Array.isArray(value);
}

/** `exists (select …)`: `exists(select([literal(1)], table('death', 'd'), eq(col('person_id', 'd'), col('person_id', 'p'))))`. */
export const exists = (query: QueryNode): ExistsNode => ({ kind: 'exists', query });
export const notExists = (query: QueryNode): ExistsNode => ({ kind: 'exists', query, negated: true });

/** `operand between low and high`, both ends included: `between(col('drug_exposure_start_date'), param('2020-01-01', 'date'), param('2020-12-31', 'date'))`. */
export const between = (operand: ExpressionNode, low: ExpressionNode, high: ExpressionNode): BetweenNode => ({ kind: 'between', operand, low, high });
export const notBetween = (operand: ExpressionNode, low: ExpressionNode, high: ExpressionNode): BetweenNode => ({ kind: 'between', operand, low, high, negated: true });

/**
 * A number, boolean or NULL written into the SQL text. For constants of the query itself (a `lag` offset, `1` in
 * `exists (select 1 …)`), never for a value that comes from outside: those are `param`s.
 */
export function literal(value: number | boolean | null): LiteralNode {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite numeric literal');
  return { kind: 'literal', value };
}

/** `case when … then … [else …] end`: `caseWhen([[lt(col('age'), param(65)), param('<65')]], param('65+'))`. */
export const caseWhen = (whens: readonly (readonly [ExpressionNode, ExpressionNode])[], otherwise?: ExpressionNode): CaseNode => ({
  kind: 'case',
  whens: whens.map(([when, then]) => ({ when, then })),
  ...(otherwise === undefined ? {} : { else: otherwise }),
});

export const fn = (name: SqlFunctionName, ...args: ExpressionNode[]): FunctionNode => ({ kind: 'function', name, args });
export const count = (arg?: ExpressionNode): FunctionNode => fn('count', arg ?? star());
export const cast = (operand: ExpressionNode, type: SqlCastType): CastNode => ({ kind: 'cast', operand, type });
export const as = (expression: ExpressionNode, alias: string): SelectItem => ({ expression, alias });

/** `greatest(a, b, …)` / `least(…)`: NULL arguments are ignored on both engines (NULL only when all are). */
export const greatest = (...args: ExpressionNode[]): FunctionNode => fn('greatest', ...args);
export const least = (...args: ExpressionNode[]): FunctionNode => fn('least', ...args);

/** `make_date(year, month, day)` → DATE; the arguments are INTEGER expressions (PostgreSQL has no BIGINT form). */
export const makeDate = (year: ExpressionNode, month: ExpressionNode, day: ExpressionNode): FunctionNode => fn('make_date', year, month, day);

/** `extract(year from d)` as an INTEGER on both engines: `extract('year', col('drug_exposure_start_date'))`. */
export const extract = (field: ExtractField, operand: ExpressionNode): ExtractNode => ({ kind: 'extract', field, operand });

/**
 * Whole days from `start` to `end` (`end − start`, negative when `end` is earlier), INTEGER on both engines:
 * `dateDiffDays(col('drug_exposure_start_date'), col('death_date'))`.
 */
export const dateDiffDays = (start: ExpressionNode, end: ExpressionNode): DateDiffDaysNode => ({ kind: 'dateDiffDays', start, end });

/** `date + days` → DATE; a number is bound as a parameter: `addDays(col('drug_exposure_end_date'), 30)`. */
export const addDays = (date: ExpressionNode, days: ExpressionNode | number): AddDaysNode => ({
  kind: 'addDays',
  date,
  days: typeof days === 'number' ? param(days) : days,
});

// Order items and windows.

export const asc = (expression: ExpressionNode, nulls?: 'first' | 'last'): OrderItem => ({ expression, ...(nulls === undefined ? {} : { nulls }) });
export const desc = (expression: ExpressionNode, nulls?: 'first' | 'last'): OrderItem => ({ expression, direction: 'desc', ...(nulls === undefined ? {} : { nulls }) });

export interface WindowOptions {
  readonly partitionBy?: readonly ExpressionNode[];
  /** Expressions sort ascending; use `asc`/`desc` for a direction or a NULLS order. */
  readonly orderBy?: readonly (ExpressionNode | OrderItem)[];
  readonly frame?: WindowFrame;
}

/**
 * A window function call.
 *
 * @example
 * over(fn('row_number'), { partitionBy: [col('person_id')], orderBy: [col('drug_exposure_start_date')] })
 * // row_number() over (partition by "person_id" order by "drug_exposure_start_date")
 */
export function over(fn: FunctionNode, options: WindowOptions = {}): WindowNode {
  return {
    kind: 'window',
    function: fn,
    ...(options.partitionBy === undefined ? {} : { partitionBy: options.partitionBy }),
    ...(options.orderBy === undefined ? {} : { orderBy: options.orderBy.map((o) => ('expression' in o ? o : { expression: o })) }),
    ...(options.frame === undefined ? {} : { frame: options.frame }),
  };
}

/** `rows between <start> and <end>`: `rowsBetween('unbounded preceding', 'current row')`, `rowsBetween({ preceding: 1 }, { following: 1 })`. */
export const rowsBetween = (start: WindowFrame['start'], end: NonNullable<WindowFrame['end']>): WindowFrame => ({ unit: 'rows', start, end });

/** Window offsets (`lag(x, 2)`) are constants of the query, written inline: non-negative integers only. */
function offset(n: number): LiteralNode {
  if (!Number.isSafeInteger(n) || n < 0) throw new TypeError('a window offset must be a non-negative integer');
  return literal(n);
}

export const rowNumber = (): FunctionNode => fn('row_number');
export const rank = (): FunctionNode => fn('rank');
export const denseRank = (): FunctionNode => fn('dense_rank');
/** `lag(x, n[, default])`: the value `n` rows before in the window's order (NULL, or `fallback`, before the first). */
export const lag = (value: ExpressionNode, n = 1, fallback?: ExpressionNode): FunctionNode => fn('lag', value, offset(n), ...(fallback === undefined ? [] : [fallback]));
export const lead = (value: ExpressionNode, n = 1, fallback?: ExpressionNode): FunctionNode => fn('lead', value, offset(n), ...(fallback === undefined ? [] : [fallback]));
export const firstValue = (value: ExpressionNode): FunctionNode => fn('first_value', value);
/** Mind the default frame (up to the current row): give `rowsBetween('unbounded preceding', 'unbounded following')` for the partition's last value. */
export const lastValue = (value: ExpressionNode): FunctionNode => fn('last_value', value);

// Queries: CTEs, derived tables, joins, set operations.

/** A named query for `withQuery`; read it by name with `table('first_line')`. */
export const cte = (name: string, query: QueryNode, columns?: readonly string[]): CteNode => ({
  kind: 'cte',
  name,
  query,
  ...(columns === undefined ? {} : { columns }),
});

/**
 * Put a `with` clause in front of a query (appended to any it already has).
 *
 * @example
 * withQuery([cte('first_line', select([col('person_id')], table('drug_exposure')))], select([count()], table('first_line')))
 * // with "first_line" as (select "person_id" from "drug_exposure") select count(*) from "first_line"
 */
export function withQuery<Q extends QueryNode>(ctes: readonly CteNode[], query: Q): Q {
  return { ...query, with: [...(query.with ?? []), ...ctes] };
}

/** `(select …) as "alias"` for FROM or a join: `derivedTable(select(…), 'firsts')`. */
export const derivedTable = (query: QueryNode, alias: string, columns?: readonly string[]): DerivedTableNode => ({
  kind: 'derivedTable',
  query,
  alias,
  ...(columns === undefined ? {} : { columns }),
});

export const innerJoin = (item: FromItemNode, on: ExpressionNode): JoinNode => ({ kind: 'join', type: 'inner', table: item, on });
export const leftJoin = (item: FromItemNode, on: ExpressionNode): JoinNode => ({ kind: 'join', type: 'left', table: item, on });
export const rightJoin = (item: FromItemNode, on: ExpressionNode): JoinNode => ({ kind: 'join', type: 'right', table: item, on });
export const fullJoin = (item: FromItemNode, on: ExpressionNode): JoinNode => ({ kind: 'join', type: 'full', table: item, on });
export const crossJoin = (item: FromItemNode): JoinNode => ({ kind: 'join', type: 'cross', table: item });

const setOperation = (operator: SetOperator, all: boolean, queries: readonly QueryNode[]): UnionNode => {
  if (queries.length < 2) throw new TypeError(`${operator} needs at least two queries`);
  return { kind: 'union', operator, all, queries };
};
/** `(q1) union (q2) …` without duplicates; `unionAll` keeps them. */
export const union = (...queries: QueryNode[]): UnionNode => setOperation('union', false, queries);
export const unionAll = (...queries: QueryNode[]): UnionNode => setOperation('union', true, queries);
/** Rows in every query: `intersect(select([col('person_id')], table('a')), select([col('person_id')], table('b')))`. */
export const intersect = (...queries: QueryNode[]): UnionNode => setOperation('intersect', false, queries);
/** Rows of the first query absent from the others: `except(everyone, excluded)`. */
export const except = (...queries: QueryNode[]): UnionNode => setOperation('except', false, queries);

// Statements with a query source.

/** `insert into t (cols) select …`: `insertSelect(table('cohort'), ['cohort_definition_id', 'subject_id'], select(…))`. */
export const insertSelect = (target: TableRefNode, columns: readonly string[], query: QueryNode): InsertNode => ({ kind: 'insert', table: target, columns, query });

/** `CREATE [TEMPORARY] TABLE t AS select …`. */
export const createTableAs = (target: TableRefNode, query: QueryNode, options: { readonly temporary?: boolean } = {}): CreateTableAsNode => ({
  kind: 'createTableAs',
  table: target,
  query,
  ...(options.temporary === true ? { temporary: true } : {}),
});

/** `CREATE TEMPORARY TABLE name AS select …` — on PostgreSQL, use it inside one `transaction()` (one connection). */
export const createTempTableAs = (name: string, query: QueryNode): CreateTableAsNode => createTableAs(table(name), query, { temporary: true });

export interface SelectOptions {
  readonly groupBy?: readonly ExpressionNode[];
  readonly having?: ExpressionNode;
  readonly orderBy?: SelectNode['orderBy'];
  readonly limit?: number;
  readonly offset?: number;
  readonly joins?: SelectNode['joins'];
  readonly distinct?: boolean;
  readonly with?: SelectNode['with'];
}

export function select(
  columns: readonly (ExpressionNode | SelectItem)[],
  from?: FromItemNode,
  where?: ExpressionNode,
  options: SelectOptions = {},
): SelectNode {
  return {
    kind: 'select',
    columns: columns.map((c) => ('expression' in c ? c : { expression: c })),
    ...(from === undefined ? {} : { from }),
    ...(where === undefined ? {} : { where }),
    ...options,
  };
}

/**
 * The CREATE TABLE statement for a table described as typed data (OMOP's `isRequired` becomes NOT NULL).
 * Primary keys are not declared: like OHDSI's DDL, constraints are left out so that bulk loads stay fast.
 */
export function createTableFromSpec(spec: TableSpec, schema?: string): CreateTableNode {
  return {
    kind: 'createTable',
    table: table(spec.name, undefined, schema),
    ifNotExists: false,
    columns: spec.columns.map((c) => ({
      name: c.name,
      type: c.type,
      ...(c.length === undefined ? {} : { length: c.length }),
      notNull: c.required,
    })),
  };
}

/** Identifier marker for the `sql` template: `sql\`select * from ${sql.id('person')}\``. */
function id(name: string, tableAlias?: string): IdentifierNode {
  return col(name, tableAlias);
}

/**
 * Tagged template for SQL we write ourselves: the literal text is ours, every interpolated value is bound as a
 * parameter, and nodes (identifiers, sub-queries) are compiled in place. It cannot splice a string into the SQL text.
 *
 * @example sql`select count(*) as n from ${sql.id('person')} where year_of_birth < ${1950}`
 */
export function sql(strings: TemplateStringsArray, ...values: readonly (SqlValue | SqlNode)[]): RawNode {
  return { kind: 'raw', parts: [...strings], values };
}
sql.id = id;
