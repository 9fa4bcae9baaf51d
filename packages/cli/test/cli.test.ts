import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

  it('demo runs the main job: FHIR export → pseudonymized warehouse → lines → the shipped studies, with their bundles; study run and check work on it', async () => {
    const url = tmpWarehouse();
    const out = mkdtempSync(path.join(tmpdir(), 'parcours-demo-out-'));
    const r = await runCli(['demo', '--patients', '400', '--warehouse', url, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const demo = JSON.parse(r.stdout) as { patients: number; studies: { id: string; bundle: string; report: string }[] };
    expect(demo.studies.map((s) => s.id).sort()).toEqual(['brca-ovarian', 'her2-breast', 'ros1-nsclc']);
    for (const s of demo.studies) {
      const results = JSON.parse(readFileSync(path.join(s.bundle, 'results.json'), 'utf8')) as { parcours: string; disclosure: { minCellSize: number }; results: { study: { id: string } } };
      expect(results.parcours).toBe('study-results/1');
      expect(results.disclosure.minCellSize).toBe(10);
      expect(results.results.study.id).toBe(s.id);
      expect(readFileSync(s.report, 'utf8')).toMatch(/^<!DOCTYPE html>/i);
    }
    const info = JSON.parse((await runCli(['info', '--json', '--warehouse', url])).stdout) as { tables: { table: string; rows: number }[] };
    expect(info.tables.find((t) => t.table === 'person')!.rows).toBe(400);
    // Ingested through the FHIR path: the load ledger knows the export's files.
    expect(info.tables.find((t) => t.table === 'parcours_load_file')!.rows).toBeGreaterThan(5);

    const check = await runCli(['study', 'check', 'studies/her2-breast.yaml']);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain('her2-breast: valid');
    const bundle = path.join(out, 'her2-again');
    const run = await runCli(['study', 'run', 'studies/her2-breast.yaml', '--out', bundle, '--json', '--warehouse', url]);
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { files: string[] }).files.map((f) => path.basename(f))).toContain('report.html');

    const again = await runCli(['demo', '--patients', '50', '--warehouse', url]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('empty warehouse only');
  });

  it('a bad study protocol is refused in one line naming its file, line and path', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parcours-bad-study-'));
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, readFileSync('studies/her2-breast.yaml', 'utf8').replace('minCellSize: 10', 'minCellSize: 2'));
    const r = await runCli(['study', 'check', file, '--cohorts', 'cohorts']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/disclosure\.minCellSize/);
    expect(r.stderr).toMatch(/bad\.yaml:\d+/);
  });

  it('the built binary runs from the repository root as `npx parcours`', () => {
    const out = execFileSync(path.join(repoRoot, 'node_modules/.bin/parcours'), ['--version'], { cwd: repoRoot, encoding: 'utf8' });
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
