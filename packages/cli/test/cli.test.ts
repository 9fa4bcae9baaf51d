import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WAREHOUSE_TABLES } from '@parcours/core';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const tmpWarehouse = () => `duckdb:${path.join(mkdtempSync(path.join(tmpdir(), 'parcours-cli-')), 'w.duckdb')}`;

describe('parcours command line', () => {
  it('--help lists the commands, and every command has --help', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['init', 'info', 'vocab', 'demo', 'analyze']) expect(help.stdout).toContain(command);
    for (const args of [['init'], ['info'], ['vocab'], ['vocab', 'load'], ['vocab', 'reset'], ['demo'], ['analyze'], ['analyze', 'survival']]) {
      const r = await runCli([...args, '--help']);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toMatch(/Usage: parcours/);
    }
  });

  it('init creates every table; info reports row counts as JSON, and the warehouse comes from the environment too', async () => {
    const url = tmpWarehouse();
    const init = await runCli(['init', '--warehouse', url]);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('omop-cdm-v5.4');
    const info = await runCli(['info', '--json'], { PARCOURS_WAREHOUSE: url });
    expect(info.code, info.stderr).toBe(0);
    const parsed = JSON.parse(info.stdout) as { engine: string; tables: { table: string; rows: number }[]; cdmSource: { cdm_version: string } };
    expect(parsed.engine).toBe('duckdb');
    expect(parsed.tables.map((t) => t.table).sort()).toEqual(WAREHOUSE_TABLES.map((t) => t.name).sort());
    expect(parsed.tables.find((t) => t.table === 'concept')!.rows).toBeGreaterThan(1000);
    expect(parsed.cdmSource.cdm_version).toBe('5.4');
    const text = await runCli(['info', '-w', url]);
    expect(text.stdout).toMatch(/concept\s+vocabulary\s+[\d,]+/);
  });

  it.each([
    [['info', '--warehouse', 'mysql://localhost/x'], /unsupported warehouse URL scheme "mysql"/],
    [['info', '--warehouse', 'duckdb:/nonexistent/dir/none.duckdb'], /no warehouse at .*none\.duckdb.*parcours init/],
    [['info', '--warehouse', 'postgres://u:pw-not-shown@127.0.0.1:1/db'], /cannot connect to PostgreSQL at postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/db/],
    [['vocab', 'load', '/nonexistent-vocab-dir', '--warehouse', 'duckdb::memory:'], /no warehouse|no vocabulary directory/],
    [['demo', '--patients', 'many'], /--patients must be a whole number/],
  ])('%j fails with one clear line and exit code 1', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack trace
    expect(r.stderr).not.toContain('pw-not-shown');
  });

  it('an unknown option is a usage error (exit 1)', async () => {
    const r = await runCli(['info', '--frobnicate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unknown option '--frobnicate'");
  });

  it('demo builds a warehouse with synthetic patients and prints its row counts', async () => {
    const url = tmpWarehouse();
    const r = await runCli(['demo', '--patients', '50', '--warehouse', url]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/person\s+clinical\s+50\b/);
    const again = await runCli(['demo', '--patients', '50', '--warehouse', url]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('empty warehouse only');
  });

  it('the built binary runs from the repository root as `npx parcours`', () => {
    const out = execFileSync(path.join(repoRoot, 'node_modules/.bin/parcours'), ['--version'], { cwd: repoRoot, encoding: 'utf8' });
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
