import { quoteIdentifier, type SqlDialect } from './dialect.js';
import {
  BINARY_OPERATORS,
  SQL_CAST_TYPES,
  SQL_FUNCTIONS,
  type ExpressionNode,
  type InListNode,
  type SelectNode,
  type SqlNode,
  type SqlValue,
  type TableRefNode,
} from './nodes.js';

/** SQL text for one engine and the values to bind to its placeholders, in order. */
export interface CompiledQuery {
  readonly sql: string;
  readonly parameters: readonly SqlValue[];
}

/**
 * Compile a syntax tree to one dialect's SQL.
 *
 * @example
 * compileQuery(select([col('person_id')], table('person'), eq(col('year_of_birth'), param(1950))), DUCKDB_DIALECT)
 * // { sql: 'select "person_id" from "person" where ("year_of_birth" = $1)', parameters: [1950] }
 */
export function compileQuery(node: SqlNode, dialect: SqlDialect): CompiledQuery {
  const parameters: SqlValue[] = [];
  const bind = (value: SqlValue): string => {
    parameters.push(value);
    return dialect.placeholder(parameters.length);
  };
  const sql = new Compiler(dialect, bind).node(node);
  return { sql, parameters };
}

function isSelect(list: InListNode['list']): list is SelectNode {
  return !Array.isArray(list) && (list as SelectNode).kind === 'select';
}

const binaryOperators = new Set<string>(BINARY_OPERATORS);
const functions = new Set<string>(SQL_FUNCTIONS);
const castTypes = new Set<string>(SQL_CAST_TYPES);

class Compiler {
  private readonly dialect: SqlDialect;
  private readonly bind: (value: SqlValue) => string;

  constructor(dialect: SqlDialect, bind: (value: SqlValue) => string) {
    this.dialect = dialect;
    this.bind = bind;
  }

  node(node: SqlNode): string {
    switch (node.kind) {
      case 'select': return this.select(node);
      case 'union': return node.queries.map((q) => `(${this.select(q)})`).join(node.all ? ' union all ' : ' union ');
      case 'insert': {
        const values = node.rows.map((row) => `(${row.map((e) => this.expression(e)).join(', ')})`).join(', ');
        return `insert into ${this.table(node.table)} (${node.columns.map(quoteIdentifier).join(', ')}) values ${values}`;
      }
      case 'update': {
        const set = node.set.map((s) => `${quoteIdentifier(s.column)} = ${this.expression(s.value)}`).join(', ');
        return `update ${this.table(node.table)} set ${set}${node.where ? ` where ${this.expression(node.where)}` : ''}`;
      }
      case 'delete':
        return `delete from ${this.table(node.table)}${node.where ? ` where ${this.expression(node.where)}` : ''}`;
      case 'createTable': {
        const columns = node.columns.map(
          (c) => `${quoteIdentifier(c.name)} ${this.dialect.columnType(c.type, c.length)}${c.notNull ? ' NOT NULL' : ''}`,
        );
        if (node.primaryKey && node.primaryKey.length > 0) columns.push(`PRIMARY KEY (${node.primaryKey.map(quoteIdentifier).join(', ')})`);
        return `CREATE TABLE ${node.ifNotExists ? 'IF NOT EXISTS ' : ''}${this.table(node.table)} (\n  ${columns.join(',\n  ')}\n)`;
      }
      case 'dropTable':
        return `DROP TABLE ${node.ifExists ? 'IF EXISTS ' : ''}${this.table(node.table)}`;
      case 'createIndex':
        return `CREATE INDEX ${node.ifNotExists ? 'IF NOT EXISTS ' : ''}${quoteIdentifier(node.name)} ON ${this.table(node.table)} (${node.columns.map(quoteIdentifier).join(', ')})`;
      case 'createSchema':
        return `CREATE SCHEMA ${node.ifNotExists ? 'IF NOT EXISTS ' : ''}${quoteIdentifier(node.name)}`;
      case 'table':
        return this.table(node);
      default:
        return this.expression(node);
    }
  }

  private table(ref: TableRefNode): string {
    const name = ref.schema === undefined ? quoteIdentifier(ref.name) : `${quoteIdentifier(ref.schema)}.${quoteIdentifier(ref.name)}`;
    return ref.alias === undefined ? name : `${name} as ${quoteIdentifier(ref.alias)}`;
  }

