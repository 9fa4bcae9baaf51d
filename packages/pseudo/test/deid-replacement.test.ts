import { isAppError } from '@parcours/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deidentifyText, isValidNir, Pseudonymizer } from '../src/index.js';

const KEY_A = Pseudonymizer.fromKey(Buffer.from('0123456789abcdef0123456789abcdef', 'hex'));
const KEY_B = Pseudonymizer.fromKey(Buffer.from('fedcba9876543210fedcba9876543210', 'hex'));

describe('placeholders', () => {
  it('replace each identifier by its type', () => {
    const text = 'Mme Odile QUINTARD, née le 12/03/1958, IPP 80231457, tél. 06 12 34 56 78, vue par le Dr Martin.';
    expect(deidentifyText(text, { names: ['Odile', 'Quintard'] }).text).toBe(
      'Mme [PATIENT_NAME], née le [BIRTH_DATE], IPP [IPP], tél. [PHONE], vue par le Dr [DOCTOR_NAME].',
    );
  });

  it('leave a text without identifiers unchanged', () => {
    const text = 'Adénocarcinome T2N0M0, stade IV, cycle 3 de carboplatine AUC 5, pemetrexed 500 mg/m2 (C34.1, 8140/3).';
    expect(deidentifyText(text, undefined)).toEqual({ text, spans: [] });
  });
});

describe('date shifting', () => {
  it.each([
    ['12/03/2019', 30, '11/04/2019'],
    ['12.03.19', 30, '11.04.19'],
    ['3/4/21', 30, '3/5/21'],
    ['2019-03-12', -12, '2019-02-28'],
    ['12 mars 2019', 30, '11 avril 2019'],
    ['1er janvier 2020', -1, '31 décembre 2019'],
    ['31 décembre 2019', 1, '1er janvier 2020'],
    ['28 février 2020', 1, '29 février 2020'],
    ['mars 2019', 30, 'avril 2019'],
    ['mars 2019', 10, 'mars 2019'],
    ['03/2019', 30, '04/2019'],
    ['March 12, 2019', 30, 'April 11, 2019'],
    ['6th March 2023', 16, '22nd March 2023'],
    ['11-Oct-2023', 30, '10-Nov-2023'],
    ['JANVIER 2020', 40, 'FÉVRIER 2020'],
    ['lundi 9 janvier 2023', 1, 'mardi 10 janvier 2023'],
  ])('moves %s by %i days in the same format', (date, days, expected) => {
    expect(deidentifyText(`Vu le ${date}.`, undefined, { dateShiftDays: days }).text).toBe(`Vu le ${expected}.`);
  });

  it('moves every date of a note by exactly the offset, and the same way in two calls', () => {
    const text = 'Diagnostic le 02/09/2022, RCP le 11 octobre 2022, C1 le 2022-10-24, née le 14/06/1951.';
    const once = deidentifyText(text, { birthDate: '1951-06-14' }, { dateShiftDays: -45 });
    expect(once.text).toBe('Diagnostic le 19/07/2022, RCP le 27 août 2022, C1 le 2022-09-09, née le 30/04/1951.');
    expect(deidentifyText(text, { birthDate: '1951-06-14' }, { dateShiftDays: -45 }).text).toBe(once.text);
    expect(once.spans.map((s) => s.type)).toEqual(['DATE', 'DATE', 'DATE', 'BIRTH_DATE']);
  });

  it('reads all-numeric dates month first when the note does (07/22/1949)', () => {
    const text = 'DOB: 07/22/1949. Admission date: 02/11/2023.';
    expect(deidentifyText(text, undefined, { dateShiftDays: 10 }).text).toBe('DOB: 08/01/1949. Admission date: 02/21/2023.');
    expect(deidentifyText('Admission 02/11/2023.', undefined, { dateShiftDays: 10, numericDateOrder: 'month-day' }).text).toBe('Admission 02/21/2023.');
  });

  it('writes a date without its year in the year of the note', () => {
    expect(deidentifyText('Vu le 20/12/2022 puis le 30/12.', undefined, { dateShiftDays: 5 }).text).toBe('Vu le 25/12/2022 puis le 04/01.');
  });

  it('shifts dates with surrogates too', () => {
    const text = 'Dr Martin, le 12/03/2019.';
    expect(deidentifyText(text, undefined, { replacement: 'surrogate', pseudonymizer: KEY_A, dateShiftDays: 1 }).text).toMatch(/^Dr \p{L}+, le 13\/03\/2019\.$/u);
    expect(deidentifyText(text, undefined, { replacement: 'surrogate', pseudonymizer: KEY_A }).text).toMatch(/, le \[DATE\]\.$/u);
  });
});

