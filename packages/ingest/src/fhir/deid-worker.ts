import { parentPort } from 'node:worker_threads';
import { deidentifyText, type PatientIdentifiers } from '@parcours/pseudo';
import type { NoteBatch, NoteResults } from './note-deidentifier.js';

// A worker thread that de-identifies batches of note texts (placeholder mode: it needs no key). Patients' identifiers
// arrive numbered; the last few hundred are kept so that a patient's notes reuse one prepared record (the
// de-identifier caches its preparation per record object). Nothing else is kept between batches.
const RECENT_RECORDS = 512;
const recent = new Map<number, PatientIdentifiers>();

function remember(n: number, identifiers: PatientIdentifiers): void {
  if (recent.has(n)) return;
  recent.set(n, identifiers);
  if (recent.size > RECENT_RECORDS) recent.delete(recent.keys().next().value as number);
}

parentPort?.on('message', (batch: NoteBatch) => {
  for (const [n, identifiers] of batch.records) remember(n, identifiers);
  const clean = (text: string, offset: number, record: number): string =>
    deidentifyText(text, record === 0 ? undefined : recent.get(record), { replacement: 'placeholder', dateShiftDays: offset }).text;
  const results: NoteResults = {
    batch: batch.batch,
    texts: batch.jobs.map((j) => clean(j.text, j.offset, j.record)),
    titles: batch.jobs.map((j) => (j.title === undefined ? undefined : clean(j.title, j.offset, j.record))),
  };
  parentPort?.postMessage(results);
});
