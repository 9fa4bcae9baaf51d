/**
 * The SQL syntax tree. Every query the store runs is a tree of these nodes, compiled per dialect by
 * `compileQuery`: identifiers are quoted by the compiler and values always travel as bound parameters, so no user
 * value is ever spliced into SQL text. Nodes are plain readonly objects (easy to build, compare and test).
 */

export type SqlValue = string | number | bigint | boolean | null;

/** A column or table name; `table` qualifies a column (`"m"."person_id"`). */
export interface IdentifierNode {
  readonly kind: 'identifier';
  readonly name: string;
  readonly table?: string;
}

export interface ParameterNode {
  readonly kind: 'parameter';
  readonly value: SqlValue;
  /** Cast the placeholder, e.g. `$1::date`: engines cannot always infer a parameter's type. */
  readonly cast?: SqlCastType;
}

/**
 * Literals the compiler writes inline: finite numbers, booleans and NULL that are constants of the query itself
 * (`select 1`, a `lag` offset), never user text and never a value from outside (that is a `ParameterNode`).
 */
export interface LiteralNode {
  readonly kind: 'literal';
  readonly value: number | boolean | null;
}

export interface StarNode {
  readonly kind: 'star';
  readonly table?: string;
}

export const BINARY_OPERATORS = ['=', '<>', '<', '<=', '>', '>=', '+', '-', '*', '/', 'and', 'or', 'like', 'is', 'is not'] as const;
export type BinaryOperator = (typeof BINARY_OPERATORS)[number];

export interface BinaryNode {
  readonly kind: 'binary';
  readonly operator: BinaryOperator;
  readonly left: ExpressionNode;
  readonly right: ExpressionNode;
}

export interface NotNode {
  readonly kind: 'not';
  readonly operand: ExpressionNode;
}

export interface InListNode {
  readonly kind: 'in';
  readonly operand: ExpressionNode;
  readonly list: readonly ExpressionNode[] | QueryNode;
  readonly negated?: boolean;
}

/**
 * Function names come from this closed list, never from user input: the list is the portable subset the two
 * dialects agree on (or that the compiler translates).
 */
export const SQL_FUNCTIONS = [
  'count', 'sum', 'min', 'max', 'avg', 'coalesce', 'lower', 'upper', 'abs', 'round', 'length', 'nullif',
  'greatest', 'least', 'make_date',
  'row_number', 'rank', 'dense_rank', 'lag', 'lead', 'first_value', 'last_value',
] as const;
export type SqlFunctionName = (typeof SQL_FUNCTIONS)[number];

/** Aggregates that can also run over a window (`sum(x) over (…)`). */
export const AGGREGATE_FUNCTIONS = ['count', 'sum', 'min', 'max', 'avg'] as const satisfies readonly SqlFunctionName[];

/** Functions that exist only over a window: the compiler refuses them without `over`. */
export const WINDOW_FUNCTIONS = ['row_number', 'rank', 'dense_rank', 'lag', 'lead', 'first_value', 'last_value'] as const satisfies readonly SqlFunctionName[];

export interface FunctionNode {
  readonly kind: 'function';
  readonly name: SqlFunctionName;
  readonly args: readonly ExpressionNode[];
  readonly distinct?: boolean;
}

export const SQL_CAST_TYPES = ['integer', 'bigint', 'double', 'varchar', 'date', 'timestamp'] as const;
export type SqlCastType = (typeof SQL_CAST_TYPES)[number];

export interface CastNode {
  readonly kind: 'cast';
  readonly operand: ExpressionNode;
  readonly type: SqlCastType;
}

/**
 * `fn(…) over (partition by … order by … [rows between … and …])`. The function is a window function or an
 * aggregate (without `distinct`: PostgreSQL has no distinct window aggregates).
 */
export interface WindowNode {
  readonly kind: 'window';
  readonly function: FunctionNode;
  readonly partitionBy?: readonly ExpressionNode[];
  readonly orderBy?: readonly OrderItem[];
  readonly frame?: WindowFrame;
}

/** Frame bounds: keywords from this closed list, or a row offset (a non-negative integer, written inline). */
export type FrameBound = 'unbounded preceding' | 'current row' | 'unbounded following' | { readonly preceding: number } | { readonly following: number };

