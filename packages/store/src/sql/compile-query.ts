import { quoteIdentifier, type SqlDialect } from './dialect.js';
import {
  AGGREGATE_FUNCTIONS,
  BINARY_OPERATORS,
  EXTRACT_FIELDS,
  JOIN_TYPES,
  SET_OPERATORS,
  SQL_CAST_TYPES,
  SQL_FUNCTIONS,
  WINDOW_FUNCTIONS,
  type AddDaysNode,
  type BetweenNode,
  type CreateTableAsNode,
  type CteNode,
  type DateDiffDaysNode,
  type DerivedTableNode,
  type ExistsNode,
  type ExpressionNode,
  type ExtractNode,
  type FrameBound,
  type FromItemNode,
  type FunctionNode,
  type InListNode,
  type InsertNode,
  type JoinNode,
  type OrderItem,
  type QueryNode,
  type SelectNode,
  type SqlNode,
  type SqlValue,
  type TableRefNode,
  type UnionNode,
  type WindowFrame,
  type WindowNode,
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

function isQuery(list: InListNode['list']): list is QueryNode {
  return !Array.isArray(list);
}

// Every keyword the compiler writes from a node field is checked against its closed list first, so a tree built
// from untyped input (JSON, a cast) cannot put text into the SQL.
const binaryOperators = new Set<string>(BINARY_OPERATORS);
const functions = new Set<string>(SQL_FUNCTIONS);
const windowOnlyFunctions = new Set<string>(WINDOW_FUNCTIONS);
const windowableFunctions = new Set<string>([...WINDOW_FUNCTIONS, ...AGGREGATE_FUNCTIONS]);
const castTypes = new Set<string>(SQL_CAST_TYPES);
const joinTypes = new Set<string>(JOIN_TYPES);
const setOperators = new Set<string>(SET_OPERATORS);
const extractFields = new Set<string>(EXTRACT_FIELDS);
const frameKeywords = new Set<string>(['unbounded preceding', 'current row', 'unbounded following']);

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
      case 'union': return this.setOperation(node);
      case 'insert': return this.insert(node);
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
      case 'createTableAs': return this.createTableAs(node);
      case 'dropTable':
        return `DROP TABLE ${node.ifExists ? 'IF EXISTS ' : ''}${this.table(node.table)}`;
      case 'createIndex':
        return `CREATE INDEX ${node.ifNotExists ? 'IF NOT EXISTS ' : ''}${quoteIdentifier(node.name)} ON ${this.table(node.table)} (${node.columns.map(quoteIdentifier).join(', ')})`;
      case 'renameColumn':
        return `ALTER TABLE ${this.table(node.table)} RENAME COLUMN ${quoteIdentifier(node.from)} TO ${quoteIdentifier(node.to)}`;
      case 'createSchema':
        return `CREATE SCHEMA ${node.ifNotExists ? 'IF NOT EXISTS ' : ''}${quoteIdentifier(node.name)}`;
      case 'table':
        return this.table(node);
      case 'derivedTable':
        return this.derivedTable(node);
      default:
        return this.expression(node);
    }
  }

  private table(ref: TableRefNode): string {
    const name = ref.schema === undefined ? quoteIdentifier(ref.name) : `${quoteIdentifier(ref.schema)}.${quoteIdentifier(ref.name)}`;
    return ref.alias === undefined ? name : `${name} as ${quoteIdentifier(ref.alias)}`;
  }

  /** `(select …) as "t"`, or `as "t" ("a", "b")` when the columns are named. */
  private derivedTable(node: DerivedTableNode): string {
    return `(${this.query(node.query)}) as ${quoteIdentifier(node.alias)}${this.columnList(node.columns)}`;
  }

  private fromItem(item: FromItemNode): string {
    return item.kind === 'derivedTable' ? this.derivedTable(item) : this.table(item);
  }

  private columnList(columns: readonly string[] | undefined): string {
    return columns === undefined || columns.length === 0 ? '' : ` (${columns.map(quoteIdentifier).join(', ')})`;
  }

  private query(node: QueryNode): string {
    return node.kind === 'select' ? this.select(node) : this.setOperation(node);
  }

  /** `with "a" as (…), "b" ("x") as (…) ` — empty when there is no CTE. */
  private withClause(ctes: readonly CteNode[] | undefined): string {
    if (ctes === undefined || ctes.length === 0) return '';
    return `with ${ctes.map((c) => `${quoteIdentifier(c.name)}${this.columnList(c.columns)} as (${this.query(c.query)})`).join(', ')} `;
  }

  private select(node: SelectNode): string {
    const parts = [`${this.withClause(node.with)}select ${node.distinct ? 'distinct ' : ''}${node.columns.map((c) => (c.alias === undefined ? this.expression(c.expression) : `${this.expression(c.expression)} as ${quoteIdentifier(c.alias)}`)).join(', ')}`];
    if (node.from) parts.push(`from ${this.fromItem(node.from)}`);
    for (const join of node.joins ?? []) parts.push(this.join(join));
    if (node.where) parts.push(`where ${this.expression(node.where)}`);
    if (node.groupBy && node.groupBy.length > 0) parts.push(`group by ${node.groupBy.map((e) => this.expression(e)).join(', ')}`);
    if (node.having) parts.push(`having ${this.expression(node.having)}`);
    if (node.orderBy && node.orderBy.length > 0) parts.push(`order by ${this.orderBy(node.orderBy)}`);
    if (node.limit !== undefined) parts.push(`limit ${this.integer(node.limit)}`);
    if (node.offset !== undefined) parts.push(`offset ${this.integer(node.offset)}`);
    return parts.join(' ');
  }

  private join(join: JoinNode): string {
    if (!joinTypes.has(join.type)) throw new TypeError('unknown SQL join type');
    const keyword = join.type === 'inner' ? 'join' : `${join.type} join`;
    if (join.type === 'cross') {
      if (join.on !== undefined) throw new TypeError('a cross join has no ON condition');
      return `${keyword} ${this.fromItem(join.table)}`;
    }
    if (join.on === undefined) throw new TypeError(`a ${join.type} join needs an ON condition`);
    return `${keyword} ${this.fromItem(join.table)} on ${this.expression(join.on)}`;
  }

  private orderBy(items: readonly OrderItem[]): string {
    return items.map((o) => {
      if (o.nulls !== undefined && o.nulls !== 'first' && o.nulls !== 'last') throw new TypeError('unknown NULLS order');
      return `${this.expression(o.expression)}${o.direction === 'desc' ? ' desc' : ''}${o.nulls === undefined ? '' : ` nulls ${o.nulls}`}`;
    }).join(', ');
  }

  /** `(q1) union (q2)`: every operand in parentheses, so nested set operations keep the tree's grouping. */
  private setOperation(node: UnionNode): string {
    const operator = node.operator ?? 'union';
    if (!setOperators.has(operator)) throw new TypeError('unknown SQL set operator');
    const glue = ` ${operator}${node.all ? ' all' : ''} `;
    return this.withClause(node.with) + node.queries.map((q) => `(${this.query(q)})`).join(glue);
  }

  private insert(node: InsertNode): string {
    const target = `insert into ${this.table(node.table)} (${node.columns.map(quoteIdentifier).join(', ')})`;
    if ((node.rows === undefined) === (node.query === undefined)) throw new TypeError('an insert takes either rows or a query');
    if (node.query !== undefined) return `${target} ${this.query(node.query)}`;
    const values = (node.rows ?? []).map((row) => `(${row.map((e) => this.expression(e)).join(', ')})`).join(', ');
    return `${target} values ${values}`;
  }

  private createTableAs(node: CreateTableAsNode): string {
    // PostgreSQL puts temporary tables in their own schema: a qualified name would be refused (or misread by DuckDB).
    if (node.temporary === true && node.table.schema !== undefined) throw new TypeError('a temporary table cannot be schema-qualified');
    return `CREATE ${node.temporary === true ? 'TEMPORARY ' : ''}TABLE ${this.table(node.table)} AS ${this.query(node.query)}`;
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
        // `in ()` is a syntax error on both engines; over an empty set `in` is false and `not in` true (even for NULL).
        if (!isQuery(node.list) && node.list.length === 0) return node.negated ? 'true' : 'false';
        const list = isQuery(node.list) ? this.query(node.list) : node.list.map((e) => this.expression(e)).join(', ');
        return `(${this.expression(node.operand)} ${node.negated ? 'not in' : 'in'} (${list}))`;
      }
      case 'function':
        if (windowOnlyFunctions.has(node.name)) throw new TypeError('a window function needs over (…)');
        return this.functionCall(node);
      case 'window': return this.window(node);
      case 'exists': return this.exists(node);
      case 'between': return this.between(node);
      case 'dateDiffDays': return this.dateDiffDays(node);
      case 'addDays': return this.addDays(node);
      case 'extract': return this.extract(node);
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

  private functionCall(node: FunctionNode): string {
    if (!functions.has(node.name)) throw new TypeError('unknown SQL function');
    return `${node.name}(${node.distinct ? 'distinct ' : ''}${node.args.map((a) => this.expression(a)).join(', ')})`;
  }

  /** `fn(…) over (partition by … order by … rows between … and …)`. */
  private window(node: WindowNode): string {
    const fn = node.function;
    if (fn.kind !== 'function' || !windowableFunctions.has(fn.name)) throw new TypeError('not a window function');
    // PostgreSQL has no DISTINCT window aggregates; refusing it here keeps the tree portable.
    if (fn.distinct === true) throw new TypeError('a window aggregate cannot be distinct');
    const parts: string[] = [];
    if (node.partitionBy && node.partitionBy.length > 0) parts.push(`partition by ${node.partitionBy.map((e) => this.expression(e)).join(', ')}`);
    if (node.orderBy && node.orderBy.length > 0) parts.push(`order by ${this.orderBy(node.orderBy)}`);
    if (node.frame) parts.push(this.frame(node.frame));
    return `${this.functionCall(fn)} over (${parts.join(' ')})`;
  }

  private frame(frame: WindowFrame): string {
    if (frame.unit !== 'rows' && frame.unit !== 'range') throw new TypeError('unknown window frame unit');
    const start = this.frameBound(frame.start);
    return frame.end === undefined ? `${frame.unit} ${start}` : `${frame.unit} between ${start} and ${this.frameBound(frame.end)}`;
  }

  private frameBound(bound: FrameBound): string {
    if (typeof bound === 'string') {
      if (!frameKeywords.has(bound)) throw new TypeError('unknown window frame bound');
      return bound;
    }
    const [offset, side] = 'preceding' in bound ? [bound.preceding, 'preceding'] : [bound.following, 'following'];
    if (!Number.isSafeInteger(offset) || offset < 0) throw new TypeError('a window frame offset must be a non-negative integer');
    return `${offset} ${side}`;
  }

  private exists(node: ExistsNode): string {
    return `(${node.negated === true ? 'not exists' : 'exists'} (${this.query(node.query)}))`;
  }

  private between(node: BetweenNode): string {
    const operator = node.negated === true ? 'not between' : 'between';
    return `(${this.expression(node.operand)} ${operator} ${this.expression(node.low)} and ${this.expression(node.high)})`;
  }

  private dateDiffDays(node: DateDiffDaysNode): string {
    return this.dialect.dateDiffDays(this.asDate(node.start), this.asDate(node.end));
  }

  /** `date + integer` is DATE on both engines; PostgreSQL cannot choose `date + $1` without the INTEGER cast. */
  private addDays(node: AddDaysNode): string {
    const days = node.days.kind === 'literal' && Number.isSafeInteger(node.days.value) ? this.expression(node.days) : `cast(${this.expression(node.days)} as ${this.cast('integer')})`;
    return `(${this.asDate(node.date)} + ${days})`;
  }

  private extract(node: ExtractNode): string {
    if (!extractFields.has(node.field)) throw new TypeError('unknown date field');
    return `cast(extract(${node.field} from ${this.expression(node.operand)}) as ${this.cast('integer')})`;
  }

  /** An operand as DATE: a timestamp loses its time, a bound string becomes a date, a date is left as it is. */
  private asDate(node: ExpressionNode): string {
    const isDate = (node.kind === 'cast' && node.type === 'date') || (node.kind === 'parameter' && node.cast === 'date');
    return isDate ? this.expression(node) : `cast(${this.expression(node)} as ${this.cast('date')})`;
  }

  private cast(type: string): string {
    if (!castTypes.has(type)) throw new TypeError('unknown SQL cast type');
    return this.dialect.castType(type as (typeof SQL_CAST_TYPES)[number]);
  }
}
