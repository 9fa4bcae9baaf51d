import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { countRows, initWarehouse, openWarehouse } from '@parcours/store';
import { afterEach, describe, expect, it } from 'vitest';
import { generatePopulation } from '../src/model/generate-population.js';
import { writeToWarehouse } from '../src/omop/write-to-warehouse.js';
import { fixturePopulation } from './fixtures/synthetic-patients.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function freshWarehouse() {
  const dir = mkdtempSync(path.join(tmpdir(), 'parcours-synth-'));
  dirs.push(dir);
  const warehouse = await openWarehouse(`duckdb:${path.join(dir, 'w.duckdb')}`, { create: true });
  await initWarehouse(warehouse, { today: '2026-01-01' });
  return warehouse;
}

describe('writeToWarehouse', () => {
  it('writes every patient in batches, and the counts reconcile with the tables', async () => {
    await using warehouse = await freshWarehouse();
    const progress: number[] = [];
    const report = await writeToWarehouse(warehouse, fixturePopulation(25), { batchSize: 7, onProgress: (p) => progress.push(p.patients) });
    expect(report.patients).toBe(25);
    expect(await countRows(warehouse, 'person')).toBe(25);
    for (const [table, n] of Object.entries(report.counts)) expect(await countRows(warehouse, table), table).toBe(n);
    expect(await countRows(warehouse, 'note')).toBe(0);
    expect(report.counts['measurement']).toBeGreaterThan(100);
    expect(progress.at(-1)).toBe(25);
  });

  it('leaves nothing behind when the run fails, and refuses a warehouse that has patients', async () => {
    await using warehouse = await freshWarehouse();
    const failing = fixturePopulation(30);
    const broken = {
      ...failing,
      *patients() {
        let i = 0;
        for (const p of failing.patients()) {
          if (++i === 20) throw new Error('generator failed');
          yield p;
        }
      },
    };
    await expect(writeToWarehouse(warehouse, broken, { batchSize: 5 })).rejects.toThrow('generator failed');
    expect(await countRows(warehouse, 'person')).toBe(0);
    expect(await countRows(warehouse, 'measurement')).toBe(0);
    await writeToWarehouse(warehouse, fixturePopulation(3));
    await expect(writeToWarehouse(warehouse, fixturePopulation(3))).rejects.toMatchObject({ code: 'conflict' });
  });

  it('writes a generated population whose counts reconcile (patients in = person rows)', async () => {
    await using warehouse = await freshWarehouse();
    const report = await writeToWarehouse(warehouse, generatePopulation({ patients: 300, sites: 2, seed: 3 }));
    expect(await countRows(warehouse, 'person')).toBe(300);
    expect(await countRows(warehouse, 'care_site')).toBe(2);
    for (const [table, n] of Object.entries(report.counts)) expect(await countRows(warehouse, table), table).toBe(n);
    expect(report.counts['drug_exposure']).toBeGreaterThan(300);
  });
});
