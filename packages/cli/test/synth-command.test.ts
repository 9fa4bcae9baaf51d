import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { countRows, openWarehouse } from '@parcours/store';
import type { PopulationSource, SynthOptions } from '@parcours/synth';
import { afterEach, describe, expect, it } from 'vitest';
import { createContext } from '../src/context.js';
import { createSynthCommand, synthCommand } from '../src/commands/synth-command.js';
import { fixturePopulation } from '../../synth/test/fixtures/synthetic-patients.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'parcours-synth-cli-'));
  dirs.push(d);
  return d;
};

/** Run `parcours synth ARGS` on the fixture population, in-process, with captured output. */
async function synth(args: readonly string[], json = false) {
  let stdout = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer, _e, cb) {
        append(chunk.toString());
        cb();
      },
    });
  const requested: SynthOptions[] = [];
  const ctx = createContext({ json }, {}, { stdout: sink((s) => (stdout += s)), stderr: sink(() => undefined) });
  const generate = (o: SynthOptions): PopulationSource => (requested.push(o), fixturePopulation(o.patients));
  const command = createSynthCommand(() => ctx, generate).exitOverride();
  await command.parseAsync([...args], { from: 'user' });
  return { stdout, requested };
}

describe('parcours synth', () => {
  it('writes FHIR files and prints a summary', async () => {
    const out = path.join(tempDir(), 'fhir');
    const { stdout, requested } = await synth(['--patients', '4', '--sites', '2', '--seed', '9', '--format', 'fhir', '--out', out]);
    expect(requested).toEqual([{ patients: 4, sites: 2, seed: 9 }]);
    expect(readdirSync(out).sort()).toEqual(['notes-spans.jsonl', 'site-01', 'site-02', 'truth.json']);
    expect(stdout).toMatch(/4 synthetic patients \(2 sites, seed 9\)/);
    expect(stdout).toMatch(/Patient\s+4/);
  });

  it('writes into a warehouse and reports the rows as JSON', async () => {
    const file = path.join(tempDir(), 'w.duckdb');
    const { stdout } = await synth(['--patients', '5', '--to', `duckdb:${file}`], true);
    const report = JSON.parse(stdout);
    expect(report.patients).toBe(5);
    expect(report.counts.person).toBe(5);
    await using warehouse = await openWarehouse(`duckdb:${file}`);
    expect(await countRows(warehouse, 'person')).toBe(5);
    expect(await countRows(warehouse, 'note')).toBe(0);
  });

  it.each([
    [['--format', 'fhir', '--out', 'x'], '--patients'],
    [['--patients', '0', '--format', 'fhir', '--out', 'x'], '--patients'],
    [['--patients', '12abc', '--format', 'fhir', '--out', 'x'], '--patients'],
    [['--patients', '3', '--sites', '4', '--format', 'fhir', '--out', 'x'], '--sites'],
    [['--patients', '3', '--seed', '-1', '--format', 'fhir', '--out', 'x'], '--seed'],
    [['--patients', '3', '--format', 'csv', '--out', 'x'], '--format'],
    [['--patients', '3', '--out', 'x'], '--format'],
    [['--patients', '3', '--format', 'omop'], '--out'],
    [['--patients', '3', '--to', 'duckdb:x.duckdb', '--out', 'x'], '--to'],
    [['--patients', '3', '--to', 'duckdb:x.duckdb', '--format', 'omop'], '--format'],
    [['--patients', '3', '--first-year', '2020', '--last-year', '2010', '--format', 'omop', '--out', 'x'], '--first-year'],
  ])('refuses %j naming the option', async (args, field) => {
    await expect(synth(args)).rejects.toMatchObject({ code: 'invalid_argument', details: { field } });
  });

  it('refuses to write into a folder that is not empty', async () => {
    const out = tempDir();
    writeFileSync(path.join(out, 'old.txt'), 'x');
    await expect(synth(['--patients', '2', '--format', 'omop', '--out', out])).rejects.toMatchObject({ code: 'conflict', details: { field: '--out' } });
    expect(existsSync(path.join(out, 'truth.json'))).toBe(false);
  });

  it('generates the real population straight into a warehouse', async () => {
    const file = path.join(tempDir(), 'real.duckdb');
    let stdout = '';
    const ctx = createContext({}, {}, { stdout: new Writable({ write: (c: Buffer, _e, cb) => ((stdout += c.toString()), cb()) }), stderr: new Writable({ write: (_c, _e, cb) => cb() }) });
    await synthCommand(() => ctx).exitOverride().parseAsync(['--patients', '50', '--sites', '2', '--seed', '4', '--to', `duckdb:${file}`], { from: 'user' });
    expect(stdout).toMatch(/^50 synthetic patients \(2 sites, seed 4\)/);
    expect(stdout).toMatch(/person\s+50/);
    await using warehouse = await openWarehouse(`duckdb:${file}`);
    expect(await countRows(warehouse, 'person')).toBe(50);
  });
});
