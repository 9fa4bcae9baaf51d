import { AppError } from '@parcours/core';

/**
 * The French département of a postcode: the first two digits, with Corsica split into 2A (20000–20190) and 2B
 * (20200–20620), and three digits for the overseas départements and collectivités (971–989). Undefined when the
 * value is not a French postcode.
 * @example departmentOfPostcode('69008') // '69'; departmentOfPostcode('20090') // '2A'; departmentOfPostcode('97400') // '974'
 */
export function departmentOfPostcode(postcode: string): string | undefined {
  const p = postcode.replace(/\s/g, '');
  if (!/^\d{5}$/.test(p)) return undefined;
  if (p.startsWith('20')) return Number(p) < 20200 ? '2A' : '2B';
  if (p.startsWith('97') || p.startsWith('98')) return p.slice(0, 3);
  if (p === '00000') return undefined;
  return p.slice(0, 2);
}

/** How much of a birth date the warehouse keeps. */
export type BirthDatePrecision = 'year' | 'year-month' | 'day';

export interface GeneralizedBirthDate {
  readonly year: number;
  readonly month: number | null;
  readonly day: number | null;
}

/**
 * A birth date cut to the precision kept (OMOP's year/month/day_of_birth columns).
 * @example generalizeBirthDate('1958-03-12', 'year') // { year: 1958, month: null, day: null }
 */
export function generalizeBirthDate(isoDate: string, precision: BirthDatePrecision): GeneralizedBirthDate {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(isoDate);
  if (m === null) throw new AppError('invalid_input', 'a birth date must be YYYY, YYYY-MM or YYYY-MM-DD', { details: { field: 'birthDate' } });
  const year = Number(m[1]);
  const month = m[2] === undefined ? null : Number(m[2]);
  const day = m[3] === undefined ? null : Number(m[3]);
  return {
    year,
    month: precision === 'year' ? null : month,
    day: precision === 'day' ? day : null,
  };
}
