import { parentPort } from 'node:worker_threads';
import { deidentifyText } from '@parcours/pseudo';
import type { NoteBatch, NoteResults } from './note-deidentifier.js';

// A worker thread that de-identifies batches of note texts (placeholder mode: it needs no key). It receives the
// patient's identifiers with each note and keeps nothing between batches.
parentPort?.on('message', (batch: NoteBatch) => {
  const clean = (text: string, offset: number, identifiers: NoteBatch['jobs'][number]['identifiers']): string => deidentifyText(text, identifiers, { replacement: 'placeholder', dateShiftDays: offset }).text;
  const results: NoteResults = {
    batch: batch.batch,
    texts: batch.jobs.map((j) => clean(j.text, j.offset, j.identifiers)),
    titles: batch.jobs.map((j) => (j.title === undefined ? undefined : clean(j.title, j.offset, j.identifiers))),
  };
  parentPort?.postMessage(results);
});
