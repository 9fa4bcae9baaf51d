import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generatePopulation, writeFhirNdjson } from '@parcours/synth';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const KEY = 'c3'.repeat(32);
const tmp = () => mkdtempSync(path.join(tmpdir(), 'parcours-cli-ingest-'));

describe('parcours ingest and deid', () => {
  it('--help exists for ingest fhir, ingest omop and deid', async () => {
    for (const args of [['ingest'], ['ingest', 'fhir'], ['ingest', 'omop'], ['deid']]) {
      const r = await runCli([...args, '--help']);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage: parcours/);
    }
  });

  it.each([
    [['ingest', 'fhir', '/nonexistent.ndjson'], {}, /no pseudonymization key: give --key-file/],
    [['ingest', 'fhir', '/nonexistent.ndjson', '--key-file', '/nonexistent.key'], {}, /cannot read the key file/],
    [['ingest', 'omop', '/tmp', '--date-shift', 'lots'], { PARCOURS_KEY_PSEUDONYM: KEY }, /--date-shift must be a whole number between 0 and 3650/],
    [['ingest', 'fhir', '/tmp', '--opposition', '/nonexistent-opposition.txt'], { PARCOURS_KEY_PSEUDONYM: KEY }, /cannot read the opposition file/],
    [['deid', '/nonexistent-note.txt'], {}, /cannot read the note file/],
    [['deid', '/etc/hostname', '--shift-days', '1e9'], {}, /--shift-days must be a whole number/],
  ])('%j fails with one clear line and exit code 1', async (args, env, message) => {
    const r = await runCli(args, { PARCOURS_WAREHOUSE: `duckdb:${path.join(tmp(), 'w.duckdb')}`, ...env });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an unknown --birth-date precision is a usage error naming the choices (exit 1)', async () => {
    const r = await runCli(['ingest', 'omop', '/tmp', '--birth-date', 'decade'], { PARCOURS_KEY_PSEUDONYM: KEY });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/argument 'decade' is invalid\. Allowed choices are year, year-month, day/);
  });

  it('refuses a warehouse without OMOP tables, with what to do', async () => {
    const dir = tmp();
    const url = `duckdb:${path.join(dir, 'w.duckdb')}`;
    await runCli(['init', '--warehouse', url]);
    const empty = `duckdb:${path.join(dir, 'empty.duckdb')}`;
    writeFileSync(path.join(dir, 'x.ndjson'), '');
    // An empty DuckDB file: created by opening it, without init.
    const r = await runCli(['ingest', 'fhir', path.join(dir, 'x.ndjson'), '--warehouse', empty], { PARCOURS_KEY_PSEUDONYM: KEY });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no warehouse at|no OMOP tables.*parcours init/);
  });

  it('ingests a synthetic FHIR export and prints a reconciled report with the re-identification risk; again, nothing is added', async () => {
    const dir = tmp();
    const url = `duckdb:${path.join(dir, 'w.duckdb')}`;
    await writeFhirNdjson(generatePopulation({ patients: 40, seed: 5 }), path.join(dir, 'fhir'));
    expect((await runCli(['init', '--warehouse', url])).code).toBe(0);
    const env = { PARCOURS_KEY_PSEUDONYM: KEY };
    const first = await runCli(['ingest', 'fhir', path.join(dir, 'fhir'), '--warehouse', url, '--date-shift', '90', '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    const { report, risk } = JSON.parse(first.stdout) as { report: { loadId: number; read: number; loaded: number; reconciled: boolean }; risk: { persons: number } };
    expect(report.loadId).toBe(1);
    expect(report.reconciled).toBe(true);
    expect(report.loaded).toBeGreaterThan(40);
    expect(risk.persons).toBe(40);
    const text = await runCli(['ingest', 'fhir', path.join(dir, 'fhir'), '--warehouse', url], env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/Nothing to load: \d+ file\(s\) already loaded/);
    expect(text.stdout).toMatch(/Re-identification risk .*40 persons/);
  });

  it('deid prints a de-identified note, and its spans with --json', async () => {
    const dir = tmp();
    const note = path.join(dir, 'note.txt');
    writeFileSync(note, 'Patiente vue le 12/03/2019. Tél. 06 12 34 56 78, courriel jeanne.martin@example.fr.\n');
    const r = await runCli(['deid', note]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('06 12 34 56 78');
    expect(r.stdout).not.toContain('jeanne.martin@example.fr');
    expect(r.stdout).not.toContain('12/03/2019');
    const shifted = await runCli(['deid', note, '--shift-days', '10', '--json']);
    const parsed = JSON.parse(shifted.stdout) as { text: string; spans: { type: string }[] };
    expect(parsed.text).toContain('22/03/2019');
    expect(parsed.spans.map((s) => s.type)).toEqual(expect.arrayContaining(['DATE', 'PHONE', 'EMAIL']));
  });
});