describe('surrogates', () => {
  const note = [
    'Mme Geneviève ROUSSEL, née PERRIN, vue par le Dr J. Martin.',
    'NIR : 2 51 06 38 185 012 27 - IPP : 80231457',
    'Tél. 04 74 53 21 90 - geneviève.roussel@orange.fr',
    'Adresse : 7 allée des Marronniers, 38200 VIENNE',
    'Centre Léon Bérard - www.centre-leon-berard.fr',
  ].join('\n');
  const patient = { names: ['Geneviève', 'Roussel', 'Perrin'], cities: ['Vienne'] };
  const surrogate = (text: string, key = KEY_A): string => deidentifyText(text, patient, { replacement: 'surrogate', pseudonymizer: key }).text;

  it('are the same for the same value and key, in any note', () => {
    expect(surrogate(note)).toBe(surrogate(note));
    const roussel = /Mme (\p{L}+) (\p{Lu}+),/u.exec(surrogate(note));
    const alone = /^Vue : Mme (\p{Lu}+)\.$/u.exec(surrogate('Vue : Mme ROUSSEL.'));
    expect(alone?.[1]).toBe(roussel?.[2]);
  });

  it('differ under another key', () => {
    expect(surrogate(note, KEY_B)).not.toBe(surrogate(note));
  });

  it('never repeat the original, and keep the shape', () => {
    const out = surrogate(note);
    for (const original of ['ROUSSEL', 'Geneviève', 'PERRIN', 'Martin', '2 51 06 38 185 012 27', '80231457', '04 74 53 21 90', 'Marronniers', 'VIENNE', 'Bérard']) {
      expect(out).not.toContain(original);
    }
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^Mme \p{Lu}\p{Ll}+ \p{Lu}+, née \p{Lu}+, vue par le Dr \p{Lu}\. \p{Lu}\p{Ll}+\.$/u);
    const nir = /NIR : (\d \d\d \d\d \d\d \d{3} \d{3} \d\d) - IPP : (\d{8})$/.exec(lines[1]!);
    expect(nir).not.toBeNull();
    expect(isValidNir(nir![1]!)).toBe(true);
    expect(lines[2]).toMatch(/^Tél\. 04 \d\d \d\d \d\d \d\d - [a-z-]+\.[a-z-]+@[a-z.]+$/);
    expect(lines[3]).toMatch(/^Adresse : \d+ allée [\p{L}' ]+, 38\d{3} \p{Lu}[\p{Lu}' -]+$/u);
    expect(lines[4]).toMatch(/^Centre hospitalier de [\p{L}' -]+ - www\.hopital-[a-z-]+\.fr$/u);
  });

  it('give different values different surrogates', () => {
    const phones = new Set(['04 74 53 21 90', '04 74 53 21 91', '06 12 34 56 78', '07 81 22 34 56'].map((p) => surrogate(`Tél. ${p}`)));
    expect(phones.size).toBe(4);
  });

  it('need a pseudonymizer', () => {
    try {
      deidentifyText('Dr Martin', undefined, { replacement: 'surrogate' });
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e) && e.code === 'invalid_argument').toBe(true);
    }
  });
});

describe('options', () => {
  it('refuse a date shift that is not a whole number of days, without quoting the text', () => {
    try {
      deidentifyText('Mme Dupont le 12/03/2019', undefined, { dateShiftDays: 1.5 });
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e) && e.code === 'invalid_argument' && !e.message.includes('Dupont')).toBe(true);
    }
  });
});

describe('any text', () => {
  it('gives sorted, non-overlapping spans inside the text, and an output made of the text between them', () => {
    const alphabet = fc.constantFrom(...'abcdeéDMRL0123456789 /.-,:\n@'.split(''), 'Dr ', 'Mme ', 'rue ', 'mars ', 'IPP ', 'Martin ', '06 ', '2019', '+33 ', 'CHU de ');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }).map((parts) => parts.join('')), (text) => {
        const { text: out, spans } = deidentifyText(text, { names: ['Martin'] });
        let at = 0;
        let rebuilt = '';
        for (const s of spans) {
          expect(s.start).toBeGreaterThanOrEqual(at);
          expect(s.end).toBeGreaterThan(s.start);
          expect(s.end).toBeLessThanOrEqual(text.length);
          rebuilt += `${text.slice(at, s.start)}[${s.type}]`;
          at = s.end;
        }
        expect(out).toBe(rebuilt + text.slice(at));
      }),
      { numRuns: 300 },
    );
  });
});