export interface WindowFrame {
  readonly unit: 'rows' | 'range';
  readonly start: FrameBound;
  /** Omitted: the frame ends at the current row (SQL's `rows <start>`). */
  readonly end?: FrameBound;
}

/** `exists (select …)`, or `not exists` when negated. */
export interface ExistsNode {
  readonly kind: 'exists';
  readonly query: QueryNode;
  readonly negated?: boolean;
}

/** `operand between low and high` (both ends included), or `not between`. */
export interface BetweenNode {
  readonly kind: 'between';
  readonly operand: ExpressionNode;
  readonly low: ExpressionNode;
  readonly high: ExpressionNode;
  readonly negated?: boolean;
}

/**
 * Whole days from `start` to `end` (`end − start`) as an INTEGER on every engine; both sides are taken as dates
 * (a timestamp loses its time). PostgreSQL subtracts dates; DuckDB uses `date_diff('day', …)`, cast to INTEGER.
 */
export interface DateDiffDaysNode {
  readonly kind: 'dateDiffDays';
  readonly start: ExpressionNode;
  readonly end: ExpressionNode;
}

/** `date + days` → DATE on every engine (`days` may be negative; a bound number is cast to INTEGER). */
export interface AddDaysNode {
  readonly kind: 'addDays';
  readonly date: ExpressionNode;
  readonly days: ExpressionNode;
}

export const EXTRACT_FIELDS = ['year', 'month', 'day', 'quarter'] as const;
export type ExtractField = (typeof EXTRACT_FIELDS)[number];

/** `extract(year from date)` as an INTEGER on every engine (PostgreSQL returns NUMERIC, DuckDB BIGINT). */
export interface ExtractNode {
  readonly kind: 'extract';
  readonly field: ExtractField;
  readonly operand: ExpressionNode;
}

export interface CaseNode {
  readonly kind: 'case';
  readonly whens: readonly { readonly when: ExpressionNode; readonly then: ExpressionNode }[];
  readonly else?: ExpressionNode;
}

/** Raw SQL text with bound parameters, produced only by the `sql` template (text written by us, values bound). */
export interface RawNode {
  readonly kind: 'raw';
  readonly parts: readonly string[];
  readonly values: readonly (SqlValue | SqlNode)[];
}

export type ExpressionNode =
  | IdentifierNode
  | ParameterNode
  | LiteralNode
  | StarNode
  | BinaryNode
  | NotNode
  | InListNode
  | FunctionNode
  | CastNode
  | CaseNode
  | WindowNode
  | ExistsNode
  | BetweenNode
  | DateDiffDaysNode
  | AddDaysNode
  | ExtractNode
  | RawNode
  | SelectNode;

export interface TableRefNode {
  readonly kind: 'table';
  readonly name: string;
  readonly schema?: string;
  readonly alias?: string;
}

/** A sub-query in FROM or JOIN: `(select …) as "alias"`, optionally naming its columns (`as "t"("a", "b")`). */
export interface DerivedTableNode {
  readonly kind: 'derivedTable';
  readonly query: QueryNode;
  readonly alias: string;
  readonly columns?: readonly string[];
}

/** What FROM and JOIN accept: a table (or a CTE, by name) or a derived table. */
export type FromItemNode = TableRefNode | DerivedTableNode;

export const JOIN_TYPES = ['inner', 'left', 'right', 'full', 'cross'] as const;
export type JoinType = (typeof JOIN_TYPES)[number];

/** A join; `on` is required for every type but `cross`, which must not have one. */
export interface JoinNode {
  readonly kind: 'join';
  readonly type: JoinType;
  readonly table: FromItemNode;
  readonly on?: ExpressionNode;
}

export interface SelectItem {
  readonly expression: ExpressionNode;
  readonly alias?: string;
}

/**
 * `nulls` is omitted by default, and then the engines differ for `desc`: PostgreSQL puts NULLs first, DuckDB last
 * (both put them last for `asc`). Say `nulls` whenever the column can be NULL and the order matters.
 */
export interface OrderItem {
  readonly expression: ExpressionNode;
  readonly direction?: 'asc' | 'desc';
  readonly nulls?: 'first' | 'last';
}

