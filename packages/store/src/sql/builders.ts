import type { TableSpec } from '@parcours/core';
import type {
  BinaryOperator,
  CastNode,
  CreateTableNode,
  ExpressionNode,
  FunctionNode,
  IdentifierNode,
  InListNode,
  ParameterNode,
  RawNode,
  SelectItem,
  SelectNode,
  SqlCastType,
  SqlFunctionName,
  SqlNode,
  SqlValue,
  TableRefNode,
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
export const lt = (l: ExpressionNode, r: ExpressionNode) => binary('<', l, r);
export const gte = (l: ExpressionNode, r: ExpressionNode) => binary('>=', l, r);
export const isNull = (e: ExpressionNode) => binary('is', e, { kind: 'literal', value: null });

/** `a and b and c`; `and()` of nothing is `true`. */
export function and(...terms: ExpressionNode[]): ExpressionNode {
  const [first, ...rest] = terms;
  if (first === undefined) return { kind: 'literal', value: true };
  return rest.reduce((acc, t) => binary('and', acc, t), first);
}

export const inList = (operand: ExpressionNode, values: readonly SqlValue[]): InListNode => ({
  kind: 'in',
  operand,
  list: values.map((v) => param(v)),
});

export const fn = (name: SqlFunctionName, ...args: ExpressionNode[]): FunctionNode => ({ kind: 'function', name, args });
export const count = (arg?: ExpressionNode): FunctionNode => fn('count', arg ?? star());
export const cast = (operand: ExpressionNode, type: SqlCastType): CastNode => ({ kind: 'cast', operand, type });
export const as = (expression: ExpressionNode, alias: string): SelectItem => ({ expression, alias });

export interface SelectOptions {
  readonly groupBy?: readonly ExpressionNode[];
  readonly orderBy?: SelectNode['orderBy'];
  readonly limit?: number;
  readonly joins?: SelectNode['joins'];
  readonly distinct?: boolean;
}

export function select(
  columns: readonly (ExpressionNode | SelectItem)[],
  from?: TableRefNode,
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
