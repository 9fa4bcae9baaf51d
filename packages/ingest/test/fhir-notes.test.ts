import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deidentifyText, Pseudonymizer } from '@parcours/pseudo';
import { clinicalNotes, createStreamRng, generatePopulation } from '@parcours/synth';
import { describe, expect, it } from 'vitest';
import { InlineNoteDeidentifier, WorkerNoteDeidentifier, type NoteJob } from '../src/fhir/note-deidentifier.js';

/** The compiled worker (`npm test` builds first; the CLI and the benchmark run it). */
const WORKER = new URL('../dist/fhir/deid-worker.js', import.meta.url);

function jobs(): NoteJob[] {
  const out: NoteJob[] = [];
  let seed = 0;
  for (const p of generatePopulation({ patients: 30, seed: 41 }).patients()) {
    const who = p.identity;
    const identifiers = { names: [who.firstName, who.lastName], identifiers: [p.ipp, who.nir, ...p.stays.map((s) => s.nda)], phones: [who.phone], emails: [who.email], addressLines: [who.address.line], postcodes: [who.address.postcode], cities: [who.address.city], birthDate: who.birthDate };
    for (const n of clinicalNotes(p, createStreamRng([41, seed++]))) out.push({ text: n.text, title: n.title, identifiers, offset: (seed % 61) - 30 });
  }
  return out;
}

describe.skipIf(!existsSync(fileURLToPath(WORKER)))('note de-identification in worker threads', () => {
  it('gives exactly what de-identifying inline gives, in batches, the caller sharing the work when the workers are saturated', async () => {
    const all = jobs();
    expect(all.length).toBeGreaterThan(100);
    const pool = new WorkerNoteDeidentifier(WORKER, 2);
    const got = new Map<number, [string, string | undefined]>();
    try {
      for (let i = 0; i < all.length; i++) {
        pool.submit(all[i]!, (text, title) => got.set(i, [text, title]));
        pool.deliver();
      }
      await pool.drain();
    } finally {
      await pool.close();
    }
    expect(got.size).toBe(all.length);
    const inline = new InlineNoteDeidentifier(Pseudonymizer.fromKey(Buffer.alloc(32, 1)), false);
    all.forEach((job, i) =>
      inline.submit(job, (text, title) => {
        expect(got.get(i)).toEqual([text, title]);
        expect(text).toBe(deidentifyText(job.text, job.identifiers, { dateShiftDays: job.offset }).text);
      }),
    );
  }, 60_000);

  it('fails loudly when a worker dies: nothing is delivered as if it had been cleaned', async () => {
    const pool = new WorkerNoteDeidentifier(WORKER, 1);
    try {
      const [job] = jobs();
      // A worker that dies mid-load (here: terminated from outside).
      await (pool as unknown as { workers: { terminate(): Promise<number> }[] }).workers[0]!.terminate();
      pool.submit(job!, () => undefined);
      await expect(pool.drain()).rejects.toMatchObject({ code: 'internal' });
    } finally {
      await pool.close();
    }
  });
});
