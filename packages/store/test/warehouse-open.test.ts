import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppError } from '@parcours/core';
import { StaticKeyStore, initWarehouse, openWarehouse, parseWarehouseUrl, sql } from '@parcours/store';
import { describe, expect, it } from 'vitest';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'parcours-open-'));

describe('opening a warehouse', () => {
  it('parses the two URL forms and masks passwords', () => {
    expect(parseWarehouseUrl('duckdb:./data/x.duckdb', '/srv')).toEqual({ engine: 'duckdb', path: '/srv/data/x.duckdb' });
    expect(parseWarehouseUrl('duckdb::memory:')).toEqual({ engine: 'duckdb', path: ':memory:' });
    const pg = parseWarehouseUrl('postgresql://alice:s3cret@db.example:5433/cdm?schema=onco');
    expect(pg).toMatchObject({ engine: 'postgres', schema: 'onco' });
    expect(pg.engine === 'postgres' && pg.displayUrl).not.toContain('s3cret');
  });

  it.each([
    ['mysql://x/y', 'invalid_argument'],
    ['nonsense', 'invalid_argument'],
    ['duckdb:', 'invalid_argument'],
    ['postgres://host-only', 'invalid_argument'],
    ['postgres://h/db?schema=a;drop', 'invalid_argument'],
  ])('refuses %s with a clear error', (url, code) => {
    expect(() => parseWarehouseUrl(url)).toThrow(AppError);
    try {
      parseWarehouseUrl(url);
    } catch (e) {
      expect((e as AppError).code).toBe(code);
      expect((e as AppError).toOneLine()).not.toMatch(/\n/);
    }
  });

  it('a missing DuckDB file is not_found unless creating', async () => {
    const file = path.join(tmp(), 'absent.duckdb');
    await expect(openWarehouse(`duckdb:${file}`)).rejects.toMatchObject({ code: 'not_found' });
    expect(existsSync(file)).toBe(false);
  });

  it('a refused PostgreSQL connection is connection_failed, with no password in the message', async () => {
    const error = await openWarehouse('postgres://u:hunter22@127.0.0.1:1/db').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('connection_failed');
    expect((error as AppError).message).not.toContain('hunter22');
  });

  it('a file with a quote in its name is attached as that file (the path literal cannot inject)', async () => {
    const file = path.join(tmp(), "it's'; --.duckdb");
    await using wh = await openWarehouse(`duckdb:${file}`, { create: true });
    await initWarehouse(wh, { vocabulary: false });
    expect(existsSync(file)).toBe(true);
  });

  it('encrypts the DuckDB file at rest: unreadable without the key, refused with a wrong key', async () => {
    const file = path.join(tmp(), 'secret.duckdb');
    const key = new Uint8Array(32).fill(7);
    const marker = 'PATIENT-MARKER-7f3a9c';
    {
      await using wh = await openWarehouse(`duckdb:${file}`, { create: true, keyStore: new StaticKeyStore({ warehouse: key }), allowBuiltInCrypto: true });
      await initWarehouse(wh, { vocabulary: false });
      await wh.append('location', [[1, marker, null, marker, null, null, null, null, null, null, null]], {});
      await wh.sizeInBytes(); // checkpoint: data reaches the file
    }
    expect(readFileSync(file).includes(Buffer.from(marker))).toBe(false);
    await expect(openWarehouse(`duckdb:${file}`)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(openWarehouse(`duckdb:${file}`, { keyStore: new StaticKeyStore({ warehouse: new Uint8Array(32).fill(8) }), allowBuiltInCrypto: true })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await using again = await openWarehouse(`duckdb:${file}`, { keyStore: new StaticKeyStore({ warehouse: key }), allowBuiltInCrypto: true });
    expect(await again.query(sql`select city from ${sql.id('location')}`)).toEqual([{ city: marker }]);
  });
});
