import path from 'node:path';
import { AppError } from '@parcours/core';

/** Where a warehouse lives, parsed from its URL. */
export type WarehouseLocation =
  | { readonly engine: 'duckdb'; /** absolute file path, or ':memory:' */ readonly path: string }
  | { readonly engine: 'postgres'; readonly connectionString: string; readonly schema: string; readonly displayUrl: string };

/** The embedded default, relative to the working directory. */
export const DEFAULT_WAREHOUSE_URL = 'duckdb:./data/parcours.duckdb';

const HINT = 'use duckdb:PATH (e.g. duckdb:./data/parcours.duckdb) or postgres://USER@HOST:PORT/DB[?schema=NAME]';

/**
 * Parse a warehouse URL.
 *
 * @example parseWarehouseUrl('duckdb:./data/parcours.duckdb') // { engine: 'duckdb', path: '/abs/.../data/parcours.duckdb' }
 * @example parseWarehouseUrl('postgres://postgres@127.0.0.1:5432/test?schema=cdm') // { engine: 'postgres', schema: 'cdm', ... }
 */
export function parseWarehouseUrl(url: string, cwd: string = process.cwd()): WarehouseLocation {
  const trimmed = url.trim();
  if (trimmed.startsWith('duckdb:')) {
    const rest = trimmed.slice('duckdb:'.length).replace(/^\/\/(?=\/)/, '');
    if (rest === ':memory:' || rest === 'memory') return { engine: 'duckdb', path: ':memory:' };
    if (rest.length === 0) throw new AppError('invalid_argument', 'the DuckDB warehouse URL has no file path', { details: { hint: HINT } });
    if (rest.includes('\u0000')) throw new AppError('invalid_argument', 'the DuckDB file path contains a NUL character', { details: { hint: HINT } });
    return { engine: 'duckdb', path: path.resolve(cwd, rest) };
  }
  if (/^postgres(ql)?:\/\//i.test(trimmed)) {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch (cause) {
      throw new AppError('invalid_argument', 'the PostgreSQL warehouse URL is malformed', { cause, details: { hint: HINT } });
    }
    if (parsed.hostname === '' || parsed.pathname.length <= 1) {
      throw new AppError('invalid_argument', 'the PostgreSQL warehouse URL needs a host and a database name', { details: { hint: HINT } });
    }
    const schema = parsed.searchParams.get('schema') ?? 'public';
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
      throw new AppError('invalid_argument', 'the schema name must be a plain identifier (letters, digits, underscore; at most 63)', { details: { field: 'schema' } });
    }
    parsed.searchParams.delete('schema');
    const displayUrl = new URL(parsed.href);
    if (displayUrl.password !== '') displayUrl.password = '***';
    const display = `${displayUrl.href}${schema === 'public' ? '' : `${displayUrl.search ? '&' : '?'}schema=${schema}`}`;
    return { engine: 'postgres', connectionString: parsed.href, schema, displayUrl: display };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1];
  throw new AppError(
    'invalid_argument',
    scheme === undefined ? 'the warehouse URL has no scheme' : `unsupported warehouse URL scheme "${scheme.slice(0, 20)}"`,
    { details: { hint: HINT } },
  );
}
