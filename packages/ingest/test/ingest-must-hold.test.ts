import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { VOCABULARY_TABLE_NAMES, WAREHOUSE_TABLES } from '@parcours/core';
import { Pseudonymizer } from '@parcours/pseudo';
import { as, count, initWarehouse, openWarehouse, select, star, table, type Warehouse } from '@parcours/store';
import { createPopulationNotes, generatePopulation, writeFhirNdjson, type SyntheticPatient } from '@parcours/synth';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ingestFhir } from '../src/index.js';
import { ENGINES, reportSkips } from '../../store/test/engines.js';

reportSkips();

const KEY_HEX = 'a1'.repeat(32);
const pseudonymizer = Pseudonymizer.fromKey(Buffer.from(KEY_HEX, 'hex'));
const CLI = path.resolve(import.meta.dirname, '../../cli/bin/parcours.js');

/**
 * Every direct identifier the hospital export holds for a patient: single words (names, numbers, e-mail) are looked
 * up as whole tokens of the warehouse's text — "Ana" must not match "anatomopathologique" — and phrases (street
 * address, phone as written, NIR with spaces) as substrings.
 */
function sourceIdentifiers(p: SyntheticPatient): { readonly tokens: string[]; readonly phrases: string[] } {
  const who = p.identity;
  const nir = who.nir.replace(/\s/g, '');
  const names = [who.firstName, who.lastName, ...(who.birthName === undefined ? [] : [who.birthName])].flatMap((n) => n.split(/[\s-]+/));
  return {
    tokens: [...names, nir, nir.slice(0, 13), who.phone.replace(/\D/g, ''), who.email, p.ipp, ...p.stays.map((s) => s.nda)].filter((s) => s.length >= 3).map((s) => s.toLowerCase()),
    phrases: [who.nir, who.phone, who.address.line].map((s) => s.toLowerCase()),
  };
}

/** Whole words of a text, lower case: letters, digits, and the characters of e-mail addresses inside a word. */
function tokensOf(text: string): Set<string> {
  const tokens = new Set<string>();
  for (const raw of text.toLowerCase().split(/[^\p{L}\p{N}@._+-]+/u)) {
    const t = raw.replace(/^[._+-]+|[._+-]+$/g, '');
    if (t !== '') {
      tokens.add(t);
      if (!t.includes('@')) for (const part of t.split(/[._+-]+/)) tokens.add(part);
    }
  }
  return tokens;
}

/** The text of every row of every non-vocabulary table (vocabulary tables are public reference data). */
async function warehouseText(wh: Warehouse): Promise<string> {
  const parts: string[] = [];
  for (const spec of WAREHOUSE_TABLES) {
    if ((VOCABULARY_TABLE_NAMES as readonly string[]).includes(spec.name)) continue;
    for await (const batch of wh.stream(select([star()], table(spec.name)))) {
      for (const row of batch) parts.push(Object.values(row).map((v) => (v === null ? '' : String(v))).join('\u0001'));
    }
  }
  return parts.join('\n');
}

async function tableCount(wh: Warehouse, name: string): Promise<number> {
  const [r] = await wh.query<{ n: bigint | number }>(select([as(count(), 'n')], table(name)));
  return Number(r?.n ?? 0);
}

