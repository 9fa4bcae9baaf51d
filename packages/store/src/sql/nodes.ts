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

/** Literals the compiler writes inline: only numbers it produced itself or keywords, never user text. */
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
  readonly list: readonly ExpressionNode[] | SelectNode;
  readonly negated?: boolean;
}

/**
 * Function names come from this closed list, never from user input: the list is the portable subset the two
 * dialects agree on (or that the compiler translates).
 */
export const SQL_FUNCTIONS = ['count', 'sum', 'min', 'max', 'avg', 'coalesce', 'lower', 'upper', 'abs', 'round', 'length', 'nullif'] as const;
export type SqlFunctionName = (typeof SQL_FUNCTIONS)[number];

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
  | RawNode
  | SelectNode;

export interface TableRefNode {
  readonly kind: 'table';
  readonly name: string;
  readonly schema?: string;
  readonly alias?: string;
}

export interface JoinNode {
  readonly kind: 'join';
  readonly type: 'inner' | 'left';
  readonly table: TableRefNode;
  readonly on: ExpressionNode;
}

export interface SelectItem {
  readonly expression: ExpressionNode;
  readonly alias?: string;
}

export interface OrderItem {
  readonly expression: ExpressionNode;
  readonly direction?: 'asc' | 'desc';
}

export interface SelectNode {
  readonly kind: 'select';
  readonly distinct?: boolean;
  readonly columns: readonly SelectItem[];
  readonly from?: TableRefNode;
  readonly joins?: readonly JoinNode[];
  readonly where?: ExpressionNode;
  readonly groupBy?: readonly ExpressionNode[];
  readonly having?: ExpressionNode;
  readonly orderBy?: readonly OrderItem[];
  readonly limit?: number;
  readonly offset?: number;
}

export interface UnionNode {
  readonly kind: 'union';
  readonly all: boolean;
  readonly queries: readonly SelectNode[];
}

export interface InsertNode {
  readonly kind: 'insert';
  readonly table: TableRefNode;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly ExpressionNode[])[];
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
  | DropTableNode
  | CreateIndexNode
  | CreateSchemaNode
  | RawNode;

export type SqlNode = StatementNode | ExpressionNode | TableRefNode;
