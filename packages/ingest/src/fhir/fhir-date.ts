import { daysFromCivil, daysInMonth } from '@parcours/core';

/**
 * The time part after a full date (dateTime, instant): hh:mm:ss[.fff] and a zone, Z or ±hh:mm. FHIR requires the
 * zone once a time is given; exports that leave it out are common, so a missing zone is accepted (only the day is kept).
 */
const TIME_PART = /^T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))?$/;

const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
};

/**
 * A FHIR date, dateTime or instant as a day number (days since 1970-01-01), or undefined when it is not one. The
 * calendar day is the one written, whatever the zone (a date is not an instant: "2020-03-01T00:30:00+01:00" is
 * 1 March, as recorded). Partial dates take the first day of their month or year ('2013' → 2013-01-01), as OMOP
 * needs a full date. Hand-parsed: this runs for every date of every resource.
 * @example fhirDayNumber('1970-01-02') // 1; fhirDayNumber('2020-02-30') // undefined
 */
export function fhirDayNumber(value: string): number | undefined {
  const n = value.length;
  if (n < 4) return undefined;
  const y0 = digit(value, 0);
  const y1 = digit(value, 1);
  const y2 = digit(value, 2);
  const y3 = digit(value, 3);
  if (y0 < 0 || y1 < 0 || y2 < 0 || y3 < 0) return undefined;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  if (year === 0) return undefined;
  if (n === 4) return daysFromCivil(year, 1, 1);
  if (n < 7 || value.charCodeAt(4) !== 45) return undefined;
  const m0 = digit(value, 5);
  const m1 = digit(value, 6);
  if (m0 < 0 || m1 < 0) return undefined;
  const month = m0 * 10 + m1;
  if (month < 1 || month > 12) return undefined;
  if (n === 7) return daysFromCivil(year, month, 1);
  if (n < 10 || value.charCodeAt(7) !== 45) return undefined;
  const d0 = digit(value, 8);
  const d1 = digit(value, 9);
  if (d0 < 0 || d1 < 0) return undefined;
  const day = d0 * 10 + d1;
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  if (n > 10 && !TIME_PART.test(value.slice(10))) return undefined;
  return daysFromCivil(year, month, day);
}
