import { dayNumberToIsoDate, isoDateToDayNumber } from '@parcours/core';

/**
 * Date arithmetic on ISO 'YYYY-MM-DD' strings. The model itself works on day numbers (days since 1970-01-01) and
 * converts once when it builds the record; these helpers are for callers and tests.
 * @example addDays('2024-02-28', 2) // '2024-03-01'
 */
export function addDays(iso: string, days: number): string {
  return dayNumberToIsoDate(isoDateToDayNumber(iso) + Math.round(days));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). @example daysBetween('2024-01-01', '2024-03-01') // 60 */
export function daysBetween(from: string, to: string): number {
  return isoDateToDayNumber(to) - isoDateToDayNumber(from);
}

/** Calendar year of an ISO date. @example yearOf('2019-06-30') // 2019 */
export function yearOf(iso: string): number {
  return Number(iso.slice(0, 4));
}

/** Age in completed years on a date. @example ageOn('1950-06-15', '2020-06-14') // 69 */
export function ageOn(birthDate: string, date: string): number {
  const by = Number(birthDate.slice(0, 4));
  const y = Number(date.slice(0, 4));
  const beforeBirthday = date.slice(5) < birthDate.slice(5);
  return y - by - (beforeBirthday ? 1 : 0);
}