  private select(node: SelectNode): string {
    const parts = [`select ${node.distinct ? 'distinct ' : ''}${node.columns.map((c) => (c.alias === undefined ? this.expression(c.expression) : `${this.expression(c.expression)} as ${quoteIdentifier(c.alias)}`)).join(', ')}`];
    if (node.from) parts.push(`from ${this.table(node.from)}`);
    for (const join of node.joins ?? []) parts.push(`${join.type === 'left' ? 'left join' : 'join'} ${this.table(join.table)} on ${this.expression(join.on)}`);
    if (node.where) parts.push(`where ${this.expression(node.where)}`);
    if (node.groupBy && node.groupBy.length > 0) parts.push(`group by ${node.groupBy.map((e) => this.expression(e)).join(', ')}`);
    if (node.having) parts.push(`having ${this.expression(node.having)}`);
    if (node.orderBy && node.orderBy.length > 0) {
      parts.push(`order by ${node.orderBy.map((o) => `${this.expression(o.expression)}${o.direction === 'desc' ? ' desc' : ''}`).join(', ')}`);
    }
    if (node.limit !== undefined) parts.push(`limit ${this.integer(node.limit)}`);
    if (node.offset !== undefined) parts.push(`offset ${this.integer(node.offset)}`);
    return parts.join(' ');
  }

  /** LIMIT/OFFSET are written inline, so they must be true non-negative integers. */
  private integer(n: number): string {
    if (!Number.isSafeInteger(n) || n < 0) throw new TypeError('LIMIT/OFFSET must be a non-negative integer');
    return String(n);
  }

  private expression(node: ExpressionNode): string {
    switch (node.kind) {
      case 'identifier':
        return node.table === undefined ? quoteIdentifier(node.name) : `${quoteIdentifier(node.table)}.${quoteIdentifier(node.name)}`;
      case 'parameter': {
        const placeholder = this.bind(node.value);
        return node.cast === undefined ? placeholder : `cast(${placeholder} as ${this.cast(node.cast)})`;
      }
      case 'literal':
        if (node.value === null) return 'null';
        if (typeof node.value === 'boolean') return node.value ? 'true' : 'false';
        if (!Number.isFinite(node.value)) throw new TypeError('non-finite numeric literal');
        return String(node.value);
      case 'star':
        return node.table === undefined ? '*' : `${quoteIdentifier(node.table)}.*`;
      case 'binary':
        if (!binaryOperators.has(node.operator)) throw new TypeError('unknown SQL operator');
        return `(${this.expression(node.left)} ${node.operator} ${this.expression(node.right)})`;
      case 'not':
        return `(not ${this.expression(node.operand)})`;
      case 'in': {
        const list = isSelect(node.list) ? this.select(node.list) : node.list.map((e) => this.expression(e)).join(', ');
        return `(${this.expression(node.operand)} ${node.negated ? 'not in' : 'in'} (${list}))`;
      }
      case 'function':
        if (!functions.has(node.name)) throw new TypeError('unknown SQL function');
        return `${node.name}(${node.distinct ? 'distinct ' : ''}${node.args.map((a) => this.expression(a)).join(', ')})`;
      case 'cast':
        return `cast(${this.expression(node.operand)} as ${this.cast(node.type)})`;
      case 'case': {
        const whens = node.whens.map((w) => `when ${this.expression(w.when)} then ${this.expression(w.then)}`).join(' ');
        return `(case ${whens}${node.else ? ` else ${this.expression(node.else)}` : ''} end)`;
      }
      case 'raw': {
        let text = node.parts[0] ?? '';
        node.values.forEach((value, i) => {
          const isNode = value !== null && typeof value === 'object';
          text += (isNode ? this.node(value) : this.bind(value)) + (node.parts[i + 1] ?? '');
        });
        return text;
      }
      case 'select':
        return `(${this.select(node)})`;
    }
  }

  private cast(type: string): string {
    if (!castTypes.has(type)) throw new TypeError('unknown SQL cast type');
    return this.dialect.castType(type as (typeof SQL_CAST_TYPES)[number]);
  }
}