/** A named query of a `with` clause; later CTEs and the main query read it by name: `table('first_line')`. */
export interface CteNode {
  readonly kind: 'cte';
  readonly name: string;
  readonly columns?: readonly string[];
  readonly query: QueryNode;
}

export interface SelectNode {
  readonly kind: 'select';
  readonly with?: readonly CteNode[];
  readonly distinct?: boolean;
  readonly columns: readonly SelectItem[];
  readonly from?: FromItemNode;
  readonly joins?: readonly JoinNode[];
  readonly where?: ExpressionNode;
  readonly groupBy?: readonly ExpressionNode[];
  readonly having?: ExpressionNode;
  readonly orderBy?: readonly OrderItem[];
  readonly limit?: number;
  readonly offset?: number;
}

export const SET_OPERATORS = ['union', 'intersect', 'except'] as const;
export type SetOperator = (typeof SET_OPERATORS)[number];

/**
 * A set operation over queries: `(q1) union (q2) …`, or `intersect` / `except` by `operator` (default `union`).
 * Every operand is parenthesized, so nesting reads as written whatever the engines' precedence.
 */
export interface UnionNode {
  readonly kind: 'union';
  readonly operator?: SetOperator;
  readonly all: boolean;
  readonly queries: readonly QueryNode[];
  readonly with?: readonly CteNode[];
}

/** What can stand where a query is expected: a select or a set operation (either may carry a `with`). */
export type QueryNode = SelectNode | UnionNode;

/** `insert into t (cols) values …` from `rows`, or `insert into t (cols) select …` from `query`: exactly one. */
export interface InsertNode {
  readonly kind: 'insert';
  readonly table: TableRefNode;
  readonly columns: readonly string[];
  readonly rows?: readonly (readonly ExpressionNode[])[];
  readonly query?: QueryNode;
}

export interface UpdateNode {
  readonly kind: 'update';
  readonly table: TableRefNode;
  readonly set: readonly { readonly column: string; readonly value: ExpressionNode }[];
  readonly where?: ExpressionNode;
}

export interface DeleteNode {
  readonly kind: 'delete';
  readonly table: TableRefNode;
  readonly where?: ExpressionNode;
}

/** Column types of the DDL: the OMOP logical types plus what Parcours' own tables need. */
export type DdlColumnType = 'integer' | 'bigint' | 'float' | 'date' | 'datetime' | 'varchar' | 'text' | 'boolean';

export interface ColumnDefinitionNode {
  readonly name: string;
  readonly type: DdlColumnType;
  readonly length?: number;
  readonly notNull: boolean;
}

export interface CreateTableNode {
  readonly kind: 'createTable';
  readonly table: TableRefNode;
  readonly columns: readonly ColumnDefinitionNode[];
  readonly primaryKey?: readonly string[];
  readonly ifNotExists?: boolean;
}

/**
 * `create [temporary] table t as select …`. A temporary table lives in the session that created it: on
 * PostgreSQL (a pool) create and read it inside one `transaction()`; it cannot be schema-qualified.
 */
export interface CreateTableAsNode {
  readonly kind: 'createTableAs';
  readonly table: TableRefNode;
  readonly query: QueryNode;
  readonly temporary?: boolean;
}

export interface DropTableNode {
  readonly kind: 'dropTable';
  readonly table: TableRefNode;
  readonly ifExists?: boolean;
}

export interface CreateIndexNode {
  readonly kind: 'createIndex';
  readonly name: string;
  readonly table: TableRefNode;
  readonly columns: readonly string[];
  readonly ifNotExists?: boolean;
}

/** `alter table t rename column a to b` (same syntax on both engines). */
export interface RenameColumnNode {
  readonly kind: 'renameColumn';
  readonly table: TableRefNode;
  readonly from: string;
  readonly to: string;
}

export interface CreateSchemaNode {
  readonly kind: 'createSchema';
  readonly name: string;
  readonly ifNotExists?: boolean;
}

export type StatementNode =
  | SelectNode
  | UnionNode
  | InsertNode
  | UpdateNode
  | DeleteNode
  | CreateTableNode
  | CreateTableAsNode
  | DropTableNode
  | CreateIndexNode
  | RenameColumnNode
  | CreateSchemaNode
  | RawNode;

export type SqlNode = StatementNode | ExpressionNode | TableRefNode | DerivedTableNode;
