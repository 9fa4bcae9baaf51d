import { describe, expect, it } from 'vitest';
import { frenchDate } from '../src/notes/french-dates.js';
import { clinicalNotes } from '../src/notes/clinical-notes.js';
import { createStreamRng } from '../src/random/stream-rng.js';
import { expectSpansSound } from './fixtures/note-checks.js';
import { breastPatient, FIXTURE_SITES, lungPatient } from './fixtures/synthetic-patients.js';

describe('clinicalNotes', () => {
  const site = FIXTURE_SITES[0]!;
  const patient = lungPatient(0);
  const notes = clinicalNotes(patient, createStreamRng([1, 1, 0, 99]), site);

  it('writes every kind of French note for a lung patient', () => {
    expect(new Set(notes.map((n) => n.kind))).toEqual(new Set(['consultation', 'mdt-summary', 'pathology-report', 'molecular-report', 'imaging-report']));
    for (const n of notes) {
      expect(n.language).toBe('fr');
      expect(n.date <= patient.deathDate!).toBe(true);
    }
    const all = notes.map((n) => n.text).join('\n');
    expect(all).toContain(site.name);
    expect(all).toContain('CD74::ROS1');
    expect(all).toMatch(/NIR : /);
  });

  it('records spans that match the text, and leaves no identifier of the patient outside a span', () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      for (const p of [lungPatient(seed), breastPatient(seed)]) expectSpansSound(clinicalNotes(p, createStreamRng([seed, 1, 0, 99]), site), p);
    }
  });

  it('uses several date formats and records the birth date as BIRTH_DATE', () => {
    const many = [1, 2, 3, 4, 5, 6].flatMap((s) => clinicalNotes(patient, createStreamRng([s]), site));
    const dates = many.flatMap((n) => n.spans.filter((s) => s.type === 'DATE').map((s) => n.text.slice(s.start, s.end)));
    expect(dates.some((d) => /^\d{2}\/\d{2}\/\d{4}$/.test(d))).toBe(true);
    expect(dates.some((d) => /^\d{1,2}(er)? [a-zéû]+ \d{4}$/.test(d))).toBe(true);
    expect(dates.some((d) => /^\d{1,2}\/\d{1,2}\/\d{2}$/.test(d))).toBe(true);
    const births = many.flatMap((n) => n.spans.filter((s) => s.type === 'BIRTH_DATE').map((s) => n.text.slice(s.start, s.end)));
    expect(new Set(births)).toEqual(new Set(['12/03/1958']));
    const types = new Set(many.flatMap((n) => n.spans.map((s) => s.type)));
    for (const t of ['PATIENT_NAME', 'DOCTOR_NAME', 'NIR', 'IPP', 'PHONE', 'ADDRESS', 'POSTCODE', 'CITY', 'HOSPITAL', 'URL', 'EMAIL', 'NDA']) expect(types, t).toContain(t);
  });

  it('is deterministic given the random stream', () => {
    expect(clinicalNotes(patient, createStreamRng([1, 1, 0, 99]), site)).toEqual(notes);
    expect(clinicalNotes(patient, createStreamRng([2, 1, 0, 99]), site)).not.toEqual(notes);
  });

  it('formats dates the French way', () => {
    expect(frenchDate('2021-03-12', 'numeric')).toBe('12/03/2021');
    expect(frenchDate('2021-03-01', 'long')).toBe('1er mars 2021');
    expect(frenchDate('2021-04-03', 'short')).toBe('3/4/21');
    expect(frenchDate('2021-08-15', 'long')).toBe('15 août 2021');
  });
});
