import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tableSpec } from '@parcours/core';
import { afterEach, describe, expect, it } from 'vitest';
import { FHIR_RESOURCE_TYPES } from '../src/fhir/fhir-resources.js';
import { SYNTH_OMOP_TABLES } from '../src/omop/omop-row.js';
import { generatePopulation } from '../src/model/generate-population.js';
import { createPopulationNotes } from '../src/notes/population-notes.js';
import { writePopulation, writePopulationFiles } from '../src/write-population.js';
import { expectSpansSound } from './fixtures/note-checks.js';
import { fixturePopulation } from './fixtures/synthetic-patients.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'parcours-synth-out-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** SHA-256 over every file's relative path and bytes, in sorted order. */
export function hashDirectory(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string): string[] => readdirSync(d).sort().flatMap((f) => (statSync(path.join(d, f)).isDirectory() ? walk(path.join(d, f)) : [path.join(d, f)]));
  for (const f of walk(dir)) hash.update(path.relative(dir, f)).update(readFileSync(f));
  return hash.digest('hex');
}

/** Minimal RFC 4180 parser for the checks (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('writePopulationFiles', () => {
  it('writes FHIR NDJSON per site and type, valid JSON lines whose references resolve, plus truth and spans', async () => {
    const out = tempDir();
    const report = await writePopulationFiles(fixturePopulation(6), { format: 'fhir', out });
    expect(report.patients).toBe(6);
    expect(report.counts['Patient']).toBe(6);
    const ids = new Set<string>();
    const refs: string[] = [];
    for (const site of ['site-01', 'site-02']) {
      expect(readdirSync(path.join(out, site)).sort()).toEqual(FHIR_RESOURCE_TYPES.map((t) => `${t}.ndjson`).sort());
      for (const type of FHIR_RESOURCE_TYPES) {
        for (const line of readFileSync(path.join(out, site, `${type}.ndjson`), 'utf8').split('\n').filter(Boolean)) {
          const r = JSON.parse(line);
          expect(r.resourceType).toBe(type);
          ids.add(`${type}/${r.id}`);
          refs.push(...(line.match(/"reference":"([^"]+)"/g) ?? []).map((m) => m.slice(13, -1)));
        }
      }
    }
    for (const ref of refs) expect(ids.has(ref), ref).toBe(true);
    expect(JSON.parse(readFileSync(path.join(out, 'truth.json'), 'utf8')).patients).toBe(6);
    const spans = readFileSync(path.join(out, 'notes-spans.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { note: string; site: string; ipp: string });
    expect(spans).toHaveLength(report.counts['DocumentReference']!);
    expect(spans[0]).toMatchObject({ site: 'site-01', ipp: '10000000' });
    // Each spans line names its note, which is the DocumentReference's id.
    for (const s of spans) expect(ids.has(`DocumentReference/${s.note}`), s.note).toBe(true);
  });

  it('writes OMOP CSV per site with the OMOP header and one field per column', async () => {
    const out = tempDir();
    const report = await writePopulationFiles(fixturePopulation(6), { format: 'omop', out });
    expect(report.counts['person']).toBe(6);
    for (const table of SYNTH_OMOP_TABLES) {
      const rows = parseCsv(readFileSync(path.join(out, 'site-01', `${table}.csv`), 'utf8'));
      const columns = tableSpec(table)!.columns.map((c) => c.name);
      expect(rows[0]).toEqual(columns);
      for (const r of rows.slice(1)) expect(r).toHaveLength(columns.length);
    }
    const person = parseCsv(readFileSync(path.join(out, 'site-01', 'person.csv'), 'utf8'));
    expect(person[1]![tableSpec('person')!.columns.findIndex((c) => c.name === 'person_source_value')]).toBe('10000000');
    expect(parseCsv(readFileSync(path.join(out, 'site-01', 'note.csv'), 'utf8')).length).toBeGreaterThan(5);
  });

  it('gives byte-identical output for the same population', async () => {
    for (const format of ['fhir', 'omop'] as const) {
      const a = tempDir();
      const b = tempDir();
      await writePopulationFiles(fixturePopulation(8), { format, out: a });
      await writePopulationFiles(fixturePopulation(8), { format, out: b });
      expect(hashDirectory(a), format).toBe(hashDirectory(b));
    }
  });

  it('writes the generated population byte for byte the same for a seed, different for another', async () => {
    const [a, b, c] = [tempDir(), tempDir(), tempDir()];
    await writePopulation({ patients: 120, sites: 2, seed: 11, format: 'fhir', out: a });
    await writePopulation({ patients: 120, sites: 2, seed: 11, format: 'fhir', out: b });
    await writePopulation({ patients: 120, sites: 2, seed: 12, format: 'fhir', out: c });
    expect(hashDirectory(a)).toBe(hashDirectory(b));
    expect(hashDirectory(a)).not.toBe(hashDirectory(c));
    const d = tempDir();
    const e = tempDir();
    await writePopulation({ patients: 120, sites: 2, seed: 11, format: 'omop', out: d });
    await writePopulation({ patients: 120, sites: 2, seed: 11, format: 'omop', out: e });
    expect(hashDirectory(d)).toBe(hashDirectory(e));
  });
});

describe('notes of generated patients', () => {
  it('record every identifier of 400 generated patients in their spans', () => {
    const population = generatePopulation({ patients: 400, sites: 3, seed: 5 });
    const notes = createPopulationNotes(5, population.sites);
    let count = 0;
    for (const p of population.patients()) {
      const list = notes(p);
      count += list.length;
      expectSpansSound(list, p);
      for (const n of list) expect(n.date <= (p.deathDate ?? p.lastContactDate)).toBe(true);
    }
    expect(count).toBeGreaterThan(1000);
  });
});