function siteDirs(root: string): string[] {
  return readdirSync(root)
    .map((d) => path.join(root, d))
    .filter((d) => statSync(d).isDirectory());
}

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`ingestion must-holds on ${engine.name}`, () => {
    it('leaves no name, NIR, phone, e-mail, street address, IPP or NDA of the source anywhere in the warehouse', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'parcours-ident-'));
      const population = generatePopulation({ patients: 150, seed: 11, sites: 2 });
      const patients = [...population.patients()];
      await writeFhirNdjson(population, dir, { notes: createPopulationNotes(11, population.sites) });
      await using wh = await engine.open();
      await initWarehouse(wh, { today: '2026-01-01' });
      const vocabularyRows = await tableCount(wh, 'concept');
      const report = await ingestFhir(wh, siteDirs(dir), { pseudonymizer, dateShiftMaxDays: 30 });
      expect(report.reconciled).toBe(true);
      expect(await tableCount(wh, 'person')).toBe(patients.length);
      expect(await tableCount(wh, 'note')).toBeGreaterThan(0);
      expect(await tableCount(wh, 'concept')).toBe(vocabularyRows);
      const lower = (await warehouseText(wh)).toLowerCase();
      const tokens = tokensOf(lower);
      const leaks: string[] = [];
      for (const p of patients) {
        const { tokens: words, phrases } = sourceIdentifiers(p);
        for (const w of words) if (tokens.has(w)) leaks.push(`patient ${patients.indexOf(p)}: a ${w.length}-character word`);
        for (const phrase of phrases) if (lower.includes(phrase)) leaks.push(`patient ${patients.indexOf(p)}: a ${phrase.length}-character phrase`);
      }
      expect(leaks).toEqual([]);
      // And the key itself is nowhere.
      expect(lower).not.toContain(KEY_HEX);
    });

    it('a load killed mid-file (SIGKILL) leaves the warehouse as before, and running it again completes it', async () => {
      expect(existsSync(CLI), 'the CLI is built (npm test runs tsc -b first)').toBe(true);
      const dir = mkdtempSync(path.join(tmpdir(), 'parcours-kill-'));
      const population = generatePopulation({ patients: 2_500, seed: 12 });
      await writeFhirNdjson(population, dir);
      const input = siteDirs(dir);
      const wh = await engine.fresh();
      onTestFinished(() => wh.cleanup());
      {
        await using created = await openWarehouse(wh.url, { create: true });
        await initWarehouse(created, { today: '2026-01-01' });
      }
      const env = { ...process.env, PARCOURS_KEY_PSEUDONYM: KEY_HEX };
      const args = [CLI, 'ingest', 'fhir', ...input, '--warehouse', wh.url, '--json'];

      // Kill the load once it is visibly writing (DuckDB: the file or its WAL grows; PostgreSQL: after a while).
      const killed = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; grew: boolean }>((resolve) => {
        const child = spawn(process.execPath, args, { env, stdio: 'ignore' });
        const file = wh.url.startsWith('duckdb:') ? wh.url.slice('duckdb:'.length) : undefined;
        const size = (): number => (file === undefined ? 0 : [file, `${file}.wal`].reduce((s, f) => s + (existsSync(f) ? statSync(f).size : 0), 0));
        const initial = size();
        const started = Date.now();
        let grew = false;
        const timer = setInterval(() => {
          grew = file === undefined ? Date.now() - started > 2_500 : size() > initial + 256 * 1024;
          if (grew || Date.now() - started > 30_000) {
            clearInterval(timer);
            child.kill('SIGKILL');
          }
        }, 20);
        child.on('close', (code, signal) => {
          clearInterval(timer);
          resolve({ code, signal, grew });
        });
      });
      expect(killed.signal, 'the load was still running when killed').toBe('SIGKILL');
      expect(killed.grew).toBe(true);

      {
        await using after = await openWarehouse(wh.url, {});
        for (const t of ['person', 'drug_exposure', 'measurement', 'note', 'parcours_load', 'parcours_load_file', 'parcours_person_key', 'parcours_quarantine']) {
          expect(await tableCount(after, t), `${t} after the kill`).toBe(0);
        }
      }
      const rerun = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
        let stdout = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.on('close', (code) => resolve({ code, stdout }));
      });
      expect(rerun.code).toBe(0);
      const { report } = JSON.parse(rerun.stdout) as { report: { read: number; loaded: number; reconciled: boolean } };
      expect(report.reconciled).toBe(true);
      await using done = await openWarehouse(wh.url, {});
      expect(await tableCount(done, 'person')).toBe(2_500);
      expect(await tableCount(done, 'parcours_load')).toBe(1);
    }, 180_000);
  });
}
